"""``.gradplot`` files on disk: what is read, and how it is written without loss.

Only regular files are read (a folder, named pipe or device is refused before it is
opened, so nothing waits on it), and never more than
:data:`~gradplot.io.schema.MAX_FILE_BYTES`.

Writes are atomic (:func:`atomic_write_bytes`): a temporary file in the target's
directory, flushed and fsynced, then ``os.replace``. Through a symbolic link, the link's
target is replaced (atomically, in its own directory) and the link is kept.
:func:`save_file` refuses to replace a read-only file, and a file it cannot read
(damaged, not ours, or from a newer gradplot) unless told to, so a file that was refused
on opening is never overwritten by accident.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from gradplot.io.errors import SessionFileError
from gradplot.io.schema import MAX_FILE_BYTES, Content, dumps, loads
from gradplot.model.session import GradplotFile

__all__ = [
    "NotARegularFile",
    "atomic_write_bytes",
    "is_read_only",
    "load_file",
    "read_file",
    "read_regular_file",
    "save_file",
    "write_target",
]


def _display(path: Path) -> str:
    return f"\u201c{path.name}\u201d"


def _with_path(exc: SessionFileError, path: Path) -> SessionFileError:
    return SessionFileError(f"{_display(path)}: {exc.message}", reason=exc.reason, path=path)


def _kind_of_file(mode: int) -> str | None:
    """What a non-regular file is, in words (``None`` for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_a_file(path: Path, kind: str) -> SessionFileError:
    return SessionFileError(
        f"{_display(path)} is {kind}, not a file, so it cannot be a gradplot file.",
        reason="not_file",
        path=path,
    )


_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
)


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of the regular file ``path``; raises ``OSError``.

    The type is checked before opening (a named pipe with no writer would block
    ``open``), opened non-blocking in case it was swapped meanwhile, and checked again
    on the open descriptor. A file that is not regular raises :class:`NotARegularFile`.
    """
    kind = _kind_of_file(os.stat(path).st_mode)
    if kind is not None:
        raise NotARegularFile(kind)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        kind = _kind_of_file(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotARegularFile(kind)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class NotARegularFile(OSError):
    """:func:`read_regular_file` was given a folder, pipe, device or socket."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def read_file(path: Path) -> bytes:
    """The bytes of ``path`` to read as ``.gradplot`` (at most MAX_FILE_BYTES + 1), or
    :class:`SessionFileError` (``not_file``, ``io``) saying why it cannot be read."""
    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except NotARegularFile as exc:
        raise _not_a_file(path, exc.kind) from None
    except FileNotFoundError:
        raise SessionFileError(
            f"{_display(path)} does not exist (was it moved or deleted?).", reason="io", path=path
        ) from None
    except OSError as exc:
        raise SessionFileError(
            f"{_display(path)} could not be read: {exc.strerror or exc}.", reason="io", path=path
        ) from None
    return data


def load_file(path: str | os.PathLike[str]) -> GradplotFile:
    """Read a ``.gradplot`` file. Never writes; raises :class:`SessionFileError`."""
    p = Path(path)
    data = read_file(p)
    try:
        return loads(data)
    except SessionFileError as exc:
        raise _with_path(exc, p) from None


# ------------------------------------------------------------------------- writing


def _fsync_dir(directory: Path) -> None:
    if sys.platform == "win32":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once.

    The bytes go to a temporary file in the same directory, which is flushed and
    fsynced and then renamed over ``path`` with :func:`os.replace`. If anything fails
    the old file is untouched and the temporary file is removed. A symbolic link is
    followed: its target is replaced, in the target's directory, and the link stays.
    Raises ``OSError``.
    """
    p = write_target(path)
    directory = p.parent
    try:
        mode = os.stat(p).st_mode & 0o777
    except OSError:
        mode = 0o644
    else:
        if is_read_only(p):
            raise PermissionError(errno.EACCES, "the file is read-only", os.fspath(p))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, mode)
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(directory)


def write_target(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` really replaces: symbolic links followed, absolute."""
    return Path(os.path.realpath(os.fspath(path)))


def is_read_only(path: str | os.PathLike[str]) -> bool:
    """Whether the existing file ``path`` (its link target) is marked read-only.

    The mode bits decide, not :func:`os.access`: an administrator may write anything,
    but the user's "read-only" is still meant.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return True
    return not os.access(path, os.W_OK)


def save_file(path: str | os.PathLike[str], content: Content, *, force: bool = False) -> None:
    """Save a session, deck or file atomically as ``.gradplot`` JSON.

    Unless ``force`` is set, an existing file at ``path`` that is not a readable
    gradplot file of this schema (damaged, someone else's format, or from a newer
    gradplot) is left alone and :class:`SessionFileError` (``refuse_overwrite``) is
    raised, so a file that failed to open is never replaced by accident. A read-only
    file is never replaced, forced or not (``read_only``). Through a symbolic link,
    the link's target is written and the link kept.
    """
    p = Path(path)
    try:
        data = dumps(content).encode("utf-8")
    except UnicodeEncodeError as exc:  # only reachable by bypassing validation
        raise SessionFileError(
            f"{_display(p)} was not saved: the work holds text that is not valid Unicode "
            f"({exc.reason}). The previous version of the file, if any, is unchanged.",
            reason="invalid",
            path=p,
        ) from None
    if p.exists() and is_read_only(p):
        raise SessionFileError(
            f"{_display(p)} was not saved: the file is read-only, so gradplot leaves it as "
            "it is. Save under another name (Save As), or make the file writable first.",
            reason="read_only",
            path=p,
        )
    if not force and p.exists():
        try:
            load_file(p)
        except SessionFileError as exc:
            raise SessionFileError(
                f"{_display(p)} was not overwritten: it already exists and cannot be read "
                f"by this version of gradplot ({exc.message.split(': ', 1)[-1]}) "
                "Choose another name to save your work.",
                reason="refuse_overwrite",
                path=p,
            ) from None
    try:
        atomic_write_bytes(p, data)
    except OSError as exc:
        raise SessionFileError(
            f"{_display(p)} could not be saved: {exc.strerror or exc}. "
            "The previous version of the file, if any, is unchanged.",
            reason="io",
            path=p,
        ) from None
