"""Imagery Workbench: a desktop workbench and the Qt-free IO library ``workbench.io``."""

__version__ = "0.1.0"
