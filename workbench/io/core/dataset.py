"""Dataset readers and writers: the base classes every format builds on."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from .adapt import as_asset
from .assets import Asset
from .enums import AssetType
from .errors import AssetNotFoundError, CancelledError
from .metadata import BufferedMetadataProvider, MetadataProvider
from .sources import AtomicOutput, Source


class DatasetReader:
    """A dataset opened for reading: assets by key, dataset-level metadata."""

    def __init__(self, sources: list[Source], metadata: MetadataProvider | None = None):
        self._sources = sources
        self._assets: dict[str, Asset] = {}
        self._metadata = metadata if metadata is not None else MetadataProvider()
        self.closed = False

    # -- the API -------------------------------------------------------------------------------
    @property
    def metadata(self) -> MetadataProvider:
        return self._metadata

    @property
    def sources(self) -> list[Source]:
        return self._sources

    def _add(self, asset: Asset) -> None:
        self._assets[asset.key] = asset

    def get_asset_keys(self, asset_type: AssetType | None = None, roles=None) -> list[str]:
        keys = []
        for key, asset in self._assets.items():
            if asset_type is not None and asset.asset_type != asset_type:
                continue
            if roles and not set(roles) & set(asset.roles):
                continue
            keys.append(key)
        return keys

    def has_asset(self, key: str) -> bool:
        return key in self._assets

    def get_asset(self, key: str) -> Asset:
        try:
            return self._assets[key]
        except KeyError:
            raise AssetNotFoundError(
                f"no asset {key!r}; this dataset has: {', '.join(self._assets) or 'none'}"
            ) from None

    def assets(self) -> dict[str, Asset]:
        return dict(self._assets)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for src in self._sources:
            src.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        names = ", ".join(s.name for s in self._sources)
        return f"<{type(self).__name__} {names} assets={list(self._assets)}>"


ProgressCallback = Callable[[float, str], None]


class DatasetWriter:
    """A dataset being written. Assets are collected by ``add_asset`` and encoded on ``close``
    (blocks are pulled from providers lazily then); the output appears atomically only when
    everything succeeded.

    ``progress(fraction, message)`` is called while encoding; setting ``cancel_event`` (a
    ``threading.Event``) stops the write with :class:`CancelledError` and no output.
    """

    def __init__(self, targets: list, fmt, progress: ProgressCallback | None = None,
                 cancel_event: threading.Event | None = None):
        self._targets = targets
        self.format = fmt
        self._metadata = BufferedMetadataProvider()
        self._assets: list[WriteItem] = []
        self.progress = progress
        self.cancel_event = cancel_event or threading.Event()
        self.closed = False

    @property
    def metadata(self) -> BufferedMetadataProvider:
        return self._metadata

    @metadata.setter
    def metadata(self, value) -> None:
        self._metadata = BufferedMetadataProvider(source=value) if value is not None \
            else BufferedMetadataProvider()

    @property
    def items(self) -> list["WriteItem"]:
        return list(self._assets)

    def add_asset(self, key: str, provider, title: str = "", description: str = "",
                  roles=None) -> None:
        if self.closed:
            raise ValueError("the writer is closed")
        if any(item.key == key for item in self._assets):
            raise ValueError(f"Duplicate key: {key!r} was already added to this writer")
        asset = as_asset(provider)
        if roles:
            roles = list(roles)
        elif ":overview:" in key:
            roles = ["overview"]
        else:
            roles = ["data"]
        item = WriteItem(key, asset, roles, title or getattr(asset, "title", "") or "",
                         description or getattr(asset, "description", "") or "")
        self.validate_item(item)
        self._assets.append(item)

    def validate_item(self, item: "WriteItem") -> None:
        """Formats check what they can early (before ``close``); raise ValueError naming the
        field."""

    def cancel(self) -> None:
        self.cancel_event.set()

    def check_cancelled(self) -> None:
        if self.cancel_event.is_set():
            raise CancelledError("write cancelled")

    def report(self, fraction: float, message: str = "") -> None:
        self.check_cancelled()
        if self.progress is not None:
            self.progress(min(1.0, max(0.0, fraction)), message)

    def write(self, out: AtomicOutput) -> None:
        """Encode every asset into ``out.file`` (format-specific)."""
        raise NotImplementedError

    def close(self) -> None:
        """Encode and commit; on any error the temporary output is removed and re-raised."""
        if self.closed:
            return
        self.closed = True
        out = AtomicOutput(self._targets[0])
        try:
            self.write(out)
            self.check_cancelled()
            out.commit()
        except BaseException:
            out.abort()
            raise

    def abort(self) -> None:
        self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


@dataclass
class WriteItem:
    """One asset given to ``add_asset``: the asset and how it is to be labelled."""

    key: str
    asset: Asset
    roles: list[str]
    title: str
    description: str

    @property
    def is_overview(self) -> bool:
        return "overview" in self.roles
