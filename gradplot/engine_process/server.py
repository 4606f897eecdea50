"""The engine process: import torch, then answer requests until told to stop.

:func:`serve` runs in the spawned process (its target is ``boot.serve``). It
never touches Qt. The GUI's cancel flag is a shared integer: a request with token
``t`` is cancelled as soon as the flag is ``>= t`` (checked where the engine already
polls its ``cancel()``).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import dataclasses
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import Any

from gradplot.engine.errors import make_error
from gradplot.engine.messages import Message
from gradplot.engine.model import Request, Result
from gradplot.engine_process.options import Options
from gradplot.engine_process.protocol import send_result
from gradplot.engine_process.shared import EngineSegments, expected_bytes

PROGRESS_EVERY = 0.05  # seconds between progress messages of a per-point run
PR_SET_PDEATHSIG = 1
# freed heap kept for the next request: this many times its result's size, at least
KEEP_FACTOR = 4
KEEP_MIN_MB = 16.0
IDLE_TRIM_SECONDS = 1.0  # no request for this long: give back all that is free


def _libc() -> Any | None:
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name or "libc.so.6", use_errno=True)
    except OSError:
        return None


def _exit_with_parent(options: Options, libc: Any | None) -> None:
    """The engine ends when the GUI does, however the GUI ends (even SIGKILL)."""
    if libc is not None and options.die_with_parent_thread:
        # the kernel kills us when the parent goes; only from the parent's main
        # thread, since it fires when the spawning *thread* ends
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != options.parent_pid:  # the parent was gone before prctl
        os._exit(0)
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])  # readable once the parent process has exited, on every system
        os._exit(0)

    threading.Thread(target=watch, name="gradplot-parent-watch", daemon=True).start()


def _anonymous_mb() -> float | None:
    """Resident memory that is neither a file nor shared memory: the heap, mostly."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            fields = statm.read().split()
        return (int(fields[1]) - int(fields[2])) * (os.sysconf("SC_PAGE_SIZE") / 2**20)
    except (OSError, ValueError, IndexError):
        return None


class _Heap:
    """Freed heap pages go back to the system, except those the next request reuses.

    Without ``malloc_trim`` the allocator keeps what hundreds of live edits fragmented
    (the engine grows by hundreds of MB); trimming after every request makes the next
    big one fault in all its pages again. So the engine keeps a few times the last
    result's size, and gives back everything once it has been idle.
    """

    def __init__(self, libc: Any | None) -> None:
        self._trim: Callable[[int], int] | None = getattr(libc, "malloc_trim", None)
        self._floor = _anonymous_mb() if self._trim is not None else None
        # something was freed since the last trim (torch's import and warm-up, at first)
        self.untrimmed = self._trim is not None

    def after(self, request: Request) -> None:
        """A request was answered: trim if the heap kept more than it will reuse."""
        if self._trim is None or self._floor is None:
            return
        self.untrimmed = True
        now = _anonymous_mb()
        keep = max(KEEP_MIN_MB, KEEP_FACTOR * expected_bytes(request) / 2**20)
        if now is not None and now > self._floor + keep:
            self.trim()

    def trim(self) -> None:
        if self._trim is not None:
            self._trim(0)
            self._floor = _anonymous_mb()
            self.untrimmed = False


def _vm_size_mb() -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class _Memory:
    """The address-space cap (RLIMIT_AS): torch's own size plus the user's allowance.

    Without ``rlimit_as`` the GUI's watchdog holds the cap from outside; the engine only
    remembers it, to name it when an allocation fails anyway.
    """

    def __init__(self, rlimit_as: bool = True) -> None:
        self.base_mb = 0.0
        self.limit_mb = 0
        self.rlimit_as = rlimit_as

    def apply(self, limit_mb: int) -> None:
        self.limit_mb = limit_mb
        if not self.rlimit_as:
            return
        try:
            import resource
        except ImportError:  # Windows: no rlimits
            return
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if limit_mb <= 0:
            soft = hard
        else:
            soft = int((self.base_mb + limit_mb) * 1024 * 1024)
            if hard != resource.RLIM_INFINITY:
                soft = min(soft, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

    def explain(self, result: Result) -> Result:
        """An allocation the cap refused becomes an explanation that names the cap."""
        error = result.error
        if error is None or self.limit_mb <= 0:
            return result
        raw = error.raw
        if "MemoryError" not in raw and "can't allocate memory" not in raw.lower():
            return result
        info = make_error(
            "engine_memory",
            raw,
            line=error.line,
            column=error.column,
            title=Message("engine_memory.title.limit", {"limit": self.limit_mb}),
        )
        return dataclasses.replace(result, error=info)


def serve(conn: Connection, cancel_flag: Any, options: Options) -> None:
    """The engine's main loop (the spawned process's target)."""
    # Ctrl+C in the terminal is the GUI's to handle; the GUI then stops us
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    libc = _libc()
    _exit_with_parent(options, libc)
    memory = _Memory(options.rlimit_as)
    start = time.perf_counter()
    try:
        from gradplot.engine import evaluate

        evaluate(Request("x", points=8))  # torch's first-call set-up, not the user's time
    except Exception:
        conn.send(("failed", traceback.format_exc()))
        return
    memory.base_mb = _vm_size_mb() or 0.0
    memory.apply(options.memory_limit_mb)
    conn.send(("ready", time.perf_counter() - start, memory.base_mb))
    heap = _Heap(libc)
    segments = EngineSegments()
    while True:
        try:
            if heap.untrimmed and not conn.poll(IDLE_TRIM_SECONDS):
                heap.trim()
            message = conn.recv()
        except (EOFError, OSError):
            return  # the GUI is gone
        if message[0] == "stop":
            return
        if message[0] == "limit":
            memory.apply(int(message[1]))
            continue
        if message[0] in ("segment", "drop"):
            segments.handle(message)
            continue
        if message[0] != "eval":
            continue
        token: int = message[1]
        request: Request = message[2]
        segment = segments.buffer(message[3])
        _answer(conn, cancel_flag, token, request, memory, evaluate, segment)
        del message, segment
        heap.after(request)
        del request


def _answer(
    conn: Connection,
    cancel_flag: Any,
    token: int,
    request: Request,
    memory: _Memory,
    evaluate: Callable[..., Result],
    segment: memoryview | None,
) -> None:
    conn.send(("started", token))
    last = [0.0]

    def cancel() -> bool:
        return bool(cancel_flag.value >= token)

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if done >= total or now - last[0] > PROGRESS_EVERY:
            last[0] = now
            conn.send(("progress", token, done, total))

    began = time.perf_counter()
    try:
        result = memory.explain(evaluate(request, cancel=cancel, progress=progress))
    except Exception:
        info = make_error("internal", traceback.format_exc())
        result = Result.refused(request, info)
    send_result(conn, token, result, segment, time.perf_counter() - began)
