"""PNG: gray, gray+alpha, RGB, RGBA at 8 or 16 bits."""
