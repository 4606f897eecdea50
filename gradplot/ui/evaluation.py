"""EvaluationController: the plot state in, the engine's Results out.

It listens to a :class:`~gradplot.model.PlotState`. A burst of changes (a file or slide
applied, a slider dragged, a key typed) becomes one frozen :class:`Request` at the end of
the event-loop turn; the worker (:class:`gradplot.ui.worker.Evaluator`) sends it to the
engine, and a newer request supersedes the one still running. Results come back as
``resultReady``. With "auto" points, the request samples the plot's visible x range at
screen resolution, and moving or resizing the view samples again when it shows
something new.

After each result of f, the reference expression (an expected f′) is evaluated on the
same grid by a second worker that gives way to f's requests; ``referenceReady`` carries
its Result, or None when there is nothing to draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from psygnal import EmissionInfo
from PySide6.QtCore import QObject, QTimer, Signal

from gradplot.engine import Request, Result
from gradplot.engine.errors import make_error
from gradplot.engine_process import DEFAULT_MEMORY_LIMIT_MB
from gradplot.model import PlotState
from gradplot.ui.worker import EvaluateFn, Evaluator

if TYPE_CHECKING:
    from gradplot.ui.plot_view import PlotView

AUTO_MIN_POINTS = 400
AUTO_MAX_POINTS = 8000
AUTO_PIXEL_SAMPLES = 1.5  # samples per screen pixel of the plot's width
# a view that differs from the last request by less than this share of its points shows
# nothing new (a resize by a few pixels)
AUTO_SAME_SHARE = 0.1
# fields that change nothing the engine computes (the view is watched through the plot:
# its throttled signal, so a drag does not become one request per mouse move)
_NOT_EVALUATED = frozenset({"view_x", "view_y", "reference"})
DEFAULT_PARAMETER = 1.0  # what the engine takes for a free name the request does not give


def empty_range_result(request: Request) -> Result:
    return Result.refused(request, make_error("range"))


def _non_default(params: Mapping[str, float]) -> dict[str, float]:
    """The values a request's engine call depends on (a missing name is 1.0)."""
    return {name: v for name, v in params.items() if v != DEFAULT_PARAMETER}


