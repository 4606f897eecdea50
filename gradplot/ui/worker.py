"""The evaluation thread: the newest request wins, stale results are never delivered.

The GUI thread calls :meth:`Evaluator.submit` with a frozen :class:`Request`. One
worker thread owns the conversation with the engine process
(:class:`gradplot.engine_process.EngineLink`): it sends the request and waits for the
Result, so torch never loads into the GUI process. A newer submit replaces the pending
request and asks the running evaluation to stop (a flag the engine polls). Results
travel back through a queued signal; the GUI side drops every result that is not for
the newest request. The worker never touches a widget.

An ``evaluate`` function given to the constructor runs in-process on the worker
instead (tests gate the engine that way).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import threading
import time
import traceback
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from gradplot.engine import Request, Result
from gradplot.engine.errors import make_error
from gradplot.engine.messages import Message
from gradplot.engine_process import EngineLink, shared_link

EvaluateFn = Callable[..., Result]
# closing: how long a cooperative cancel may take before a deaf engine is killed
ABANDON_AFTER_MS = 100


def internal_error_result(request: Request, raw: str, *, loading: bool = False) -> Result:
    """A Result that explains a failure of gradplot itself (not of the user's code)."""
    title = Message("internal.title.load") if loading else None
    info = make_error("internal", raw, title=title)
    return Result.refused(request, info)


def _no_engine(request: Request, **_kwargs: object) -> Result:
    return internal_error_result(request, "", loading=True)


class _Mailbox:
    """State shared by both threads, always read and written under ``lock``."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: Request | None = None
        self.latest_id = -1
        self.closing = False


class _Job(QObject):
    """Lives on the worker thread. Waits for the engine, then evaluates on request."""

    finished = Signal(object)  # Result
    progress = Signal(int, int, int)  # request_id, done, total
    started = Signal(int)  # request_id
    engineReady = Signal(float)  # seconds the engine took to import torch

    def __init__(
        self, mailbox: _Mailbox, evaluate: EvaluateFn | None, link: EngineLink | None
    ) -> None:
        super().__init__()
        self._mailbox = mailbox
        self._link = link
        self._evaluate: EvaluateFn = _no_engine
        if evaluate is not None:
            self._evaluate = evaluate
        elif link is not None:
            self._evaluate = functools.partial(link.evaluate, owner=self)

    @Slot()
    def load_engine(self) -> None:
        """Wait until the engine process has imported torch (spawning it if need be)."""
        seconds = 0.0
        if self._link is not None:
            self._link.start()
            # a failure to load is explained by every request (the link keeps the reason)
            with contextlib.suppress(RuntimeError):
                seconds = self._link.wait_ready(cancel=lambda: self._mailbox.closing)
        self.engineReady.emit(seconds)

    @Slot()
    def run(self) -> None:
        mailbox = self._mailbox
        while True:
            with mailbox.lock:
                request = mailbox.pending
                mailbox.pending = None
                if request is None or mailbox.closing:
                    return
            if self._run_one(request):
                return

    def _run_one(self, request: Request) -> bool:
        """Evaluate and emit; False if it must run again (another window's preempted it)."""
        mailbox = self._mailbox
        rid = request.request_id
        self.started.emit(rid)

        def cancel() -> bool:
            return mailbox.closing or mailbox.latest_id != rid

        last_report = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if done >= total or now - last_report[0] > 0.05:
                last_report[0] = now
                self.progress.emit(rid, done, total)

        try:
            result = self._evaluate(request, cancel=cancel, progress=progress)
        except Exception:
            result = internal_error_result(request, traceback.format_exc())
        if result.error is not None and result.error.kind == "cancelled" and not cancel():
            # still the newest: a request of another evaluator preempted it; run it again
            with mailbox.lock:
                if mailbox.pending is None and not mailbox.closing:
                    mailbox.pending = request
            return False
        self.finished.emit(result)
        return True


_LIVE: weakref.WeakSet[Evaluator] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    """A window that was never closed must not leave a running QThread at exit (abort)."""
    for evaluator in list(_LIVE):
        evaluator.shutdown(timeout_ms=3000)


class Evaluator(QObject):
    """GUI-side handle of the worker thread.

    Signals (all emitted on the GUI thread):
    ``resultReady(Result)`` only for the newest request, never for a cancelled one;
    ``busyChanged(bool)``; ``progress(done, total)`` of the newest request;
    ``engineReady(float)`` once torch has been imported.
    """

    resultReady = Signal(object)
    busyChanged = Signal(bool)
    progress = Signal(int, int)
    engineReady = Signal(float)
    _wake = Signal()
    _load = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        evaluate: EvaluateFn | None = None,
        *,
        link: EngineLink | None = None,
        preempt: bool = True,
    ) -> None:
        """``evaluate`` runs in-process; otherwise ``link`` (default: the shared engine
        process) evaluates. ``preempt``: a submit also cancels another evaluator's
        running request on the same link (the reference curve's gives way to f's)."""
        super().__init__(parent)
        self._mailbox = _Mailbox()
        self._thread = QThread()
        self._thread.setObjectName("gradplot-evaluator")
        self.link = None if evaluate is not None else (link or shared_link())
        self._preempt = preempt
        self._job = _Job(self._mailbox, evaluate, self.link)
        self._job.moveToThread(self._thread)
        self._wake.connect(self._job.run)
        self._load.connect(self._job.load_engine)
        self._job.finished.connect(self._on_finished)
        self._job.progress.connect(self._on_progress)
        self._job.engineReady.connect(self._on_engine_ready)
        self._busy = False
        self._started = False
        self._stopped = False
        self._ready = False
        self._next_id = 0
        self.delivered = 0
        self.dropped = 0
        _LIVE.add(self)

    # --- lifecycle -------------------------------------------------------------------
    def start(self) -> None:
        """Start the thread and import the engine on it (idempotent)."""
        if self._started or self._stopped:
            return
        self._started = True
        self._thread.start()
        self._load.emit()
        self._wake.emit()  # a request submitted before start is waiting

    @property
    def started(self) -> bool:
        return self._started

    @property
    def engine_ready(self) -> bool:
        return self._ready

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Cancel the running evaluation and stop the thread (idempotent).

        An engine that does not heed the cancel (a hang inside one torch call, a
        stopped process) is killed, so that closing never waits for its time limit.
        """
        if self._stopped:
            return
        self._stopped = True
        with self._mailbox.lock:
            self._mailbox.closing = True
            self._mailbox.pending = None
        if self.link is not None:
            self.link.interrupt(self._job)
        if self._started:
            self._thread.quit()
            if not self._thread.wait(ABANDON_AFTER_MS) and self.link is not None:
                self.link.abandon(self._job)
            self._thread.wait(timeout_ms)

    # --- requests --------------------------------------------------------------------
    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    @property
    def latest_id(self) -> int:
        return self._mailbox.latest_id

    def submit(self, request: Request) -> None:
        """Queue ``request``; it supersedes any pending or running one."""
        if self._stopped:
            return
        with self._mailbox.lock:
            self._mailbox.pending = request
            self._mailbox.latest_id = request.request_id
        if self.link is not None:  # at once, not when the worker next looks
            self.link.interrupt(self._job, preempt=self._preempt)
        self._set_busy(True)
        if self._started:
            self._wake.emit()

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    # --- results ---------------------------------------------------------------------
    @Slot(object)
    def _on_finished(self, result: Result) -> None:
        if self._stopped:
            return
        with self._mailbox.lock:
            latest = self._mailbox.latest_id
            idle = self._mailbox.pending is None
        cancelled = result.error is not None and result.error.kind == "cancelled"
        if result.request.request_id != latest or cancelled:
            self.dropped += 1
            return
        if idle:
            self._set_busy(False)
        self.delivered += 1
        self.resultReady.emit(result)

    @Slot(int, int, int)
    def _on_progress(self, rid: int, done: int, total: int) -> None:
        if rid == self.latest_id:
            self.progress.emit(done, total)

    @Slot(float)
    def _on_engine_ready(self, seconds: float) -> None:
        self._ready = True
        self.engineReady.emit(seconds)
