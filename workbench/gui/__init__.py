"""Qt widgets of the workbench."""
