"""What goes wrong at gradplot's edges, and how it is told.

:class:`SessionFileError` is a ``.gradplot`` file (or data meant for one) that cannot be
read or written. Each message is a sentence for the user, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

__all__ = ["ErrorReason", "SessionFileError"]

ErrorReason = Literal[
    "invalid", "damaged", "newer", "not_gradplot", "too_large", "io", "not_file",
    "refuse_overwrite", "read_only",
]


class SessionFileError(Exception):
    """A ``.gradplot`` file (or data meant for one) that cannot be read or written.

    ``str(error)`` is a complete sentence for the user. ``reason`` says what kind of
    problem it is: ``invalid`` (well-formed JSON with a bad value), ``damaged`` (not
    readable JSON/UTF-8), ``newer`` (written by a newer gradplot), ``not_gradplot``,
    ``too_large``, ``io`` (the operating system refused), ``not_file`` (a folder, named
    pipe or device), ``refuse_overwrite`` (an existing file this version cannot read) or
    ``read_only`` (the file is read-only).
    """

    def __init__(
        self, message: str, *, reason: ErrorReason = "invalid", path: Path | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.reason: ErrorReason = reason
        self.path = path
