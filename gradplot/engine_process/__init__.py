"""The engine in its own process: the window never shares a fate with torch.

The GUI process imports neither torch nor Qt from here. :class:`EngineLink` (in
:mod:`.client`) spawns a fresh interpreter that runs :mod:`.server`, which imports
torch and answers frozen :class:`~gradplot.engine.Request` objects with
:class:`~gradplot.engine.Result` objects. A crash, a hang or a memory blow-up costs a
restart of that process, never the window.

:func:`shared_link` is the one link of the GUI process (the window's evaluator and the
reference curve's share it); :func:`start_early` spawns it before Qt loads, so torch
imports on the second core while the window is built.
"""

from __future__ import annotations

import atexit
import threading

from gradplot.engine_process.client import (
    DEFAULT_MEMORY_LIMIT_MB,
    GRACE_SECONDS,
    EngineLink,
)

__all__ = [
    "DEFAULT_MEMORY_LIMIT_MB",
    "GRACE_SECONDS",
    "EngineLink",
    "shared_link",
    "start_early",
    "stop_shared",
]

_shared: list[EngineLink] = []
_shared_lock = threading.Lock()


def shared_link() -> EngineLink:
    """The GUI process's engine link, created on first use (not yet started)."""
    with _shared_lock:
        if not _shared:
            _shared.append(EngineLink())
        return _shared[0]


def start_early() -> EngineLink:
    """Spawn the shared engine now (from the main thread, before Qt loads)."""
    link = shared_link()
    link.start()
    return link


@atexit.register
def stop_shared() -> None:
    """Stop the shared engine; a later :func:`shared_link` user starts a new one."""
    with _shared_lock:
        links = list(_shared)
    for link in links:
        link.stop()
