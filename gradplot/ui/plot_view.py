"""The plot: f and its derivatives, zero axes, hover readout and the tangent line.

Takes a :class:`Result` in and draws it; emits ``xViewChanged`` (throttled) when the
visible x range changes so the window can sample again at screen resolution. Given a
:class:`~gradplot.model.PlotState`, it shows the state's view and writes the visible
ranges back into it. Its :attr:`PlotView.theme` (light, dark, projector) gives every
curve its pen.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeySequence, QPen, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from gradplot.engine import ErrorInfo, Result
from gradplot.model import PlotState, Session
from gradplot.ui.i18n import localize_error, tr, trf
from gradplot.ui.theme import CURVE_STYLES as CURVE_STYLES  # the plot's own, re-exported
from gradplot.ui.theme import LIGHT, Theme, curve_pen, style_plot

# the request's dtype (float32 or float64), never converted: no copy at 10^6 points
FloatArray = npt.NDArray[np.floating[Any]]
BoolArray = npt.NDArray[np.bool_]

CURVE_NAMES = ("f", "df", "d2f", "d3f")
LEGEND_NAMES = ("f(x)", "f′(x)", "f″(x)", "f‴(x)")
# the light theme's (Okabe–Ito, each with its own dash): other plot items match them
CURVE_COLOURS = LIGHT.curve_colours
TANGENT_COLOUR = "#E69F00"
STALE_COLOUR = LIGHT.stale_colour
FEW_POINTS = 64  # grids this small get a marker on every sample
OVERLAY_GAP = 6  # pixels between the readout, the legend and the labels on the plot
# below this share of f's visible samples inside the y view, the curves are "off-screen"
ON_SCREEN_SHARE = 0.5
# pyqtgraph's guard against far off-screen points (Qt fails to draw them) moves drawn
# points to at most RANGE_LIMIT view heights beyond the view, but it takes the bounds of
# all the data first (ms per curve at 10^6 points). A curve gets it only when one of
# its drawn points lies that far out: otherwise the guard would change nothing.
RANGE_LIMIT = 1e6
RANGE_HYSTERESIS = 3.0
# peak downsampling keeps each pixel column's min and max, so two columns per pixel look
# the same as pyqtgraph's default five, and 10^6 samples draw 2.5x fewer vertices
COLUMNS_PER_PIXEL = 2.0


def make_pen(colour: str, style: Qt.PenStyle, width: float) -> QPen:
    pen = QPen(QColor(colour))
    pen.setWidthF(width)
    pen.setStyle(style)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def connect_array(y: FloatArray, breaks: BoolArray | None) -> npt.NDArray[np.int32]:
    """pyqtgraph ``connect=`` array: element i joins sample i to i+1.

    A segment is drawn only where the engine did not mark a break (pole or jump) and
    both ends are finite.
    """
    n = len(y)
    conn = np.zeros(n, dtype=np.int32)
    if n < 2:
        return conn
    finite = np.isfinite(y)
    ok = finite[:-1] & finite[1:]
    if breaks is not None and len(breaks) == n - 1:
        ok &= ~np.asarray(breaks, dtype=bool)
    conn[:-1] = ok
    return conn


def downsample_factor(x: FloatArray, view_width: float, pixels: float) -> int:
    """Samples per downsampled column: pyqtgraph's automatic factor for evenly spaced x.

    Computed from the ends of x alone (the engine's x is finite), where pyqtgraph's own
    automatic mode first looks for NaN in all of x, on every change of the view.
    """
    n = len(x)
    if n < 2 or pixels <= 0:
        return 1
    step = (float(x[-1]) - float(x[0])) / (n - 1)
    if not math.isfinite(step) or step == 0:
        return 1
    factor = abs(view_width / step / (pixels * COLUMNS_PER_PIXEL))
    return int(factor) if math.isfinite(factor) and factor > 1 else 1


def _value_at(
    x: FloatArray, y: FloatArray, breaks: BoolArray | None, x0: float
) -> float:
    """y at x0: linear between samples, nearest sample across a break."""
    n = len(x)
    if n == 0:
        return float("nan")
    if n == 1 or x0 <= x[0] or x0 >= x[-1]:
        i = 0 if x0 <= x[0] else n - 1
        if abs(x0 - x[i]) > (abs(x[-1] - x[0]) / max(n - 1, 1)):
            return float("nan")
        return float(y[i])
    i = int(np.searchsorted(x, x0, side="right")) - 1
    i = min(max(i, 0), n - 2)
    x_a, x_b = float(x[i]), float(x[i + 1])
    y_a, y_b = float(y[i]), float(y[i + 1])
    broken = breaks is not None and len(breaks) == n - 1 and bool(breaks[i])
    if broken or not (np.isfinite(y_a) and np.isfinite(y_b)) or x_b == x_a:
        return y_a if x0 - x_a <= x_b - x0 else y_b
    t = (x0 - x_a) / (x_b - x_a)
    return y_a + t * (y_b - y_a)


def _robust_range(values: FloatArray) -> tuple[float, float] | None:
    """min..max, or the 2nd..98th percentile when a few spikes dominate."""
    values = values[np.isfinite(values)]
    if len(values) == 0:
        return None
    full_lo, full_hi = float(values.min()), float(values.max())
    p_lo, p_hi = (float(v) for v in np.percentile(values, [2.0, 98.0]))
    if full_hi - full_lo <= 4 * max(p_hi - p_lo, 1e-300):
        return full_lo, full_hi
    return p_lo, p_hi


@dataclass(frozen=True)
class Readout:
    x: float
    values: tuple[tuple[str, float], ...]  # (curve name, value)
    scalar: float | None = None

    def value(self, name: str) -> float:
        for n, v in self.values:
            if n == name:
                return v
        raise KeyError(name)


def format_number(v: float, digits: int = 6) -> str:
    """A number as the readout and the tools' tables show it (— for NaN, a true minus)."""
    if not np.isfinite(v):
        return "—" if np.isnan(v) else ("∞" if v > 0 else "−∞")
    return f"{v:.{digits}g}".replace("-", "−")


class PlotView(pg.PlotWidget):  # type: ignore[misc]
    """The pyqtgraph plot of f and its derivatives."""

    xViewChanged = Signal(float, float)  # throttled: the visible x range changed
    userMovedView = Signal()  # the user panned or zoomed with mouse or wheel
    tangentToggled = Signal(bool)
    fitRequested = Signal()  # Home on the plot
    _viewMoved = Signal()  # every change of the view; throttled into xViewChanged

    def __init__(self, parent: QWidget | None = None, *, state: PlotState | None = None) -> None:
        super().__init__(parent=parent, background="w")
        self._theme: Theme = LIGHT
        self._state: PlotState | None = None
        self._showing_state = False  # the view is being set from the state
        self.setObjectName("plot")
        self.setAccessibleName("Plot of f and its derivatives")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(360, 260)  # docks and side panels yield before the plot does
        item = self.getPlotItem()
        self._vb = item.getViewBox()
        # a GridItem paints far faster than the axes' own grid (which replays a QPicture)
        self.grid = pg.GridItem(pen=pg.mkPen("#d0d0d0"), textPen=None)
        self.grid.setZValue(-10)
        self.grid.setTickSpacing(x=[None, None], y=[None, None])  # major and minor only
        item.addItem(self.grid, ignoreBounds=True)
        item.setMenuEnabled(True)
        self._vb.disableAutoRange()
        item.hideButtons()
        # room above and to the right for a tick label that sits on the plot's edge
        item.setContentsMargins(0, 8, 10, 0)
        axis_pen = pg.mkPen("#444444")
        tick_font = QFont()
        tick_font.setPointSizeF(10)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(axis_pen)
            axis.setTextPen(pg.mkPen("#222222"))
            axis.setTickFont(tick_font)
        item.setLabel("bottom", "x")
        # a fixed width: a new y range never re-lays out the plot (one paint per update)
        item.getAxis("left").setWidth(58)
        zero_pen = make_pen("#333333", Qt.PenStyle.SolidLine, 1.2)
        self._x_axis_line = pg.InfiniteLine(pos=0, angle=0, pen=zero_pen, movable=False)
        self._y_axis_line = pg.InfiniteLine(pos=0, angle=90, pen=zero_pen, movable=False)
        for line in (self._x_axis_line, self._y_axis_line):
            line.setZValue(-5)
            item.addItem(line, ignoreBounds=True)
        self.legend = item.addLegend(offset=(-10, 10), labelTextColor="#222222",
                                     brush=pg.mkBrush(255, 255, 255, 215),
                                     pen=pg.mkPen("#bbbbbb"))
        self.curves: list[pg.PlotDataItem] = []
        for k, name in enumerate(CURVE_NAMES):
            curve = pg.PlotDataItem(
                name=LEGEND_NAMES[k],
                pen=make_pen(CURVE_COLOURS[k], CURVE_STYLES[k], 2.5),
                connect="finite",
            )
            curve.setObjectName(name)
            curve.setZValue(10 - k)
            curve.setVisible(False)
            item.addItem(curve)
            # after addItem: the plot's own menu settings are applied there
            curve.setClipToView(True)
            # the factor is set with the data and on each change of the view (see
            # downsample_factor): pyqtgraph's own would check all of x for NaN first
            curve.setDownsampling(ds=1, auto=False, method="peak")
            self.curves.append(curve)
        self.legend.clear()
        self.legend.setVisible(False)  # an empty legend would be an empty box
        self.tangent = pg.PlotDataItem(pen=make_pen(TANGENT_COLOUR, Qt.PenStyle.SolidLine, 2.0))
        self.tangent.setObjectName("tangent")
        self.tangent.setZValue(20)
        self.tangent.setVisible(False)
        item.addItem(self.tangent, ignoreBounds=True)
        self.tangent_dot = pg.ScatterPlotItem(
            size=9, brush=pg.mkBrush(TANGENT_COLOUR), pen=pg.mkPen("#222222")
        )
        self.tangent_dot.setZValue(21)
        self.tangent_dot.setVisible(False)
        item.addItem(self.tangent_dot, ignoreBounds=True)
        self.cursor_line = pg.InfiniteLine(
            angle=90, pen=make_pen("#888888", Qt.PenStyle.DotLine, 1.0), movable=False
        )
        self.cursor_line.setVisible(False)
        item.addItem(self.cursor_line, ignoreBounds=True)
        self.scalar_label = pg.TextItem(
            color="#222222", fill=pg.mkBrush(255, 255, 255, 225),
            border=pg.mkPen(CURVE_COLOURS[1]), anchor=(0, 1.3),
        )
        self.scalar_label.setObjectName("scalarLabel")
        self.scalar_label.setZValue(30)
        self.scalar_label.setVisible(False)
        item.addItem(self.scalar_label, ignoreBounds=True)

        self.readout = QLabel(self)
        self.readout.setObjectName("readout")
        self.readout.setAccessibleName("Values at the cursor")
        self.readout.setStyleSheet(
            "QLabel { background: rgba(255,255,255,225); border: 1px solid #bbbbbb;"
            " border-radius: 3px; padding: 4px 6px; color: #222; }"
        )
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(10)
        self.readout.setFont(mono)
        self.readout.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.readout.move(70, 10)
        self.readout.setVisible(False)

        # shown after the user moved the view away from the curves; one click fits
        self.offscreen_hint = QPushButton("The curves are outside the view: Fit (Home)", self)
        self.offscreen_hint.setObjectName("offscreenHint")
        self.offscreen_hint.setToolTip("Fit the view to the curves")
        self.offscreen_hint.setCursor(Qt.CursorShape.PointingHandCursor)
        self.offscreen_hint.setStyleSheet(
            "QPushButton { background: rgba(255,248,225,235); border: 1px solid #c9a227;"
            " border-radius: 3px; padding: 3px 8px; color: #222; }"
        )
        self.offscreen_hint.clicked.connect(self.fitRequested)
        self.offscreen_hint.setVisible(False)
        # why only f is drawn: autograd refused the backward pass
        self.missing_label = QLabel(self)
        self.missing_label.setObjectName("derivativeMissing")
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet(
            "QLabel { background: rgba(255,240,232,235); border: 1px solid #d55e00;"
            " border-radius: 3px; padding: 3px 6px; color: #222; }"
        )
        self.missing_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.missing_label.setVisible(False)
        self._following = True  # the view follows the data until the user moves it
        self._scalar_short = False  # the scalar label shows the value alone (narrow plot)
        self._layout_timer = QTimer(self)
        self._layout_timer.setSingleShot(True)
        self._layout_timer.setInterval(0)
        self._layout_timer.timeout.connect(self.layout_overlays)

        self._result: Result | None = None
        self._missing: ErrorInfo | None = None  # what the missing label explains
        self._placing = False  # set_result places the view and the data itself
        self._stale = False
        self._tangent_on = False
        self._cursor_x: float | None = None
        self._shown_orders = 0
        self._scalar = False

        # at most one xViewChanged per 40 ms while the view moves, and always the last
        self._throttle = pg.SignalProxy(
            self._viewMoved, delay=0.04, rateLimit=25, slot=self._emit_view, threadSafe=False
        )
        self._vb.sigXRangeChanged.connect(self._on_x_range_changed)
        self._vb.sigYRangeChanged.connect(self._on_y_range_changed)
        self._vb.sigRangeChangedManually.connect(self._on_manual_range)
        self._vb.sigRangeChanged.connect(self._on_range_changed)
        self._vb.sigResized.connect(self._update_downsampling)
        self._vb.sigResized.connect(self._layout_timer.start)
        self.legend.geometryChanged.connect(self._layout_timer.start)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        shortcut = QShortcut(QKeySequence("T"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.toggle_tangent)
        home = QShortcut(QKeySequence("Home"), self)
        home.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        home.activated.connect(self.fitRequested)
        if state is not None:
            self.bind(state)

    # --- the state -------------------------------------------------------------------
    def bind(self, state: PlotState) -> None:
        """Show ``state.view_x``/``view_y`` and keep them equal to what is on screen."""
        self._state = state
        state.events.view_x.connect(self._on_state_view_x)
        state.events.view_y.connect(self._on_state_view_y)
        state.replaced.connect(self._on_replaced)
        self._on_state_view_x(state.view_x)
        self._on_state_view_y(state.view_y)

    def _on_state_view_x(self, view: tuple[float, float] | None) -> None:
        self._show_state_view(view, self.x_view(), self.set_x_view)

    def _on_state_view_y(self, view: tuple[float, float] | None) -> None:
        self._show_state_view(view, self.y_view(), self.set_y_view)

    def _show_state_view(
        self,
        view: tuple[float, float] | None,
        shown: tuple[float, float],
        set_view: Callable[[float, float], None],
    ) -> None:
        if view is not None and view[1] > view[0] and view != shown:
            self._showing_state = True  # what it causes is not a change of the user's
            try:
                set_view(*view)
            finally:
                self._showing_state = False

    def _on_replaced(self, session: Session) -> None:
        # a file or slide: its own y view, or follow the new function's data
        self.set_following(session.view_y is None)

    def _on_y_range_changed(self, *_args: object) -> None:
        if self._state is not None and not self._showing_state:
            self._state.view_y = self.y_view()

    # --- theme -----------------------------------------------------------------------
    @property
    def theme(self) -> Theme:
        return self._theme

    def set_theme(self, theme: Theme) -> None:
        """Colours, fonts and pens of ``theme``; new data is drawn in it too."""
        self._theme = theme
        style_plot(self, theme)

    # --- data ------------------------------------------------------------------------
    @property
    def result(self) -> Result | None:
        return self._result

    @property
    def stale(self) -> bool:
        return self._stale

    def curve(self, name: str) -> pg.PlotDataItem:
        return self.curves[CURVE_NAMES.index(name)]

    def set_result(self, result: Result, *, fit_y: bool = False) -> None:
        """Draw a successful result (an error result only greys the last good one).

        ``fit_y`` fits the y view to it first (as :meth:`fit_y` would after), so that
        pyqtgraph clips and downsamples the new curves once, for the final view.
        """
        if result.f is None:
            self.set_stale(True)
            return
        self._result = result
        refused = result.error is not None  # autograd refused: f alone, and why
        x = np.asarray(result.x)
        scalar = result.scalar_value is not None
        series: list[tuple[FloatArray | None, BoolArray | None]] = [
            (None if scalar else result.f, result.f_breaks)
        ]
        for k, d in enumerate(() if refused else result.derivatives[: len(CURVE_NAMES) - 1]):
            br = result.derivative_breaks[k] if k < len(result.derivative_breaks) else None
            series.append((d, br))
        few = len(x) <= FEW_POINTS
        if fit_y:
            fit_series = [y for y, _ in series]
            if refused and scalar and result.scalar_value is not None:
                fit_series[0] = np.full(len(x), result.scalar_value)  # the label's height
            view = self._y_fit(x, fit_series)
            if view is not None and view != self.y_view():
                # with its range guard on, a new y range makes pyqtgraph clip and
                # downsample the data a curve holds again (10^6 samples: milliseconds
                # per curve): let it hold none then
                for curve in self.curves:
                    guarded = curve.opts["dynamicRangeLimit"] is not None
                    if guarded and curve.yData is not None and len(curve.yData):
                        curve.setData([], [])
                self._placing = True
                try:
                    self.set_y_view(*view)
                finally:
                    self._placing = False
        self._stale = False
        ds = self._downsample_factor(x)
        for k, curve in enumerate(self.curves):
            y, br = series[k] if k < len(series) else (None, None)
            if y is None or len(y) != len(x):
                if curve.isVisible() or curve.yData is not None:
                    curve.setData([], [])
                    curve.setVisible(False)
                continue
            # an array only where the engine found a pole or jump; NaN/Inf gaps are
            # pyqtgraph's own "finite" mode (no per-sample array to build at 10^6 points)
            connect: npt.NDArray[np.int32] | str = (
                connect_array(y, br) if br is not None and br.any() else "finite"
            )
            curve.setData(
                x, y, connect=connect, pen=curve_pen(self._theme, k),
                dynamicRangeLimit=None, downsample=ds,
                symbol="o" if few else None, symbolSize=6,
                symbolBrush=self._theme.curve_colours[k], symbolPen=None,
            )
            curve.setVisible(True)
        self._guard_far_points()
        self.scalar_label.setColor(self._theme.foreground)
        self._update_legend(len(series), scalar)
        self._update_scalar_label()
        self._update_cursor()
        self.missing_label.setVisible(False)
        self.update_offscreen_hint()

    def show_missing_derivative(self, error: ErrorInfo) -> None:
        """Say on the plot why only f is drawn (``error``: autograd's refusal)."""
        self._missing = error
        text = trf("f′ is not drawn: %1", localize_error(error).title)
        self.missing_label.setText(text)
        room = max(self.pixel_width() - 2 * OVERLAY_GAP, 120)
        wanted = self.missing_label.fontMetrics().horizontalAdvance(text) + 24
        self.missing_label.setFixedWidth(min(wanted, room))
        self.missing_label.adjustSize()
        self.missing_label.setVisible(True)
        self.layout_overlays()

    def retranslate(self) -> None:
        """Say the plot's own texts (legend, labels, readout) in the current language."""
        count, scalar = self._shown_orders, self._scalar
        self._shown_orders = -1  # the legend is built again
        self._update_legend(count, scalar)
        self._update_scalar_label()
        self._update_cursor()
        if self._missing is not None and not self.missing_label.isHidden():
            self.show_missing_derivative(self._missing)

    def clear_data(self) -> None:
        self._result = None
        self._stale = False
        for k, curve in enumerate(self.curves):
            curve.setData([], [])
            curve.setVisible(False)
            curve.setPen(curve_pen(self._theme, k))
        self.scalar_label.setVisible(False)
        self.missing_label.setVisible(False)
        self._update_legend(0, False)
        self._update_cursor()
        self.update_offscreen_hint()

    def _update_legend(self, count: int, scalar: bool) -> None:
        if (count, scalar) == (self._shown_orders, self._scalar):
            return
        self._shown_orders, self._scalar = count, scalar
        self.legend.clear()
        for k, curve in enumerate(self.curves[:count]):
            if k == 0 and scalar:
                continue
            label = LEGEND_NAMES[k]
            if k == 1 and scalar:
                label = tr("∂f/∂xᵢ (f is one number)")
            self.legend.addItem(curve, label)
        self.legend.setVisible(bool(self.legend.items))

    def _update_scalar_label(self) -> None:
        r = self._result
        if r is None or r.scalar_value is None:
            self.scalar_label.setVisible(False)
            return
        text, self._scalar_short = self._scalar_text(r.scalar_value)
        self.scalar_label.setText(text)
        self._place_scalar_label()
        self.scalar_label.setVisible(True)

    def _scalar_text(self, value: float) -> tuple[str, bool]:
        """The scalar label's text, and whether it is the short one.

        A narrow plot gets the value alone rather than a label cut off at the edge.
        """
        text = trf("f = %1   (f is one number for the whole x grid)", format_number(value))
        metrics = QFontMetrics(self.scalar_label.textItem.font())
        if metrics.horizontalAdvance(text) + 16 > self.view_rect().width():
            return f"f = {format_number(value)}", True
        return text, False

    def _place_scalar_label(self) -> None:
        """Beside the gradient curve, a third of the way into the view, just above it."""
        r = self._result
        if r is None or r.scalar_value is None:
            return
        (x_lo, x_hi), (y_lo, y_hi) = self._vb.viewRange()
        target = x_lo + 0.3 * (x_hi - x_lo)
        px, py = target, (y_lo + y_hi) / 2
        if r.df is None:  # no gradient (autograd refused): at f's own height
            py = r.scalar_value
        else:
            x = np.asarray(r.x)
            d = np.asarray(r.df)
            inside = np.flatnonzero((x >= x_lo) & (x <= x_hi) & np.isfinite(d))
            if len(inside):
                idx = inside[np.argmin(np.abs(x[inside] - target))]
                px, py = float(x[idx]), float(d[idx])
        py = min(max(py, y_lo + 0.05 * (y_hi - y_lo)), y_hi - 0.12 * (y_hi - y_lo))
        self.scalar_label.setPos(px, py)
        self._avoid_with_scalar_label()

    def set_stale(self, stale: bool) -> None:
        """Grey the curves (the input is broken) or give them back their colours."""
        if stale:
            self.missing_label.setVisible(False)
        if stale == self._stale:
            return
        self._stale = stale
        theme = self._theme
        for k, curve in enumerate(self.curves):
            curve.setPen(curve_pen(theme, k, stale=stale))
            if curve.opts.get("symbol") is not None:
                curve.setSymbolBrush(theme.stale_colour if stale else theme.curve_colours[k])
        self.scalar_label.setColor(theme.stale_colour if stale else theme.foreground)

    # --- view ------------------------------------------------------------------------
    @property
    def following(self) -> bool:
        """Whether the view follows the data (no pan or zoom by hand since the last fit)."""
        return self._following

    def set_following(self, on: bool) -> None:
        self._following = on
        self.update_offscreen_hint()

    def on_screen_share(self) -> float | None:
        """The share of f's samples within the x view that lie inside the y view.

        f is the curve the view is about (the gradient when f is one number); ``None``
        when nothing is drawn, 0.0 when no sample lies within the x view.
        """
        r = self._result
        if r is None:
            return None
        curve = next((c for c in self.curves if c.isVisible() and c.yData is not None), None)
        if curve is None or len(curve.yData) != len(r.x):
            return None
        # a subsample is plenty for a share (panning at 10^6 points stays cheap)
        stride = max(len(r.x) // 20000, 1)
        x = np.asarray(r.x)[::stride]
        y = np.asarray(curve.yData)[::stride]
        finite = np.isfinite(y)
        if not finite.any():
            return None
        (x_lo, x_hi), (y_lo, y_hi) = self.x_view(), self.y_view()
        shown = finite & (x >= x_lo) & (x <= x_hi)
        drawn = int(np.count_nonzero(shown))
        if drawn == 0:
            return 0.0
        return int(np.count_nonzero(shown & (y >= y_lo) & (y <= y_hi))) / drawn

    def update_offscreen_hint(self) -> None:
        """Show the one-click fit when the user moved the view away from the curves."""
        share = None if self._following else self.on_screen_share()
        show = share is not None and share < ON_SCREEN_SHARE
        if show != self.offscreen_hint.isVisible():
            self.offscreen_hint.adjustSize()
            self.offscreen_hint.setVisible(show)
            self.layout_overlays()

    def fit_x_to_data(self) -> None:
        """Bring the sampled x range into view when the view has left most of it."""
        r = self._result
        if r is None or len(r.x) < 2:
            return
        d_lo, d_hi = float(r.x[0]), float(r.x[-1])
        lo, hi = self.x_view()
        overlap = max(0.0, min(hi, d_hi) - max(lo, d_lo))
        if d_hi > d_lo and overlap < 0.5 * min(d_hi - d_lo, hi - lo):
            self.set_x_view(d_lo, d_hi)

    def x_view(self) -> tuple[float, float]:
        lo, hi = self._vb.viewRange()[0]
        return float(lo), float(hi)

    def y_view(self) -> tuple[float, float]:
        lo, hi = self._vb.viewRange()[1]
        return float(lo), float(hi)

    def set_x_view(self, lo: float, hi: float) -> None:
        self._vb.setXRange(lo, hi, padding=0)

    def set_y_view(self, lo: float, hi: float) -> None:
        self._vb.setYRange(lo, hi, padding=0)
        self._fit_axis_width(lo, hi)

    def _fit_axis_width(self, lo: float, hi: float) -> None:
        """Room for the widest y tick label (-150000 needs more than -1.5).

        The width is fixed between changes so that a new y range does not re-lay out
        the plot on every update; it only changes when the labels need it.
        """
        axis = self.getPlotItem().getAxis("left")
        if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
            return
        metrics = QFontMetrics(axis.style.get("tickFont") or QFont())
        labels: list[str] = []
        for spacing, values in axis.tickValues(lo, hi, max(axis.height(), 100.0)):
            labels.extend(axis.tickStrings(values, axis.scale, spacing))
        if not labels:
            return
        width = max(58, max(metrics.horizontalAdvance(t) for t in labels) + 16)
        current = axis.width()
        # widen at once; narrow only for a clear gain (each change re-lays out the plot)
        if width > current or width < current - 24:
            axis.setWidth(width)

    def pixel_width(self) -> int:
        return max(int(self._vb.width()), 100)

    def fit_y(self) -> None:
        """Fit y to the visible data: f first, derivatives only as far as they stay readable.

        Each curve contributes its 2nd–98th percentile range when a few spikes (next to a
        pole) would otherwise squash it; a derivative may widen the view to at most two
        f-heights beyond f, so a steep f″ never flattens f into a line.
        """
        r = self._result
        if r is None:
            return
        scalar = r.scalar_value is not None  # f is a label then, not a curve
        ys: list[FloatArray | None] = []
        for k, curve in enumerate(self.curves):
            y = curve.yData
            shown = curve.isVisible() and y is not None and not (k == 0 and scalar)
            ys.append(np.asarray(y) if shown else None)
        view = self._y_fit(np.asarray(r.x), ys)
        if view is not None:
            self.set_y_view(*view)
            self._place_scalar_label()

    def _y_fit(
        self, x: FloatArray, ys: list[FloatArray | None]
    ) -> tuple[float, float] | None:
        """The y view :meth:`fit_y` picks for curves ``ys`` (f first) over the x view."""
        lo_x, hi_x = self.x_view()
        first, last = np.searchsorted(x, [lo_x, hi_x], side="left")
        last = min(int(last) + 1, len(x))
        stride = max((last - first) // 20000, 1)  # a subsample is plenty for a range
        visible = slice(int(first), last, stride)
        ranges = [
            _robust_range(y[visible]) if y is not None and len(y) == len(x) else None
            for y in ys
        ]
        f_range = ranges[0] if ranges else None
        lo, hi = f_range if f_range is not None else (np.inf, -np.inf)
        span = hi - lo if f_range is not None else 0.0
        for rng in ranges[1:]:
            if rng is None:
                continue
            d_lo, d_hi = rng
            if f_range is not None and span > 0:
                d_lo = max(d_lo, f_range[0] - 2 * span)
                d_hi = min(d_hi, f_range[1] + 2 * span)
            lo, hi = min(lo, d_lo), max(hi, d_hi)
        if not (np.isfinite(lo) and np.isfinite(hi)):
            return None
        span = hi - lo
        if span < 1e-12 * max(abs(lo), abs(hi), 1.0):
            half = max(abs(hi) * 0.5, 1.0)
            lo, hi = lo - half, hi + half
            span = hi - lo
        if lo > 0 and lo < 0.3 * span:
            lo = 0.0
        if hi < 0 and -hi < 0.3 * span:
            hi = 0.0
        pad = 0.08 * (hi - lo)
        return float(lo - pad), float(hi + pad)

    def _downsample_factor(self, x: FloatArray) -> int:
        lo, hi = self.x_view()
        return downsample_factor(x, hi - lo, float(self._vb.width()))

    def _update_downsampling(self, *_args: object, redraw: bool = True) -> None:
        """A new pixel width or x view: a new factor.

        ``redraw=False`` only records it: on a new x view each curve clips and
        downsamples again right after this (sigRangeChanged follows sigXRangeChanged),
        with the factor it finds in its options, so it does that once, not twice.
        """
        r = self._result
        if r is None:
            return
        ds = self._downsample_factor(r.x)
        for curve in self.curves:
            if curve.yData is None:
                continue
            if redraw:
                curve.setDownsampling(ds=ds)
            else:
                curve.opts["downsample"] = ds

    def _on_x_range_changed(self, *_args: object) -> None:
        self._update_downsampling(redraw=False)
        self._viewMoved.emit()
        self._update_cursor()
        if self._state is not None and not self._showing_state:
            self._state.view_x = self.x_view()

    def _guard_far_points(self) -> None:
        """pyqtgraph's range guard for each curve that draws points far off the view.

        Checked on the points drawn (after clipping and downsampling: a few thousand),
        once they are up to date for the view. Once on, it stays on for that data.
        """
        lo, hi = self.y_view()
        reach = RANGE_LIMIT / 2 * (hi - lo)  # half the guard's limit: it would not clip
        for curve in self.curves:
            if curve.yData is None or curve.opts["dynamicRangeLimit"] is not None:
                continue
            drawn = curve.getData()[1]  # pyqtgraph's cached display data
            if drawn is None or len(drawn) == 0:
                continue
            with np.errstate(invalid="ignore"):
                low, high = np.fmin.reduce(drawn), np.fmax.reduce(drawn)  # NaN skipped
            if not (low >= lo - reach and high <= hi + reach):
                curve.setDynamicRangeLimit(RANGE_LIMIT, RANGE_HYSTERESIS)

    def _on_range_changed(self, *_args: object) -> None:
        if not self._placing:  # set_result checks the guard with the new data
            self._guard_far_points()
        # pyqtgraph applies a new range lazily, at the start of the next paint; the
        # items' geometry changes it causes then schedule a second, full paint. Applying
        # it now folds both into the one paint that follows.
        self._vb.prepareForPaint()
        self._place_scalar_label()
        if not self._following:
            self.update_offscreen_hint()

    def _on_manual_range(self, *_args: object) -> None:
        self._following = False
        self.userMovedView.emit()
        self.update_offscreen_hint()

    def _emit_view(self, *_args: object) -> None:
        lo, hi = self.x_view()
        self.xViewChanged.emit(lo, hi)

    # --- what lies on top of the plot ----------------------------------------------------
    def view_rect(self) -> QRect:
        """The data area (the view box) in this widget's pixels."""
        return self._to_pixels(self._vb)

    def _to_pixels(self, item: pg.GraphicsObject) -> QRect:
        rect: QRect = self.mapFromScene(item.sceneBoundingRect()).boundingRect()
        return rect

    def overlay_rects(self) -> dict[str, QRect]:
        """Where each visible overlay (readout, legend, scalar label, hints) sits, in pixels."""
        out: dict[str, QRect] = {}
        if self.legend.isVisible() and self.legend.items:
            out["legend"] = self._to_pixels(self.legend)
        if self.scalar_label.isVisible():
            out["scalar"] = self._to_pixels(self.scalar_label)
        for name, widget in (("readout", self.readout), ("offscreen", self.offscreen_hint),
                             ("missing", self.missing_label)):
            if widget.isVisible():
                out[name] = widget.geometry()
        return out

    def layout_overlays(self) -> None:
        """Place the readout, the hints and the scalar label so that none covers another.

        The legend keeps its corner (top right). The readout takes the top left, or the
        space below the legend when the plot is too narrow for both side by side; the
        hints stack at the bottom left; the scalar label moves off anything it meets.
        """
        view = self.view_rect()
        gap = OVERLAY_GAP
        legend = self.overlay_rects().get("legend")
        top = view.top() + gap
        left = view.left() + gap
        readout = self.readout.sizeHint() if not self.readout.isVisible() else self.readout.size()
        spot = QRect(left, top, readout.width(), readout.height())
        if legend is not None and spot.adjusted(-gap, -gap, gap, gap).intersects(legend):
            spot.moveTop(legend.bottom() + gap)
        self.readout.move(spot.topLeft())
        bottom = view.bottom() - gap
        for widget in (self.missing_label, self.offscreen_hint):
            if widget.isVisible():
                widget.adjustSize()
                bottom -= widget.height()
                widget.move(left, bottom)
                bottom -= gap
        r = self._result
        if (
            self.scalar_label.isVisible() and r is not None and r.scalar_value is not None
            and self._scalar_text(r.scalar_value)[1] != self._scalar_short
        ):
            self._update_scalar_label()  # resized past the label's width
            return
        self._avoid_with_scalar_label()

    def _avoid_with_scalar_label(self) -> None:
        if not self.scalar_label.isVisible():
            return
        rects = self.overlay_rects()
        label = rects.pop("scalar")
        others = list(rects.values())
        if self.readout.isHidden():  # the readout appears with the cursor: keep room
            others.append(QRect(self.readout.pos(), self.readout.sizeHint()))
        view = self.view_rect()
        # a label running past the right edge moves left, as far as the view allows
        dx = max(min(view.right() - label.right(), 0), view.left() - label.left())
        if dx:
            label.translate(dx, 0)
        if not any(label.intersects(o.adjusted(-2, -2, 2, 2)) for o in others):
            if dx:
                self._shift_scalar_label(dx, 0)
            return
        gap = OVERLAY_GAP
        candidates = [label.top()]
        candidates += [o.bottom() + gap for o in others]
        candidates += [o.top() - gap - label.height() for o in others]
        best = None
        for y in sorted(set(candidates), key=lambda v: abs(v - label.top())):
            moved = label.translated(0, y - label.top())
            if moved.top() < view.top() or moved.bottom() > view.bottom():
                continue
            if not any(moved.intersects(o.adjusted(-2, -2, 2, 2)) for o in others):
                best = moved
                break
        self._shift_scalar_label(dx, 0 if best is None else best.top() - label.top())

    def _shift_scalar_label(self, dx: int, dy: int) -> None:
        """Move the scalar label by (dx, dy) pixels (it is placed in data coordinates)."""
        if not (dx or dy):
            return
        pos = self.scalar_label.pos()
        scene = self.scalar_label.mapToScene(0, 0)
        origin = self._vb.mapSceneToView(scene)
        shifted = self._vb.mapSceneToView(QPointF(scene.x() + dx, scene.y() + dy))
        self.scalar_label.setPos(pos.x() + (shifted.x() - origin.x()),
                                 pos.y() + (shifted.y() - origin.y()))

    # --- cursor: readout and tangent ---------------------------------------------------
    @property
    def tangent_visible(self) -> bool:
        return self._tangent_on

    def set_tangent_visible(self, on: bool) -> None:
        if on == self._tangent_on:
            return
        self._tangent_on = on
        if on and self._cursor_x is None:
            lo, hi = self.x_view()
            self._cursor_x = (lo + hi) / 2
        self._update_cursor()
        self.tangentToggled.emit(on)

    def toggle_tangent(self) -> None:
        self.set_tangent_visible(not self._tangent_on)

    @property
    def cursor_x(self) -> float | None:
        return self._cursor_x

    def set_cursor(self, x: float | None) -> None:
        self._cursor_x = x
        self._update_cursor()

    def readout_at(self, x0: float) -> Readout | None:
        r = self._result
        if r is None:
            return None
        x = np.asarray(r.x)
        values: list[tuple[str, float]] = []
        for k, curve in enumerate(self.curves):
            if not curve.isVisible() or curve.yData is None:
                continue
            br = r.f_breaks if k == 0 else (
                r.derivative_breaks[k - 1] if k - 1 < len(r.derivative_breaks) else None)
            values.append((CURVE_NAMES[k], _value_at(x, np.asarray(curve.yData), br, x0)))
        return Readout(x=x0, values=tuple(values), scalar=r.scalar_value)

    def tangent_at(self, x0: float) -> tuple[float, float] | None:
        """(f(x0), f′(x0)) for the tangent line, or None where it does not exist."""
        r = self._result
        if r is None or r.f is None or r.df is None or r.scalar_value is not None:
            return None
        x = np.asarray(r.x)
        fy = _value_at(x, np.asarray(r.f), r.f_breaks, x0)
        dbr = r.derivative_breaks[0] if r.derivative_breaks else None
        dy = _value_at(x, np.asarray(r.df), dbr, x0)
        if not (np.isfinite(fy) and np.isfinite(dy)):
            return None
        return fy, dy

    def _update_cursor(self) -> None:
        x0 = self._cursor_x
        readout = None if x0 is None else self.readout_at(x0)
        r = self._result
        outside = r is None or x0 is None or len(r.x) == 0 or not (r.x[0] <= x0 <= r.x[-1])
        if readout is None or x0 is None or outside:
            self.readout.setVisible(False)
            self.cursor_line.setVisible(False)
            self.tangent.setVisible(False)
            self.tangent_dot.setVisible(False)
            return
        rows = [f"x     = {format_number(x0)}"]
        labels = {"f": "f(x)  ", "df": "f′(x) ", "d2f": "f″(x) ", "d3f": "f‴(x) "}
        if readout.scalar is not None:
            rows.append("f     = " + trf("%1 (scalar)", format_number(readout.scalar)))
        for name, v in readout.values:
            rows.append(f"{labels[name]}= {format_number(v)}")
        text = "\n".join(rows)
        if text != self.readout.text() or not self.readout.isVisible():
            self.readout.setText(text)
            self.readout.adjustSize()
            self.readout.setVisible(True)
            self.layout_overlays()
        self.cursor_line.setPos(x0)
        self.cursor_line.setVisible(True)
        tangent = self.tangent_at(x0) if self._tangent_on else None
        if tangent is None:
            self.tangent.setVisible(False)
            self.tangent_dot.setVisible(False)
            return
        fy, slope = tangent
        lo, hi = self.x_view()
        xs = np.array([lo, hi])
        self.tangent.setData(xs, fy + slope * (xs - x0))
        self.tangent_dot.setData([x0], [fy])
        self.tangent.setVisible(True)
        self.tangent_dot.setVisible(True)

    def _on_mouse_moved(self, pos: QPointF) -> None:
        if not self._vb.sceneBoundingRect().contains(pos):
            return
        self.set_cursor(float(self._vb.mapSceneToView(pos).x()))

    def resizeEvent(self, ev: object) -> None:
        super().resizeEvent(ev)
        if "_throttle" in self.__dict__:  # not during the base class's constructor
            self._viewMoved.emit()
            self._layout_timer.start()
