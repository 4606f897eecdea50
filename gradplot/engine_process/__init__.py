"""The engine in its own process: the window never shares a fate with torch.

The GUI process imports neither torch nor Qt from here. :class:`EngineLink` (in
:mod:`.client`) spawns a fresh interpreter that runs :mod:`.server`, which imports
torch and answers frozen :class:`~gradplot.engine.Request` objects with
:class:`~gradplot.engine.Result` objects. A crash, a hang or a memory blow-up costs a
restart of that process, never the window.

:func:`shared_link` is the one link of the GUI process (the window's evaluator and the
reference curve's share it); :func:`start_early` spawns its engine before Qt loads, so
torch imports on the second core while the window is built. Importing this package
costs only the standard library (:mod:`.boot`): the link's own module, with numpy,
loads on first use.
"""

from __future__ import annotations

import atexit
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from gradplot.engine_process import boot
from gradplot.engine_process.boot import DEFAULT_MEMORY_LIMIT_MB

if TYPE_CHECKING:
    from gradplot.engine_process.client import GRACE_SECONDS, EngineLink

__all__ = [
    "DEFAULT_MEMORY_LIMIT_MB",
    "GRACE_SECONDS",
    "EngineLink",
    "shared_link",
    "start_early",
    "stop_shared",
]

_shared: list[EngineLink] = []
_early: list[tuple[BaseProcess, Connection, Any]] = []  # spawned before the link existed
_shared_lock = threading.Lock()


def __getattr__(name: str) -> Any:
    if name in ("EngineLink", "GRACE_SECONDS"):
        from gradplot.engine_process import client

        return getattr(client, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def shared_link() -> EngineLink:
    """The GUI process's engine link, created on first use (not yet started)."""
    from gradplot.engine_process.client import EngineLink

    with _shared_lock:
        if not _shared:
            link = EngineLink()
            if _early:
                link.adopt(*_early.pop())
            _shared.append(link)
        return _shared[0]


def start_early() -> None:
    """Spawn the shared engine now (from the main thread, before numpy and Qt load)."""
    with _shared_lock:
        if _shared:
            link = _shared[0]
        elif _early:
            return
        else:
            ctx = boot.context()
            cancel = ctx.RawValue("q", 0)
            rlimit_as = not boot.watchdog_needed()  # what a new link's default expects
            spawned = boot.spawn(ctx, cancel, DEFAULT_MEMORY_LIMIT_MB, rlimit_as=rlimit_as)
            _early.append((*spawned, cancel))
            return
    link.start()


@atexit.register
def stop_shared() -> None:
    """Stop the shared engine; a later :func:`shared_link` user starts a new one."""
    with _shared_lock:
        links = list(_shared)
        early = list(_early)
        _early.clear()
    for link in links:
        link.stop()
    for process, conn, _cancel in early:  # spawned, and never used
        conn.close()
        process.kill()
        process.join(3.0)
