"""Secant to tangent: the definition of the derivative, on the plot (D2L 2.4).

A point a (typed, or dragged along the curve) and a step h. The tool draws the secant
through (a, f(a)) and (a + h, f(a + h)), the tangent at a with autograd's slope f′(a),
and a table of the difference quotient (f(a + h) − f(a)) / h for h = 10⁻¹ … 10⁻⁸ with
its error against f′(a). Play sweeps h → 0 on a logarithmic scale. The quotients are
computed in the tool's dtype (float32 shows round-off taking over at small h; float64
pushes it further down). Slope trace leaves a dot (a, f′(a)) wherever a has been: the
dots draw f′.

Every value of f comes from the engine, through a worker of this tool's own
(:class:`gradplot.ui.worker.Evaluator`), with vector input off so that f(a) is f at a
alone, whatever the plot's mode.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gradplot.engine import Request, Result
from gradplot.engine.model import DType
from gradplot.ui.actions import ActionRegistry
from gradplot.ui.i18n import localize_error, tr, trf
from gradplot.ui.motion import Player, ReducedMotion
from gradplot.ui.plot_view import (
    CURVE_COLOURS,
    TANGENT_COLOUR,
    PlotView,
    format_number,
    make_pen,
)
from gradplot.ui.worker import EvaluateFn, Evaluator

TABLE_STEPS: tuple[float, ...] = tuple(10.0 ** -k for k in range(1, 9))
H_MIN, H_MAX = 1e-8, 1e3
PLAY_END = 1e-6  # where the sweep stops: the secant is the tangent to the eye long before
PLAY_DECADES_PER_FRAME = 0.05
SECANT_COLOUR = "#6A3D9A"
NP_DTYPES = {"float32": np.float32, "float64": np.float64}
DTYPE_CHOICES: tuple[DType, ...] = ("float32", "float64")


def quotients(
    fa: float, f_steps: np.ndarray, steps: tuple[float, ...], dtype: DType
) -> np.ndarray:
    """(f(a + h) − f(a)) / h for each h, in ``dtype`` arithmetic (as PyTorch would do it)."""
    t = NP_DTYPES[dtype]
    out: np.ndarray = (np.asarray(f_steps, dtype=t) - t(fa)) / np.asarray(steps, dtype=t)
    return out


class SecantTool(QObject):
    """The secant dock, its plot items, its worker and its playback."""

    computed = Signal(object)  # the tool's own Result, after it was drawn (or refused)

    def __init__(
        self,
        window: QMainWindow,
        plot: PlotView,
        results: SignalInstance,
        registry: ActionRegistry,
        motion: ReducedMotion | None = None,
        *,
        language_changed: SignalInstance | None = None,
        evaluate: EvaluateFn | None = None,
    ) -> None:
        """``results``: the plot's results (the tool follows its function and switches)."""
        super().__init__(window)
        self.plot = plot
        self._base: Request | None = None
        self.result: Result | None = None
        self.dtype: DType = "float32"
        self.fa: float | None = None
        self.fb: float | None = None
        self.slope: float | None = None  # autograd's f′(a)
        self.secant_slope: float | None = None
        self.table_quotients: np.ndarray | None = None
        self.trace: list[tuple[float, float]] = []
        self._placing = False
        self._asked: dict[int, tuple[float, float]] = {}  # request id -> (a, h) it asked for
        self._result_a = 0.0  # the a of the result shown

        # --- the dock --------------------------------------------------------------------
        self.dock = QDockWidget("Secant to tangent", window)
        self.dock.setObjectName("secantDock")
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)
        form = QFormLayout()
        self.a_input = QDoubleSpinBox()
        self.a_input.setObjectName("secantA")
        self.a_input.setRange(-1e6, 1e6)
        self.a_input.setDecimals(4)
        self.a_input.setSingleStep(0.1)
        self.a_input.setValue(1.0)
        self.a_input.setKeyboardTracking(False)
        self.a_input.setToolTip("The point a where the secant starts (or drag it on the plot)")
        self.h_input = QDoubleSpinBox()
        self.h_input.setObjectName("secantH")
        self.h_input.setRange(H_MIN, H_MAX)
        self.h_input.setDecimals(8)
        self.h_input.setSingleStep(0.05)
        self.h_input.setValue(0.5)
        self.h_input.setKeyboardTracking(False)
        self.h_input.setToolTip("The step h: the secant goes through a and a + h")
        self.dtype_input = QComboBox()
        self.dtype_input.setObjectName("secantDtype")
        self.dtype_input.addItems(list(DTYPE_CHOICES))
        self.dtype_input.setToolTip("The dtype the quotients are computed in")
        self.dtype_input.setAccessibleName("Data type of the quotients")
        form.addRow("&a", self.a_input)
        form.addRow("&h", self.h_input)
        form.addRow("&dtype", self.dtype_input)
        lay.addLayout(form)
        buttons = QHBoxLayout()
        self.play_button = QPushButton("Play h → 0")
        self.play_button.setObjectName("secantPlay")
        self.play_button.setCheckable(True)
        self.play_button.setToolTip("Shrink h step by step (a logarithmic sweep) to the tangent")
        self.trace_box = QCheckBox("Slope trace")
        self.trace_box.setObjectName("secantTrace")
        self.trace_box.setToolTip("Leave a dot (a, f′(a)) wherever a goes: the dots draw f′")
        self.clear_button = QPushButton("Clear trace")
        self.clear_button.setObjectName("secantClearTrace")
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.trace_box)
        buttons.addWidget(self.clear_button)
        lay.addLayout(buttons)
        self.slopes = QLabel()
        self.slopes.setObjectName("secantSlopes")
        self.slopes.setWordWrap(True)
        self.slopes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.slopes)
        self.table = QTableWidget(len(TABLE_STEPS), 3)
        self.table.setObjectName("limitTable")
        self.table.setAccessibleName("Difference quotients as h goes to 0")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        self.dock.setWidget(body)
        self.dock.setMinimumWidth(440)  # three columns, readable on a projector
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()

        self.action = registry.add(
            "secant", "&Secant to tangent", self.set_active, menu="view", section="tools",
            order=210, shortcut="Ctrl+Shift+D", checkable=True, toolbar=40,
            tooltip="Secant to tangent: the limit that defines f′ (Ctrl+Shift+D)",
            object_name="secantAction",
        )

        # --- the plot items ---------------------------------------------------------------
        item = plot.getPlotItem()
        self.secant = pg.PlotDataItem(pen=make_pen(SECANT_COLOUR, Qt.PenStyle.SolidLine, 2.5))
        self.secant.setObjectName("secant")
        self.tangent = pg.PlotDataItem(pen=make_pen(TANGENT_COLOUR, Qt.PenStyle.DashLine, 2.0))
        self.tangent.setObjectName("secantTangent")
        self.points = pg.ScatterPlotItem(
            size=11, brush=pg.mkBrush(SECANT_COLOUR), pen=pg.mkPen("#ffffff", width=1.5)
        )
        self.points.setObjectName("secantPoints")
        # on top of the f′ curve they draw: larger, with a dark rim
        self.slope_trace = pg.ScatterPlotItem(
            size=12, brush=pg.mkBrush(CURVE_COLOURS[1]), pen=pg.mkPen("#222222", width=1.5)
        )
        self.slope_trace.setObjectName("slopeTrace")
        self.handle = pg.TargetItem(
            pos=(0.0, 0.0), size=16, movable=True, symbol="o",
            pen=pg.mkPen(SECANT_COLOUR, width=2), brush=pg.mkBrush(255, 255, 255, 80),
        )
        self.handle.setObjectName("secantHandle")
        for z, it in enumerate((self.slope_trace, self.tangent, self.secant, self.points,
                                self.handle)):
            it.setZValue(22 + z)
            it.setVisible(False)
            item.addItem(it, ignoreBounds=True)

        # --- worker and playback -------------------------------------------------------------
        self.evaluator = evaluator = Evaluator(self, evaluate=evaluate, preempt=False)
        self.evaluator.resultReady.connect(self._on_computed)
        self.player = Player(motion, self, mode="once", step=PLAY_DECADES_PER_FRAME,
                             ready=lambda: not evaluator.busy)  # no cycle through self
        self.player.frame.connect(self._on_play_frame)
        self.player.playingChanged.connect(self._on_playing)
        self._motion = motion
        if motion is not None:
            motion.changed.connect(self._on_reduced_motion)
            self._on_reduced_motion(motion.on)

        results.connect(self._on_plot_result)
        self.dock.visibilityChanged.connect(self._on_dock_visible)
        self.a_input.valueChanged.connect(self._on_a)
        self.h_input.valueChanged.connect(self._on_inputs)
        self.dtype_input.currentIndexChanged.connect(self._on_dtype)
        self.play_button.toggled.connect(self._on_play_button)
        self.clear_button.clicked.connect(self.clear_trace)
        self.trace_box.toggled.connect(self._on_trace_toggled)
        self.handle.sigPositionChanged.connect(self._on_handle_moved)
        plot.xViewChanged.connect(self._redraw_lines)
        if language_changed is not None:
            language_changed.connect(self.retranslate)
        self.retranslate()

    # --- state ---------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return bool(self.action.isChecked())

    @property
    def a(self) -> float:
        return float(self.a_input.value())

    @property
    def h(self) -> float:
        return float(self.h_input.value())

    def set_a(self, a: float) -> None:
        self.a_input.setValue(a)

    def set_h(self, h: float) -> None:
        self.h_input.setValue(min(max(h, H_MIN), H_MAX))

    def set_dtype(self, dtype: DType) -> None:
        self.dtype_input.setCurrentIndex(DTYPE_CHOICES.index(dtype))

    def set_active(self, on: bool) -> None:
        if self.action.isChecked() != on:
            self.action.setChecked(on)  # comes back here through toggled
            return
        self.dock.setVisible(on)
        if not on:
            self.player.stop()
            for it in (self.secant, self.tangent, self.points, self.handle, self.slope_trace):
                it.setVisible(False)
            return
        lo, hi = self.plot.x_view()
        if not lo <= self.a <= hi:
            self.set_a(round((lo + hi) / 2, 2))
        self.slope_trace.setVisible(self.trace_box.isChecked())
        self.refresh()

    def _on_dock_visible(self, visible: bool) -> None:
        if not visible and self.active and self.dock.isHidden():  # closed, not tabbed away
            self.action.setChecked(False)

    # --- requests ------------------------------------------------------------------------
    def request(self) -> Request | None:
        base = self._base
        if base is None:
            return None
        a, h = self.a, self.h
        xs = (a, a + h, *(a + s for s in TABLE_STEPS))
        request_id = self.evaluator.new_id()
        self._asked = {k: v for k, v in self._asked.items() if k > request_id - 8}
        self._asked[request_id] = (a, h)
        return Request(
            source=base.source,
            x_values=xs,
            params=dict(base.params),
            dtype=self.dtype,
            time_limit=base.time_limit,
            vector_input=False,
            detach=base.detach,
            order=1,
            request_id=request_id,
        )

    def refresh(self) -> Request | None:
        if not self.active:
            return None
        request = self.request()
        if request is None:
            return None
        if not self.evaluator.started:
            self.evaluator.start()
        self.evaluator.submit(request)
        return request

    def _on_plot_result(self, result: Result) -> None:
        self._base = result.request
        self.refresh()

    def _on_a(self, _value: float) -> None:
        self.refresh()

    def _on_inputs(self, *_args: object) -> None:
        self.refresh()

    def _on_dtype(self, index: int) -> None:
        self.dtype = DTYPE_CHOICES[index] if 0 <= index < len(DTYPE_CHOICES) else "float32"
        self.refresh()

    # --- results -------------------------------------------------------------------------
    def _on_computed(self, result: Result) -> None:
        self.result = result
        if result.error is not None or result.f is None or result.df is None:
            self.fa = self.fb = self.slope = self.secant_slope = None
            self.table_quotients = None
            for it in (self.secant, self.tangent, self.points):
                it.setVisible(False)
            title = localize_error(result.error).title if result.error else tr("no values")
            self.slopes.setText(trf("The secant cannot be drawn: %1", title))
            self.table.clearContents()
            self.computed.emit(result)
            return
        a, h = self._asked[result.request.request_id]
        self._result_a = a  # later requests may push this one out of _asked
        x = result.x
        f = result.f
        dtype = result.request.dtype
        self.fa, self.fb = float(f[0]), float(f[1])
        self.slope = float(result.df[0])
        self.secant_slope = float(quotients(self.fa, f[1:2], (h,), dtype)[0])
        self.table_quotients = quotients(self.fa, f[2:], TABLE_STEPS, dtype)
        shown = [(float(px), py) for px, py in ((x[0], self.fa), (x[1], self.fb))
                 if math.isfinite(py)]
        self.points.setData([p[0] for p in shown], [p[1] for p in shown])
        drawable = math.isfinite(self.fa)
        if drawable:
            self._placing = True
            try:
                self.handle.setPos(a, self.fa)
            finally:
                self._placing = False
        self.points.setVisible(bool(shown))
        self.handle.setVisible(drawable)
        self.secant.setVisible(drawable and math.isfinite(self.secant_slope))
        self.tangent.setVisible(drawable and math.isfinite(self.slope))
        self._redraw_lines()
        self._fill_table()
        self._show_slopes()
        if self.trace_box.isChecked() and math.isfinite(self.slope):
            point = (float(a), self.slope)
            if not self.trace or self.trace[-1] != point:
                self.trace.append(point)
                self._draw_trace()
        self.computed.emit(result)

    def secant_line(self, xs: np.ndarray) -> np.ndarray:
        assert self.fa is not None and self.secant_slope is not None
        return self.fa + self.secant_slope * (xs - self.a_of_result())

    def tangent_line(self, xs: np.ndarray) -> np.ndarray:
        assert self.fa is not None and self.slope is not None
        return self.fa + self.slope * (xs - self.a_of_result())

    def a_of_result(self) -> float:
        assert self.result is not None
        return self._result_a

    def _redraw_lines(self, *_args: object) -> None:
        if self.fa is None or self.slope is None or self.secant_slope is None:
            return
        lo, hi = self.plot.x_view()
        xs = np.array([lo, hi], dtype=np.float64)
        if math.isfinite(self.secant_slope):
            self.secant.setData(xs, self.secant_line(xs))
        if math.isfinite(self.slope):
            self.tangent.setData(xs, self.tangent_line(xs))

    def _fill_table(self) -> None:
        q = self.table_quotients
        if q is None or self.slope is None:
            return
        for i, step in enumerate(TABLE_STEPS):
            value = float(q[i])
            cells = (f"{step:.0e}".replace("e-0", "e-"), format_number(value, 9),
                     format_number(abs(value - self.slope), 3))
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (step, value, abs(value - self.slope))[j])
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)

    def _show_slopes(self) -> None:
        if self.secant_slope is None or self.slope is None:
            return
        self.slopes.setText(
            trf("secant slope %1  ·  autograd f′(a) = %2", format_number(self.secant_slope, 8),
                format_number(self.slope, 8))
        )

    def retranslate(self, *_args: object) -> None:
        """Table headers and the texts set at run time follow the language: set them again."""
        self._on_reduced_motion(self._motion.on if self._motion is not None else False)
        self.table.setHorizontalHeaderLabels(
            ["h", tr("(f(a+h) − f(a)) / h"), tr("error vs f′(a)")]
        )
        if self.result is not None:
            if self.result.ok:
                self._show_slopes()
            else:
                self._on_computed(self.result)

    # --- dragging and the slope trace --------------------------------------------------------
    def _on_handle_moved(self, *_args: object) -> None:
        if self._placing:
            return
        self.set_a(round(float(self.handle.pos().x()), 4))

    def _on_trace_toggled(self, on: bool) -> None:
        self.slope_trace.setVisible(on and self.active)
        if on and self.slope is not None and self.result is not None:
            self.trace.append((self.a_of_result(), self.slope))
            self._draw_trace()

    def clear_trace(self) -> None:
        self.trace.clear()
        self._draw_trace()

    def _draw_trace(self) -> None:
        if self.trace:
            xs, ys = zip(*self.trace, strict=True)
            self.slope_trace.setData(list(xs), list(ys))
        else:
            self.slope_trace.setData([], [])

    # --- playback --------------------------------------------------------------------------
    def play(self) -> bool:
        """Sweep log10(h) from its current value down to log10(PLAY_END)."""
        start = math.log10(self.h)
        if start <= math.log10(PLAY_END):
            start = 0.0  # at the end already: start again from h = 1
        self.player.set_track(start, math.log10(PLAY_END))
        return self.player.play(start)

    def _on_play_frame(self, log_h: float) -> None:
        self.set_h(10.0**log_h)

    def _on_play_button(self, on: bool) -> None:
        if on and not self.player.playing and not self.play():
            self.play_button.setChecked(False)
        elif not on:
            self.player.stop()

    def _on_playing(self, playing: bool) -> None:
        self.play_button.setChecked(playing)

    def _on_reduced_motion(self, on: bool) -> None:
        self.play_button.setEnabled(not on)
        self.play_button.setToolTip(
            tr("Reduced motion is on (View ▸ Reduce motion): no automatic playback")
            if on else tr("Shrink h step by step (a logarithmic sweep) to the tangent")
        )
