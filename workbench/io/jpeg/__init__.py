"""Baseline JPEG files: 8-bit gray and RGB."""
