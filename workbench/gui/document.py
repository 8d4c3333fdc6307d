"""``Document``: one opened dataset shown in a tab (paths, lazily opened reader, the image shown,
its display settings and its viewer)."""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Signal

from workbench.jobs.display.bands import default_bands, lut_of
from workbench.jobs.display.opening import default_image, open_dataset, pyramid_for
from workbench.jobs.display.pyramid import crop_tile
from workbench.jobs.display.render import DisplaySettings
from workbench.jobs.display.statistics import params_for
from workbench.jobs.display.stretch import Stretch

from .viewer import ImageViewer


class Document(QObject):
    """Opening is lazy: nothing is read until the document is first shown (headers only then;
    pixels on demand)."""

    changed = Signal()          # reader reopened, image or display settings changed
    statsReady = Signal(object)  # the sample used for the stretch (bands, N)
    failed = Signal(str)         # a background step failed (message for the log)

    def __init__(self, paths: list[str], cache_mb: int = 512, stretch: Stretch | None = None,
                 parent=None):
        super().__init__(parent)
        self.paths = [os.fspath(p) for p in paths]
        self._reader = None
        self.asset_key: str | None = None
        self.pyramid = None
        self.settings: DisplaySettings | None = None
        self.sample = None
        self.error: str | None = None
        self._cache_mb = cache_mb
        self._default_stretch = stretch or Stretch()
        self._generation = 0
        self._listening = False
        self.viewer = ImageViewer(cache_mb=max(32, cache_mb // 2))

    @property
    def title(self) -> str:
        name = os.path.basename(self.paths[0])
        return name + (f" (+{len(self.paths) - 1} R-set)" if len(self.paths) > 1 else "")

    @property
    def reader(self):
        if self._reader is None:
            self._reader = open_dataset(self.paths if len(self.paths) > 1 else self.paths[0])
        return self._reader

    @property
    def is_open(self) -> bool:
        return self._reader is not None

    def show_image(self, key: str | None = None) -> None:
        """Show ``key`` (default: the first data image) with default bands and stretch."""
        reader = self.reader
        self.asset_key = key or self.asset_key or default_image(reader)
        self.pyramid = pyramid_for(reader, self.asset_key,
                                   cache_bytes=max(32, self._cache_mb // 2) << 20)
        asset = self.pyramid.asset
        self.settings = DisplaySettings(default_bands(asset), self._default_stretch)
        if self.viewer.synchronous:
            self._apply(self.settings, first=True)
            return
        # statistics may decode several blocks: a worker computes them, the view follows
        self._generation += 1
        self.viewer.pyramid, self.viewer.params = None, None
        loader = self.viewer.loader
        if not self._listening:
            loader.finished.connect(self._stats_done)
            self._listening = True
        loader.submit(("stats", id(self.pyramid), self._generation), params_for, self.pyramid,
                      self.settings, lut_of(asset), self._generation)

    def _stats_done(self, token, result, error) -> None:
        if not (isinstance(token, tuple) and token[0] == "stats") or self.pyramid is None \
                or token[1:] != (id(self.pyramid), self._generation):
            return
        if error or result is None:
            self.error = f"cannot compute display statistics: {error or 'cancelled'}"
            self.failed.emit(self.error)
            return
        params, self.sample = result
        self.viewer.set_image(self.pyramid, params)
        self.statsReady.emit(self.sample)
        self.changed.emit()

    def set_display(self, settings: DisplaySettings, view_tiles=None) -> None:
        """New bands/stretch; statistics from the sample (or from ``view_tiles``)."""
        self._apply(settings, tiles=view_tiles)

    def stretch_to_view(self) -> None:
        """Recompute the statistics from what the view shows now."""
        pyr, viewer = self.pyramid, self.viewer
        vis = viewer.visible_image_rect()
        tiles = []
        for k, r, c in viewer.needed_tiles():
            s = float(1 << k)
            x, y, _, _ = pyr.tile_bounds(k, r, c)
            window = (int(vis.left() / s) - x, int(vis.top() / s) - y,
                      int(vis.right() / s) + 1 - x, int(vis.bottom() / s) + 1 - y)
            tiles.append(crop_tile(pyr.tile(k, r, c, self.settings.bands), *window))
        self._apply(self.settings, tiles=[t for t in tiles if t is not None])

    def _apply(self, settings, first=False, tiles=None) -> None:
        self.settings = settings
        self._generation += 1
        params, sample = params_for(self.pyramid, settings, lut_of(self.pyramid.asset),
                                    self._generation, tiles)
        self.sample = sample
        if first:
            self.viewer.set_image(self.pyramid, params)
        else:
            self.viewer.set_params(params)
        self.statsReady.emit(sample)
        self.changed.emit()

    @property
    def params(self):
        return self.viewer.params

    def reload(self) -> None:
        """Reopen after the file changed on disk, keeping the image shown when it still exists."""
        key, settings = self.asset_key, self.settings
        self.close_reader()
        reader = self.reader
        self.asset_key = key if key in reader.get_asset_keys() else None
        self.show_image(self.asset_key)
        if settings is not None and all(b < self.pyramid.num_bands for b in settings.bands):
            self._apply(settings)

    def close_reader(self) -> None:
        self.viewer.loader.set_wanted(())
        self.viewer.loader.wait(10000)
        self.viewer.pyramid = None
        self.pyramid = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def close(self) -> None:
        self.close_reader()
