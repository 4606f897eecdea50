"""Autosave and crash recovery: unsaved work survives a crash of gradplot.

:class:`AutosaveStore` keeps the unsaved state in the user data directory, with a
"running" marker per process that tells a crash (marker left behind) from a clean exit.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from gradplot.io.errors import SessionFileError
from gradplot.io.schema import Content, dumps, parse_json, read_document
from gradplot.io.storage import atomic_write_bytes, read_file
from gradplot.model.session import GradplotFile

__all__ = [
    "AutosaveStore",
    "Recovery",
    "discard_autosave",
    "pending_recovery",
    "write_autosave",
]


@dataclass(frozen=True)
class Recovery:
    """Unsaved work left behind by a gradplot that did not exit cleanly.

    ``content`` is ``None`` when the autosave could not be read (then ``error`` says
    why). ``origin`` is the file the work belonged to, if it had been saved before.
    """

    path: Path
    saved_at: datetime
    content: GradplotFile | None
    origin: Path | None = None
    error: str | None = None


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32" or pid <= 0:
        return False  # no cheap, safe check: treat as gone (a crash)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class AutosaveStore:
    """Autosave slot for this process in ``directory`` (default: the user data dir).

    Each process writes ``autosave-<pid>.gradplot`` and, next to it, a marker
    ``autosave-<pid>.running``. :meth:`discard_autosave` (call it on a clean exit, after
    the user saved or declined to save, and after a recovery was handled) removes both.
    A marker left behind by a process that is no longer running means a crash:
    :meth:`pending_recovery` then offers its autosave.
    """

    AUTOSAVE_PREFIX = "autosave-"

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        if directory is None:
            import platformdirs

            directory = Path(platformdirs.user_data_dir("gradplot", appauthor=False)) / "autosave"
        self.directory = Path(directory)
        self.pid = os.getpid()

    def _paths(self, pid: int) -> tuple[Path, Path]:
        stem = f"{self.AUTOSAVE_PREFIX}{pid}"
        return self.directory / f"{stem}.gradplot", self.directory / f"{stem}.running"

    @property
    def autosave_path(self) -> Path:
        return self._paths(self.pid)[0]

    @property
    def marker_path(self) -> Path:
        return self._paths(self.pid)[1]

    def write_autosave(
        self, content: Content, *, origin: str | os.PathLike[str] | None = None
    ) -> Path:
        """Atomically store the current unsaved state; returns the autosave path.

        Raises :class:`SessionFileError` (``io``) when the data directory is not writable,
        and (``invalid``) when the content cannot be written as UTF-8.
        """
        path, marker = self._paths(self.pid)
        record = {
            "saved_at": datetime.now(timezone.utc).isoformat(),
            "origin": None if origin is None else os.fspath(Path(origin).absolute()),
            "pid": self.pid,
        }
        try:
            data = dumps(content, autosave=record).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise SessionFileError(
                f"Autosave failed: the work holds text that is not valid Unicode ({exc.reason}).",
                reason="invalid",
                path=path,
            ) from None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if not marker.exists():
                marker_doc = {"pid": self.pid, "started": time.time()}
                atomic_write_bytes(marker, json.dumps(marker_doc).encode("utf-8"))
            atomic_write_bytes(path, data)
        except OSError as exc:
            raise SessionFileError(
                f"Autosave failed: {exc.strerror or exc} ({self.directory}).",
                reason="io",
                path=path,
            ) from None
        return path

    def _recoveries(self) -> list[Recovery]:
        found: list[Recovery] = []
        try:
            markers = list(self.directory.glob(f"{self.AUTOSAVE_PREFIX}*.running"))
        except OSError:
            return found
        for marker in markers:
            try:
                pid = int(marker.stem[len(self.AUTOSAVE_PREFIX) :])
            except ValueError:
                continue
            if _pid_alive(pid):
                continue  # this process, or another gradplot still running
            path = self._paths(pid)[0]
            try:
                saved_at = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
            except OSError:
                continue  # crashed before anything was autosaved
            content: GradplotFile | None = None
            error: str | None = None
            origin: Path | None = None
            try:
                obj = parse_json(read_file(path))
                content = read_document(obj)
                meta = obj.get("autosave") if isinstance(obj, dict) else None
                if isinstance(meta, dict) and isinstance(meta.get("origin"), str):
                    origin = Path(meta["origin"])
            except SessionFileError as exc:
                error = exc.message
            found.append(Recovery(path, saved_at, content, origin, error))
        found.sort(key=lambda rec: rec.saved_at, reverse=True)
        return found

    def pending_recovery(self) -> Recovery | None:
        """The newest autosave left by a gradplot that crashed, or ``None``."""
        found = self._recoveries()
        return found[0] if found else None

    def discard_autosave(self, recovery: Recovery | None = None) -> None:
        """Remove this process's autosave and marker (a clean exit), or ``recovery``'s."""
        if recovery is None:
            path, marker = self._paths(self.pid)
        else:
            path = recovery.path
            marker = path.with_suffix(".running")
        for p in (path, marker):  # the autosave first: a marker alone offers nothing
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def write_autosave(
    content: Content,
    *,
    directory: str | os.PathLike[str] | None = None,
    origin: str | os.PathLike[str] | None = None,
) -> Path:
    """:meth:`AutosaveStore.write_autosave` on the default (or given) directory."""
    return AutosaveStore(directory).write_autosave(content, origin=origin)


def pending_recovery(*, directory: str | os.PathLike[str] | None = None) -> Recovery | None:
    """:meth:`AutosaveStore.pending_recovery` on the default (or given) directory."""
    return AutosaveStore(directory).pending_recovery()


def discard_autosave(
    recovery: Recovery | None = None, *, directory: str | os.PathLike[str] | None = None
) -> None:
    """:meth:`AutosaveStore.discard_autosave` on the default (or given) directory."""
    AutosaveStore(directory).discard_autosave(recovery)
