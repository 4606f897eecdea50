"""What the engine process is started with (plain data; the standard library only)."""

from __future__ import annotations

import dataclasses
import sys

DEFAULT_MEMORY_LIMIT_MB = 2048


def watchdog_needed(platform: str = sys.platform) -> bool:
    """Whether the GUI must hold the engine's memory cap from outside (a watchdog).

    Linux enforces ``RLIMIT_AS`` on every allocation, so there the engine caps itself and
    a big allocation becomes a ``MemoryError`` it explains. Windows has no rlimits, and
    macOS does not reliably enforce ``RLIMIT_AS`` for mmap'd memory.
    """
    return not platform.startswith("linux")


@dataclasses.dataclass(frozen=True)
class Options:
    memory_limit_mb: int  # memory allowed above the engine's own; 0: no cap
    parent_pid: int
    die_with_parent_thread: bool  # PR_SET_PDEATHSIG is safe: spawned from the main thread
    rlimit_as: bool = True  # the engine caps its address space; False: the GUI watches it
