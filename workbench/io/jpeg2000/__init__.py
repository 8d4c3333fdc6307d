"""JPEG 2000: codestream tools (markers, per-tile extraction, splicing) and the .j2k/.jp2 format."""
