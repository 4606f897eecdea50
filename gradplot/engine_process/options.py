"""What the engine process is started with (plain data; the standard library only)."""

from __future__ import annotations

import dataclasses

DEFAULT_MEMORY_LIMIT_MB = 2048


@dataclasses.dataclass(frozen=True)
class Options:
    memory_limit_mb: int  # address space allowed above the engine's own; 0: no cap
    parent_pid: int
    die_with_parent_thread: bool  # PR_SET_PDEATHSIG is safe: spawned from the main thread
