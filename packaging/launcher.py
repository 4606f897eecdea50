"""Entry script of the frozen gradplot bundle (the same ``main`` as ``python -m gradplot``)."""

from __future__ import annotations

import multiprocessing
import sys

from gradplot.cli import main

if __name__ == "__main__":
    # A bounded evaluation may run in a child process; in a frozen app the child re-enters
    # this script and must be routed to multiprocessing instead of the GUI.
    multiprocessing.freeze_support()
    sys.exit(main())
