"""The engine's memory, read from the GUI side: the cap where ``RLIMIT_AS`` does not hold.

:class:`MemoryWatch` samples one engine process while it runs a request (the link's
wait loop calls :meth:`MemoryWatch.over`); past its size at start plus the user's
allowance, the link kills the engine and starts a new one, as it does for a hang.
:func:`~.options.watchdog_needed` says where it runs. psutil is imported only there.
"""

from __future__ import annotations

import contextlib
import sys

MB = 2**20


class MemoryWatch:
    """The memory held by the engine process ``pid``, against what it held when ready."""

    def __init__(self, pid: int, platform: str = sys.platform) -> None:
        import psutil  # only where the watchdog runs: the Linux GUI never loads it

        self._error = psutil.Error
        self._windows = platform == "win32"
        self._process: psutil.Process | None = None
        with contextlib.suppress(psutil.Error):  # gone already: its sentinel says how
            self._process = psutil.Process(pid)
        self.base_mb = self.used_mb() or 0.0
        self.last_mb = self.base_mb

    def used_mb(self) -> float | None:
        """Resident memory (Windows: private bytes committed); None once it is gone."""
        if self._process is None:
            return None
        try:
            info = self._process.memory_info()
        except self._error:
            return None
        # Windows can page a working set out: what it committed is what it holds
        used = getattr(info, "private", info.vms) if self._windows else info.rss
        return float(used) / MB

    def over(self, limit_mb: int) -> bool:
        """Whether the engine holds more than its base size plus ``limit_mb`` (0: no cap)."""
        used = self.used_mb()
        if used is None:
            return False
        self.last_mb = used
        return limit_mb > 0 and used > self.base_mb + limit_mb
