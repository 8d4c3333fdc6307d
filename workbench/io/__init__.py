"""``workbench.io``: the embedded, Qt-free imagery IO library.

Its API is the one of ``../shared/spec`` (``aws.osml.io`` there): a script written against the
spec runs after changing only its import line.
"""

from .core.assets import Asset, DataAsset, GraphicsAsset, ImageAsset, TextAsset
from .core.convenience import ImageInfo, Tile, iminfo, imread, imsave, tiles
from .core.dataset import DatasetReader, DatasetWriter
from .core.enums import AssetType, PixelType
from .core.errors import (
    AssetNotFoundError,
    BlockIndexError,
    CancelledError,
    FormatError,
    MetadataError,
    ProviderError,
    ProviderTypeError,
    UnsupportedError,
    WorkbenchIOError,
    WriteConflictError,
)
from .core.io import IO
from .core.metadata import BufferedMetadataProvider, MetadataProvider
from .core.providers import (
    BufferedDataAssetProvider,
    BufferedGraphicsAssetProvider,
    BufferedImageAssetProvider,
    BufferedTextAssetProvider,
)

open = IO.open  # noqa: A001 - the spec's module-level alias

# Names of the spec's reader-side provider types.
ImageAssetProvider = ImageAsset
TextAssetProvider = TextAsset
DataAssetProvider = DataAsset
GraphicsAssetProvider = GraphicsAsset
AssetProvider = Asset

__all__ = [
    "IO", "open", "imread", "imsave", "iminfo", "tiles", "ImageInfo", "Tile",
    "DatasetReader", "DatasetWriter", "AssetType", "PixelType",
    "BufferedMetadataProvider", "MetadataProvider", "BufferedImageAssetProvider",
    "BufferedTextAssetProvider", "BufferedDataAssetProvider", "BufferedGraphicsAssetProvider",
    "Asset", "ImageAsset", "TextAsset", "DataAsset", "GraphicsAsset", "AssetProvider",
    "ImageAssetProvider", "TextAssetProvider", "DataAssetProvider", "GraphicsAssetProvider",
    "WorkbenchIOError", "FormatError", "MetadataError", "UnsupportedError", "BlockIndexError",
    "ProviderError", "ProviderTypeError", "WriteConflictError", "CancelledError",
    "AssetNotFoundError",
]
