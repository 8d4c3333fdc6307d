"""Qt-free metadata and TRE editing: a document model built from a dataset reader, validated
edits as undoable commands, JSON export/import, the security form, and pass-through save."""

from .address import FILE, format_address, parse_address
from .commands import (AddTRE, Command, CommandStack, DeleteTRE, DuplicateTRE, Macro,
                       ReplaceFields, SetValue)
from .document import TEXT_FIELD, MetadataDocument, Segment
from .groups import AddComment, DeleteComment
from .rules import FieldMeta
from .save import save_document
from .security import SecurityForm
from .tree import Node, build_tree, tree_text
from .validate import InvalidEditsError, Problem, check_edit, document_problems

__all__ = [
    "FILE", "TEXT_FIELD", "format_address", "parse_address", "Command", "CommandStack", "SetValue",
    "AddTRE", "DeleteTRE", "AddComment", "DeleteComment", "DuplicateTRE", "Macro", "ReplaceFields", "MetadataDocument",
    "Segment", "FieldMeta", "save_document", "SecurityForm", "Node", "build_tree", "tree_text",
    "InvalidEditsError", "Problem", "check_edit", "document_problems",
]
