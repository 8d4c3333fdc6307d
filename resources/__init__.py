"""Data shipped with the workbench: TRE definitions, presets, icons and the sample image."""
