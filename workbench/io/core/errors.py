"""The library's exception hierarchy.

Every error the library raises derives from :class:`WorkbenchIOError` *and* from the builtin type
the specification names for that situation, so callers can catch either ``ValueError`` /
``TypeError`` / ``RuntimeError`` (as the spec's examples do) or our own classes.
"""


class WorkbenchIOError(Exception):
    """Base class of every error raised by ``workbench.io``."""


class FormatError(WorkbenchIOError, ValueError):
    """A file's bytes do not follow its format: names the field or byte offset at fault."""


class MetadataError(WorkbenchIOError, ValueError):
    """A metadata value cannot be written: names the field and the rule it breaks."""


class UnsupportedError(WorkbenchIOError, ValueError):
    """A valid request that this format or codec cannot fulfil."""


class BlockIndexError(WorkbenchIOError, IndexError, ValueError):
    """A block row/column/resolution level outside the image's block grid."""


class ProviderError(WorkbenchIOError, RuntimeError):
    """A user-supplied provider raised while the library pulled data from it."""


class ProviderTypeError(WorkbenchIOError, TypeError):
    """An object passed as a provider lacks an attribute the interface requires."""


class WriteConflictError(WorkbenchIOError, ValueError):
    """The output path is being read by an open reader, or is the input itself."""


class CancelledError(WorkbenchIOError, RuntimeError):
    """A write was cancelled through its cancel flag; no output was left behind."""


class AssetNotFoundError(WorkbenchIOError, KeyError, ValueError):
    """No asset with that key in the dataset."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""
