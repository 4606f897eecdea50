"""The evaluation thread: the newest request wins, stale results are never delivered.

The GUI thread calls :meth:`Evaluator.submit` with a frozen :class:`Request`. One
worker thread runs the engine; torch is imported there (so the window can paint
first). A newer submit replaces the pending request and asks the running evaluation
to stop (the engine checks ``cancel()`` cooperatively). Results travel back through a
queued signal; the GUI side drops every result that is not for the newest request.
The worker never touches a widget.
"""

from __future__ import annotations

import atexit
import contextlib
import sys
import threading
import time
import traceback
import weakref
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot

from gradplot.engine import ErrorInfo, Request, Result
from gradplot.ui.gc_pause import long_lived

EvaluateFn = Callable[..., Result]
SWITCH_INTERVAL = 0.001  # seconds


def internal_error_result(request: Request, title: str, raw: str) -> Result:
    """A Result that explains a failure of gradplot itself (not of the user's code)."""
    info = ErrorInfo(
        kind="internal",
        title=title,
        explanation=(
            "This is a problem inside gradplot, not in your function. "
            "The details were written to the log file."
        ),
        hint="# try the edit again; if it keeps happening, please report it with the log",
        raw=raw,
    )
    return Result(request=request, x=np.empty(0), error=info)


def _torch_import_objects() -> contextlib.AbstractContextManager[None]:
    """No garbage collection while torch is imported; what it made is frozen after.

    Importing torch makes ~300k Python objects; every full collection during the
    import would walk them and all of Qt's and pyqtgraph's as well (~0.2 s of a 1.2 s
    import), and each later one would take 30-70 ms with the GIL held: a stall of the
    window, mid-evaluation. Only the import that loads torch does this, once.
    """
    return long_lived() if "torch" not in sys.modules else contextlib.nullcontext()


class _Mailbox:
    """State shared by both threads, always read and written under ``lock``."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: Request | None = None
        self.latest_id = -1
        self.closing = False


class _Job(QObject):
    """Lives on the worker thread. Imports the engine, then evaluates on request."""

    finished = Signal(object)  # Result
    progress = Signal(int, int, int)  # request_id, done, total
    started = Signal(int)  # request_id
    engineReady = Signal(float)  # seconds the import took

    def __init__(self, mailbox: _Mailbox, evaluate: EvaluateFn | None) -> None:
        super().__init__()
        self._mailbox = mailbox
        self._evaluate = evaluate
        self._import_error = ""

    @Slot()
    def load_engine(self) -> None:
        start = time.perf_counter()
        if self._evaluate is None:
            with _torch_import_objects():
                try:
                    from gradplot.engine import evaluate

                    self._evaluate = evaluate
                except Exception:  # the engine could not load: report it on every request
                    self._import_error = traceback.format_exc()
        self.engineReady.emit(time.perf_counter() - start)

    @Slot()
    def run(self) -> None:
        mailbox = self._mailbox
        with mailbox.lock:
            request = mailbox.pending
            mailbox.pending = None
            if request is None or mailbox.closing:
                return
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

        if self._evaluate is None:
            result = internal_error_result(
                request, "The evaluation engine could not be loaded", self._import_error
            )
        else:
            try:
                result = self._evaluate(request, cancel=cancel, progress=progress)
            except Exception:
                result = internal_error_result(
                    request, "gradplot failed while evaluating", traceback.format_exc()
                )
        self.finished.emit(result)


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

    def __init__(self, parent: QObject | None = None, evaluate: EvaluateFn | None = None) -> None:
        super().__init__(parent)
        self._mailbox = _Mailbox()
        self._thread = QThread()
        self._thread.setObjectName("gradplot-evaluator")
        self._job = _Job(self._mailbox, evaluate)
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
        # Python code on the worker holds the GIL in slices of this length; the GUI
        # thread waits for a slice to end before it can paint. 5 ms (the default)
        # becomes stalls of 10-15 ms per event; 1 ms keeps the window fluid.
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
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
        """Cancel the running evaluation and stop the thread (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        with self._mailbox.lock:
            self._mailbox.closing = True
            self._mailbox.pending = None
        if self._started:
            self._thread.quit()
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
