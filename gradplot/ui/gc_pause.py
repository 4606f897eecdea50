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