class EvaluationController(QObject):
    """Requests from ``state``, results from the engine.

    ``evaluate`` (tests) runs in-process on the workers instead of the engine process;
    ``view`` (the plot) gives the visible x range and width that "auto" points sample.
    Signals: ``resultReady(Result)``, ``referenceReady(Result | None)``,
    ``busyChanged(bool)``, ``progress(done, total)``, ``engineReady(seconds)``.
    """

    resultReady = Signal(object)
    referenceReady = Signal(object)
    busyChanged = Signal(bool)
    progress = Signal(int, int)
    engineReady = Signal(float)

    def __init__(
        self,
        state: PlotState,
        *,
        evaluate: EvaluateFn | None = None,
        parent: QObject | None = None,
        view: PlotView | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.view = view
        self._evaluate = evaluate
        self._closed = False
        self._last_request: Request | None = None
        self._last_result: Result | None = None
        # a result not of the last request was shown since (the empty-range refusal):
        # the same request again is not a repeat then
        self._superseded = False
        self._again = False  # the request due is made even if it repeats the last one
        self._memory_limit_mb = DEFAULT_MEMORY_LIMIT_MB
        self.evaluator = Evaluator(self, evaluate=evaluate)
        self.evaluator.resultReady.connect(self._on_result)
        self.evaluator.busyChanged.connect(self.busyChanged)
        self.evaluator.progress.connect(self.progress)
        self.evaluator.engineReady.connect(self.engineReady)
        self._reference_evaluator: Evaluator | None = None  # made with the first reference
        self._reference_for: Result | None = None
        # the end of the event-loop turn (superqt's debouncer would do the same, but
        # superqt is only imported with the first parameter slider: a faster start)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_due)
        state.events.all.connect(self._on_state_changed)
        state.replaced.connect(self._on_replaced)
        if view is not None:
            view.xViewChanged.connect(self._on_view_moved)

    def attach_view(self, view: PlotView) -> None:
        """Sample "auto" points for ``view`` from now on (a window that paints before its
        plot is built attaches it then)."""
        if self.view is view:
            return
        self.view = view
        view.xViewChanged.connect(self._on_view_moved)
        self.request_soon()

    # --- what was asked and shown ------------------------------------------------------
    @property
    def last_request(self) -> Request | None:
        """The newest request sent to the engine."""
        return self._last_request

    @property
    def last_result(self) -> Result | None:
        """The newest result delivered (ok or error)."""
        return self._last_result

    @property
    def busy(self) -> bool:
        return self.evaluator.busy

    # --- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        """Start the worker and the engine (idempotent): requests wait until then."""
        self.evaluator.start()

    @property
    def started(self) -> bool:
        return self.evaluator.started

    def set_memory_limit(self, megabytes: int) -> None:
        """MB the engine process may use above its own size (0: no cap)."""
        self._memory_limit_mb = max(int(megabytes), 0)
        if self.evaluator.link is not None:
            self.evaluator.link.set_memory_limit(self._memory_limit_mb)

    @property
    def memory_limit_mb(self) -> int:
        """The cap given to the engine (its default until :meth:`set_memory_limit`)."""
        return self._memory_limit_mb

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        self.evaluator.shutdown()
        if self._reference_evaluator is not None:
            self._reference_evaluator.shutdown()

    # --- requests ------------------------------------------------------------------------
    def auto_point_count(self) -> int:
        """Samples for "auto": 1.5 per screen pixel of the plot's width."""
        width = self.view.pixel_width() if self.view is not None else 0
        return min(max(int(width * AUTO_PIXEL_SAMPLES), AUTO_MIN_POINTS), AUTO_MAX_POINTS)

    def _visible_range(self) -> tuple[float, float]:
        if self.view is not None:
            return self.view.x_view()
        return self.state.view_x or self.state.x_range

    def build_request(self, request_id: int = 0) -> Request:
        """The state as a frozen request ("auto" points: the visible range, its width)."""
        if self.state.auto_points:
            return self.state.to_request(
                x_range=self._visible_range(), points=self.auto_point_count(),
                request_id=request_id,
            )
        return self.state.to_request(request_id=request_id)

    def request_soon(self, *, again: bool = False) -> None:
        """Evaluate after the current burst of changes (same event-loop turn).

        A request that repeats the last one is not sent, unless ``again``.
        """
        if not self._closed:
            self._again = self._again or again
            self._timer.start()

    def request_now(self) -> Request | None:
        """Evaluate the state now, even if it was evaluated already."""
        return self._submit(again=True)

    def _on_due(self) -> None:
        self._submit(again=self._again)

    def _submit(self, *, again: bool) -> Request | None:
        if self._closed:
            return None
        self._timer.stop()
        self._again = False
        request = self.build_request(self.evaluator.new_id())
        if request.x_range[0] == request.x_range[1]:
            self._superseded = True
            self._on_result(empty_range_result(request))
            return None
        if not again and self._repeats_last(request):
            return None
        self._superseded = False
        self._last_request = request
        self.evaluator.submit(request)
        return request

    def _repeats_last(self, request: Request) -> bool:
        """Whether the engine already computes (or computed) what ``request`` shows."""
        last = self._last_request
        if last is None or self._superseded:
            return False
        # a slider that appears with the default value changes nothing computed
        request = replace(request, params=_non_default(request.params))
        same = replace(last, request_id=request.request_id, params=_non_default(last.params))
        if request.trace_x is None:  # a trace nobody looks at any more costs nothing
            same = replace(same, trace_x=None)
        if self.state.auto_points and abs(last.points - request.points) < (
            AUTO_SAME_SHARE * last.points
        ):
            same = replace(same, points=request.points)  # about the same resolution
        return same == request

    # --- reactions -------------------------------------------------------------------------
    def _on_state_changed(self, info: EmissionInfo) -> None:
        name = info.signal.name
        if name == "reference":
            if self._last_result is not None:
                self._update_reference(self._last_result)
            return
        if name == "x_range" and self.state.auto_points and self.view is not None:
            return  # "auto" samples the view, which follows (see _on_view_moved)
        if name not in _NOT_EVALUATED or (
            name == "view_x" and self.view is None and self.state.auto_points
        ):
            self.request_soon()

    def _on_replaced(self, _session: object) -> None:
        self.request_soon(again=True)  # a slide shown again is evaluated again

    def _on_view_moved(self, lo: float, hi: float) -> None:
        if not self.state.auto_points:
            return
        # "auto" samples what is visible: that is the range (the range controls show it)
        self.state.x_range = (lo, hi)
        self.request_soon()

    def _on_result(self, result: Result) -> None:
        if self._closed:
            return
        self._last_result = result
        self.resultReady.emit(result)
        self._update_reference(result)

    # --- the reference curve -----------------------------------------------------------------
    def _update_reference(self, result: Result) -> None:
        request = self.state.reference_request(result.request)
        if request is None or result.error is not None or result.df is None:
            self._reference_for = None
            self.referenceReady.emit(None)
            return
        self._reference_for = result
        ev = self._reference_evaluator
        if ev is None:  # f's requests go first on the engine
            ev = self._reference_evaluator = Evaluator(
                self, evaluate=self._evaluate, preempt=False
            )
            ev.resultReady.connect(self._on_reference_result)
        ev.start()
        ev.submit(replace(request, request_id=ev.new_id()))

    def _on_reference_result(self, reference: Result) -> None:
        if self._closed or self._reference_for is None:
            return
        if self._reference_for is not self._last_result:
            return  # a newer f came: its own reference follows
        if reference.request.source.strip() != (self.state.reference or "").strip():
            return
        self.referenceReady.emit(reference)


__all__ = ["AUTO_MAX_POINTS", "AUTO_MIN_POINTS", "EvaluationController", "empty_range_result"]
