"""PNG: every colour type and bit depth read (palettes as RGB or RGBA), gray, gray+alpha, RGB
and RGBA at 8 or 16 bits written; decoded in parallel pieces for files this package wrote."""
