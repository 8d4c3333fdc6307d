"""Display pipeline, Qt-free: pyramid levels and tiles, statistics, stretch, band mapping and the
quicklook renderer. The viewer (``workbench.gui``) and ``workbench render`` both use it."""
