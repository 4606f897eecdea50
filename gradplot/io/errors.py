"""What goes wrong at gradplot's edges, and how it is told.

:class:`SessionFileError` is a ``.gradplot`` file (or data meant for one) that cannot be
read or written; :class:`UsageError` a mistake on the command line; :func:`format_error`
the text a failed evaluation prints on a terminal. Each message is a sentence for the
user, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from gradplot.engine.model import ErrorInfo

__all__ = ["ErrorReason", "SessionFileError", "UsageError", "format_error"]

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


class UsageError(Exception):
    """A command-line mistake: reported as ``error: usage: ...`` with exit status 1."""


def format_error(info: ErrorInfo) -> str:
    """The stderr text of a failed evaluation: first line ``error: KIND: TITLE``."""
    lines = [f"error: {info.kind}: {info.title}"]
    where = info.where()
    if where:
        lines.append(f"  at {where}")
    lines.append(info.explanation)
    if info.fix is not None:
        fix = info.fix.splitlines()
        lines.append(f"Try: {fix[0]}" if len(fix) == 1 else "Try:")
        if len(fix) > 1:
            lines.extend("    " + line for line in fix)
    if info.hint and info.hint != info.fix:
        lines.append("fix:")
        lines.extend("    " + line for line in info.hint.splitlines())
    if info.raw and info.raw != info.title:
        lines.append(f"message: {info.raw}")
    return "\n".join(lines) + "\n"
