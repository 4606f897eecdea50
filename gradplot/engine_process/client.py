"""The GUI side of the engine process: spawn it, talk to it, restart it when it fails.

:meth:`EngineLink.evaluate` is called on a worker thread and blocks until the engine
answers; it has the signature of :func:`gradplot.engine.evaluate`, so the window's
worker uses either. One conversation runs at a time (a lock). A newer request cancels
the running one through a shared integer the engine polls (:meth:`interrupt`).

Faults, each ending in a fresh engine and a plain explanation instead of a lost window:

* the engine dies (a crash, ``SIGKILL``, the out-of-memory killer): it is restarted
  and the request that was in flight is sent again, once; the result carries a note;
* it stops answering (a native hang, ``SIGSTOP``, one torch call that runs for
  minutes): past the request's time limit plus :data:`GRACE_SECONDS` it is killed;
* it may use :data:`DEFAULT_MEMORY_LIMIT_MB` above its own size, so a memory-hungry
  function fails with an explanation: on Linux ``RLIMIT_AS`` turns the allocation into a
  ``MemoryError`` the engine explains; elsewhere (:func:`~.options.watchdog_needed`) a
  watchdog here samples its memory every :data:`MEMORY_POLL_SECONDS` while it runs a
  request, and past the cap kills it and starts a new one, as for a hang.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from gradplot.engine.errors import make_error
from gradplot.engine.messages import Message
from gradplot.engine.model import ErrorInfo, Note, Request, Result
from gradplot.engine_process import boot
from gradplot.engine_process.protocol import receive_result, uses_segment
from gradplot.engine_process.shared import Segment, SegmentPool
from gradplot.engine_process.watchdog import MemoryWatch

DEFAULT_MEMORY_LIMIT_MB = boot.DEFAULT_MEMORY_LIMIT_MB
GRACE_SECONDS = 5.0  # past the time limit: a busy machine is not a hung engine
START_TIMEOUT = 180.0  # torch's first import on a slow laptop, antivirus included
POLL_SECONDS = 0.05
# the watchdog's sampling: between two samples a function filling memory at a few GB/s
# gains a few hundred MB; one sample costs microseconds
MEMORY_POLL_SECONDS = 0.1
STOP_TIMEOUT = 3.0


_COULD_NOT_LOAD = Message("engine.how.could_not_load")


@dataclasses.dataclass(frozen=True)
class _Fault:
    kind: str  # "died", "unresponsive", "memory" (over the cap), "failed" (could not
    # load), "cancelled", "abandoned" (its sender had it killed, :meth:`EngineLink.abandon`)
    started: bool  # the engine had begun this request
    how: Message  # "signal 9", "exit code 1", "no answer"
    raw: str = ""
    limit_mb: int = 0  # the cap it went past ("memory")


def _how_it_ended(process: BaseProcess) -> Message:
    code = process.exitcode
    if code is None:
        return Message("engine.how.no_answer")
    if code < 0:
        return Message("engine.how.signal", {"signal": -code})
    return Message("engine.how.exit_code", {"code": code})


def restarted_note(how: Message) -> Note:
    return Note.of("engine_restarted", Message("note.engine_restarted", {"how": how}))


def fault_error(fault: _Fault, request: Request) -> ErrorInfo:
    if fault.kind == "failed":
        return make_error("internal", fault.raw, title=Message("internal.title.load"))
    if fault.kind == "unresponsive":
        limits = f"{request.time_limit:g} s + {GRACE_SECONDS:g} s"
        return make_error("engine_hung", f"no answer within {limits} ({fault.how.render()})")
    if fault.kind == "memory":
        return make_error(
            "engine_memory",
            fault.raw,
            title=Message("engine_memory.title.limit", {"limit": fault.limit_mb}),
            explanation=Message("engine_memory.explanation.stopped"),
        )
    return make_error("engine_crashed", f"the engine process ended ({fault.how.render()})")


def _error_result(request: Request, info: ErrorInfo) -> Result:
    return Result.refused(request, info)


def _cancelled(request: Request) -> Result:
    info = make_error(
        "cancelled", title=Message("cancelled.title.short"), explanation="", hint=""
    )
    return _error_result(request, info)


class EngineLink:
    """One engine process, reached from any thread; restarted on every fault."""

    def __init__(
        self,
        memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB,
        grace: float = GRACE_SECONDS,
        start_timeout: float = START_TIMEOUT,
        watchdog: bool | None = None,
    ) -> None:
        """``watchdog``: hold the memory cap from here instead of by ``RLIMIT_AS``
        (default: :func:`~.options.watchdog_needed`); read whenever an engine starts."""
        self._ctx = boot.context()
        self._conversation = threading.RLock()
        self._state = threading.Lock()
        self._cancel: Any = None  # a shared c_longlong, made with the first process
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._ready = False
        self._engine_limit = memory_limit_mb
        self._load_seconds = 0.0
        self._load_error = ""
        self._tokens = itertools.count(1)
        self._running: tuple[int, object] | None = None
        self._abandoned = 0  # the token of the request whose engine abandon() killed
        self._pool = SegmentPool()  # big results come back through shared memory
        self.memory_limit_mb = memory_limit_mb
        self.watchdog = boot.watchdog_needed() if watchdog is None else watchdog
        self._watched = self.watchdog  # how the running engine was started
        self._watch: MemoryWatch | None = None
        self.grace = grace
        self.start_timeout = start_timeout
        self.base_mb = 0.0
        self.restarts = 0
        self.engine_ms = 0.0  # the engine's own time for the last result (benchmarks)
        self.stopped = False
        self._died_idle: Message | None = None  # how the engine ended between two requests

    # --- the process -----------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None else None

    @property
    def ready(self) -> bool:
        return self._ready

    @property
    def shared_segments(self) -> tuple[tuple[int, bool], ...]:
        """(size, leased) of each shared-memory segment mapped for results."""
        return tuple((s.size, s.leased) for s in self._pool.segments)

    def start(self) -> None:
        """Spawn the engine unless it runs (returns at once; torch imports over there)."""
        with self._conversation:
            self.stopped = False
            self._spawn_unless_alive()

    def _spawn_unless_alive(self) -> None:
        process = self._process
        if process is not None and process.is_alive():
            return
        if process is not None and not self.stopped:
            # it died between two requests: the next result says so
            self._died_idle = _how_it_ended(_joined(process))
        self._spawn()

    def _spawn(self) -> None:
        self._discard()
        if self._cancel is None:
            self._cancel = self._ctx.RawValue("q", 0)
        self._engine_limit = self.memory_limit_mb
        self._watched = self.watchdog
        self._process, self._conn = boot.spawn(
            self._ctx, self._cancel, self.memory_limit_mb, rlimit_as=not self._watched
        )
        self._ready = False

    def adopt(self, process: BaseProcess, conn: Connection, cancel_flag: Any) -> None:
        """Take over an engine spawned before this link existed (:func:`boot.spawn`,
        with ``cancel_flag``, the default memory limit and the default cap)."""
        with self._conversation:
            self._discard()
            self._cancel = cancel_flag
            self._engine_limit = boot.DEFAULT_MEMORY_LIMIT_MB
            self._watched = boot.watchdog_needed()
            self._process, self._conn = process, conn
            self._ready = False
            self.stopped = False

    def _discard(self) -> None:
        """Kill the engine (if any) and wait for it: no zombie, no orphan."""
        process, conn = self._process, self._conn
        self._process, self._conn, self._ready = None, None, False
        self._watch = None
        self._pool.reset()  # no name survives the engine: nothing leaks into /dev/shm
        if conn is not None:
            conn.close()
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(STOP_TIMEOUT)
            with contextlib.suppress(ValueError):
                process.close()

    def stop(self) -> None:
        """Ask the engine to exit, then make sure it did (idempotent, any thread)."""
        self.stopped = True
        self.interrupt(None, preempt=True)
        if not self._conversation.acquire(timeout=1.0):
            # a worker still waits on a deaf engine: end it; the worker sees it die
            process = self._process
            if process is not None:
                with contextlib.suppress(ValueError, AttributeError):
                    process.kill()
            self._conversation.acquire()
        try:
            process, conn = self._process, self._conn
            if process is not None and conn is not None and process.is_alive():
                with contextlib.suppress(OSError, ValueError):
                    conn.send(("stop",))
                process.join(STOP_TIMEOUT)
            self._discard()
        finally:
            self._conversation.release()

    def set_memory_limit(self, megabytes: int) -> None:
        """The engine's allowance above its own size (0 lifts the cap); from any thread.

        The engine gets it with the next request (a restarted one at its start).
        """
        self.memory_limit_mb = max(int(megabytes), 0)

    # --- loading -----------------------------------------------------------------------
    def wait_ready(self, cancel: Callable[[], bool] | None = None) -> float:
        """Block until torch is imported over there; the seconds that took.

        Raises :class:`RuntimeError` (with the engine's traceback) if it cannot load.
        """
        with self._conversation:
            fault = self._ensure_ready(cancel)
            if fault is not None:
                raise RuntimeError(fault.raw or fault.how.render())
            return self._load_seconds

    def _ensure_ready(self, cancel: Callable[[], bool] | None) -> _Fault | None:
        if self._load_error:
            return _Fault("failed", False, _COULD_NOT_LOAD, self._load_error)
        self._spawn_unless_alive()
        process, conn = self._process, self._conn
        assert process is not None and conn is not None
        deadline = time.monotonic() + self.start_timeout
        while not self._ready:
            if cancel is not None and cancel():
                return _Fault("cancelled", False, Message("engine.how.cancelled"))
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return _Fault("unresponsive", False, Message("engine.how.no_answer_loading"))
            if not wait([conn, process.sentinel], min(remaining, POLL_SECONDS)):
                continue
            try:
                message = conn.recv() if conn.poll() else None
            except (EOFError, OSError):
                message = None
            if message is None:
                return _Fault("died", False, _how_it_ended(process))
            if message[0] == "ready":
                self._ready = True
                self._load_seconds, self.base_mb = float(message[1]), float(message[2])
                if self._watched:  # its size now, torch loaded, is what the cap adds to
                    self._watch = MemoryWatch(process.pid or 0)
            elif message[0] == "failed":
                self._load_error = str(message[1])
                return _Fault("failed", False, _COULD_NOT_LOAD, self._load_error)
        return None

    # --- evaluating --------------------------------------------------------------------
    def interrupt(self, owner: object, *, preempt: bool = False) -> None:
        """Cancel the running request if ``owner`` sent it (any, with ``preempt``)."""
        with self._state:
            running = self._running
            if running is not None and (preempt or running[1] is owner) and self._cancel:
                self._cancel.value = max(self._cancel.value, running[0])

    def abandon(self, owner: object) -> bool:
        """Kill the engine now if it runs ``owner``'s request; False if it does not.

        For a sender that will not wait any longer (a window that closes) when the
        engine does not heed the cancel flag (a hang, ``SIGSTOP``). The request returns
        as cancelled, at once; it is not a fault: no restart is counted, no note is
        given, and the next request starts a new engine.
        """
        with self._state:
            running, process = self._running, self._process
            if running is None or running[1] is not owner or process is None:
                return False
            self._abandoned = running[0]
        # after the request ended, a joined process is not signalled; a closed one raises
        with contextlib.suppress(ValueError, AttributeError):
            process.kill()
        return True

    def evaluate(
        self,
        request: Request,
        *,
        cancel: Callable[[], bool] | None = None,
        progress: Callable[[int, int], None] | None = None,
        owner: object = None,
    ) -> Result:
        """Evaluate ``request`` in the engine process. Never raises."""
        with self._conversation:
            first: _Fault | None = None
            for attempt in (1, 2):
                outcome = self._converse(request, cancel, progress, owner)
                if isinstance(outcome, Result):
                    if outcome.error is not None and outcome.error.kind == "cancelled":
                        return outcome
                    how = first.how if first is not None else self._died_idle
                    self._died_idle = None
                    if how is None:
                        return outcome
                    notes = (restarted_note(how), *outcome.notes)
                    return dataclasses.replace(outcome, notes=notes)
                if outcome.kind == "abandoned":
                    self._discard()
                    return _cancelled(request)
                if outcome.kind == "cancelled":
                    return _cancelled(request)
                if outcome.kind == "failed":
                    return _error_result(request, fault_error(outcome, request))
                self._discard()  # dead, deaf or too big: a new one for the next request
                self.restarts += 1
                # a result lost in flight is asked for again, once; a function that
                # hung the engine after it had begun, or outgrew the cap, is not run again
                lost = outcome.kind == "died" or (
                    not outcome.started and outcome.kind != "memory"
                )
                if attempt == 2 or not lost or self.stopped:
                    return _error_result(request, fault_error(outcome, request))
                first = outcome
            raise AssertionError("unreachable")

    def _converse(
        self,
        request: Request,
        cancel: Callable[[], bool] | None,
        progress: Callable[[int, int], None] | None,
        owner: object,
    ) -> Result | _Fault:
        fault = self._ensure_ready(cancel)
        if fault is not None:
            return fault
        process, conn = self._process, self._conn
        assert process is not None and conn is not None
        if self.memory_limit_mb != self._engine_limit:  # the setting changed
            self._engine_limit = self.memory_limit_mb
            with contextlib.suppress(OSError, ValueError):
                conn.send(("limit", self._engine_limit))
        token = next(self._tokens)
        segment = self._pool.acquire(request)
        with self._state:
            self._running = (token, owner)
        outcome: Result | _Fault
        try:
            try:
                for message in self._pool.messages():
                    conn.send(message)
                conn.send(("eval", token, request, segment.id if segment else None))
            except (OSError, ValueError):
                outcome = _Fault("died", False, _how_it_ended(process))
            else:
                outcome = self._await(process, conn, token, request, cancel, progress, segment)
        finally:
            self._pool.release(segment)  # unless a result's arrays lease it now
            with self._state:
                self._running = None
                abandoned = self._abandoned == token
        if abandoned:  # whatever came back: its engine is killed, its sender gone
            return _Fault("abandoned", True, Message("engine.how.cancelled"))
        return outcome

    def _await(
        self,
        process: BaseProcess,
        conn: Connection,
        token: int,
        request: Request,
        cancel: Callable[[], bool] | None,
        progress: Callable[[int, int], None] | None,
        segment: Segment | None,
    ) -> Result | _Fault:
        started = False
        allowance = request.time_limit + self.grace
        deadline = time.monotonic() + allowance
        cancelled = False
        watch, limit = self._watch, self._engine_limit
        next_sample = time.monotonic() + MEMORY_POLL_SECONDS
        while True:
            if not cancelled and cancel is not None and cancel():
                cancelled = True
                with self._state, contextlib.suppress(AttributeError):
                    self._cancel.value = max(self._cancel.value, token)
            now = time.monotonic()
            if watch is not None and limit > 0 and now >= next_sample:
                next_sample = now + MEMORY_POLL_SECONDS
                if watch.over(limit):
                    process.kill()  # at once: every moment it keeps growing
                    return _over_the_cap(watch, limit, started)
            remaining = deadline - now
            if remaining <= 0:
                return _Fault("unresponsive", started, Message("engine.how.no_answer"))
            if not wait([conn, process.sentinel], min(remaining, POLL_SECONDS)):
                continue
            try:
                if not conn.poll():
                    return _Fault("died", started, _how_it_ended(_joined(process)))
                message = conn.recv()
                kind = message[0]
                if kind == "started" and message[1] == token:
                    started = True
                    deadline = time.monotonic() + allowance
                    self._pool.attached()  # it has mapped every segment announced
                elif kind == "progress" and message[1] == token:
                    if progress is not None:
                        progress(int(message[2]), int(message[3]))
                elif kind == "result":
                    layout = message[3]
                    base = None
                    if segment is not None and uses_segment(layout):
                        base = self._pool.lease(segment)
                    result = receive_result(conn, message[2], layout, base)
                    del base  # the result's arrays hold the lease now
                    if message[1] == token:
                        self.engine_ms = float(message[4]) * 1000
                        return result
            except (EOFError, OSError):
                return _Fault("died", started, _how_it_ended(_joined(process)))


def _over_the_cap(watch: MemoryWatch, limit_mb: int, started: bool) -> _Fault:
    raw = (
        f"the engine process held {watch.last_mb:.0f} MB, more than its own "
        f"{watch.base_mb:.0f} MB plus the {limit_mb} MB cap, so it was stopped"
    )
    return _Fault("memory", started, Message("engine.how.memory"), raw, limit_mb)


def _joined(process: BaseProcess) -> BaseProcess:
    process.join(1.0)  # the pipe closed a moment before the exit status exists
    return process
