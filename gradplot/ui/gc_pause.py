"""Loading what lives as long as the app without the garbage collector walking it.

Importing Qt, pyqtgraph or torch makes hundreds of thousands of Python objects that
live as long as the process. Every full collection on the way walks all of them, and
every later one would again, with the GIL held (a stall of the window).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """No collection inside; afterwards all that is alive is frozen (``gc.freeze()``).

    Frozen objects are never walked again; whatever is made later is collected as
    usual. The collector is switched back on only if it was on before.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def collect_on_gui_thread(interval: float = 1.0) -> object:
    """Automatic collection off; pyqtgraph's collector runs it from a GUI-thread timer.

    A collection runs on whichever thread allocates when a threshold trips: on the
    worker thread, or inside a Qt call that holds the signal-slot lock, where freeing a
    widget kept only by a cycle deadlocks or crashes. Keep the returned object alive
    for as long as the event loop runs.
    """
    from pyqtgraph.util.garbage_collector import GarbageCollector

    return GarbageCollector(interval=interval)
