"""Small Qt signal helpers shared by the panels."""

from __future__ import annotations


def disconnect_quietly(pairs) -> None:
    """Disconnect each (signal, slot); a pair that is not connected any more (its object gone,
    or never connected) is skipped."""
    for signal, slot in pairs:
        try:
            signal.disconnect(slot)
        except (RuntimeError, TypeError):
            pass
