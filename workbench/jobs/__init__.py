"""Qt-free application logic: export, chips, conversion, presets, display math."""
