"""Spawning the engine process, with nothing but the standard library.

The GUI spawns the engine first thing at launch. Everything here is light, so that the
engine starts before the GUI imports numpy, the engine's model or Qt: torch then
imports on the other core while all of that loads. :func:`serve` is the spawned
process's target; it imports :mod:`.server` (and through it the engine) over there.
The :class:`~.options.Options` it is started with live in :mod:`.options`, which the
server imports too.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
import threading
import types
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any

from gradplot.engine_process.options import DEFAULT_MEMORY_LIMIT_MB, Options, watchdog_needed

__all__ = [
    "DEFAULT_MEMORY_LIMIT_MB", "Options", "context", "serve", "spawn", "watchdog_needed"
]


def context() -> SpawnContext:
    return multiprocessing.get_context("spawn")  # never fork a process holding Qt


def serve(conn: Connection, cancel_flag: Any, options: Options) -> None:
    """The engine process's target."""
    from gradplot.engine_process.server import serve as run

    run(conn, cancel_flag, options)


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Spawn without the program's ``__main__``: the engine needs nothing from it.

    multiprocessing would run the main script again in the child (as ``__mp_main__``);
    a script without an ``if __name__ == "__main__"`` guard would then start a window
    there, and any script would slow the engine's start.
    """
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def spawn(
    ctx: SpawnContext, cancel_flag: Any, memory_limit_mb: int, *, rlimit_as: bool = True
) -> tuple[BaseProcess, Connection]:
    """Start an engine process; returns it and the GUI's end of its pipe.

    ``rlimit_as``: the engine caps its own address space (off where the GUI's watchdog
    holds the cap instead, :func:`watchdog_needed`).
    """
    parent_conn, child_conn = ctx.Pipe(duplex=True)
    options = Options(
        memory_limit_mb=memory_limit_mb,
        parent_pid=multiprocessing.current_process().pid or 0,
        die_with_parent_thread=threading.current_thread() is threading.main_thread(),
        rlimit_as=rlimit_as,
    )
    process = ctx.Process(
        target=serve,
        args=(child_conn, cancel_flag, options),
        name="gradplot-engine",
        daemon=True,
    )
    with _main_module_hidden():
        process.start()
    child_conn.close()
    return process, parent_conn
