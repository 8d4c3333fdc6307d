"""The tiled image viewer widget and its background tile loader."""

from .view import ImageViewer

__all__ = ["ImageViewer"]
