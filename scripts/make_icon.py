"""Draw the application icon (resources/icons/workbench.png) with numpy and our own PNG writer."""

from pathlib import Path

import numpy as np

from workbench.io import imsave

N = 256
y, x = np.mgrid[0:N, 0:N].astype(np.float32)
rgba = np.zeros((4, N, N), np.uint8)
inside = (np.maximum(np.abs(x - 127.5) - 100, 0) ** 2 + np.maximum(np.abs(y - 127.5) - 100, 0) ** 2
          ) < 24 ** 2
shade = 60 + 50 * np.sin(x / 23.0) * np.cos(y / 31.0) + 40 * (y / N)
rgba[0][inside] = (shade * 0.35)[inside].astype(np.uint8)
rgba[1][inside] = (shade * 0.75)[inside].astype(np.uint8)
rgba[2][inside] = np.clip(shade * 1.4, 0, 255)[inside].astype(np.uint8)
rgba[3][inside] = 255
grid = inside & (((x.astype(int) - 12) % 58 < 3) | ((y.astype(int) - 12) % 58 < 3))
rgba[:3, grid] = 200
chip = ((np.abs(x - 150) < 52) & (np.abs(y - 140) < 40)) & ~((np.abs(x - 150) < 46) &
                                                            (np.abs(y - 140) < 34))
rgba[0][chip], rgba[1][chip], rgba[2][chip] = 255, 196, 0
out = Path(__file__).resolve().parents[1] / "resources" / "icons" / "workbench.png"
imsave(out, rgba)
print(out)
