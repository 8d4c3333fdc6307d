"""The Qt edge of the edit commands: each Qt-free command in a QUndoCommand."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class EditCommand(QUndoCommand):
    """Runs a :class:`workbench.jobs.metadata.Command` on the panel's document. The first
    ``redo`` (called by ``QUndoStack.push``) raises nothing: the panel runs ``do`` once before
    pushing so that refused edits never reach the stack."""

    def __init__(self, panel, command, already_done: bool = True):
        super().__init__(command.text)
        self.panel = panel
        self.command = command
        self._skip = already_done

    def redo(self) -> None:
        if self._skip:
            self._skip = False
        else:
            self.command.do(self.panel.doc)
        self.panel.refresh()

    def undo(self) -> None:
        self.command.undo(self.panel.doc)
        self.panel.refresh()
