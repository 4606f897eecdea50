"""The autograd toggles, the x range and point count, and the parameter sliders.

Each control takes a :class:`~gradplot.model.PlotState` (a fresh one when none is
given), shows its fields and writes the user's edits into it; the evaluation controller
turns the state into a frozen Request. Setting a widget from the state never writes
back (the widget's own signals are muted then). Nothing here knows about torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gradplot.engine import MAX_POINTS, SWITCHES, AutogradSwitches, Switch
from gradplot.model import AUTO_POINTS, PARAM_MEMORY, Parameter, PlotState
from gradplot.ui.i18n import set_text, trf

if TYPE_CHECKING:
    from superqt import QLabeledDoubleSlider
    from superqt.utils import QSignalDebouncer

ORDER_LABELS = ("f′", "f′ and f″", "f′, f″ and f‴")
MAX_UI_ORDER = len(ORDER_LABELS)
# a new free name gets its slider once typing paused this long (no slider for "r", "re"...)
PARAM_SETTLE_MS = 500
__all__ = ["AUTO_POINTS", "PARAM_MEMORY", "ParameterPanel", "RangeControls", "ToggleControls"]


class ExactDoubleSpinBox(QDoubleSpinBox):
    """A spin box that gives back exactly the number it was given, until the user edits it.

    The box shows a rounded (or clamped) number; :meth:`exact` returns the value last
    passed to :meth:`setValue` for as long as the box still shows what that value was
    shown as, so a file opened with ``x`` from ``-2π`` keeps ``-2π``, not ``-6.2832``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._given: tuple[float, float] | None = None  # (exact value, value shown for it)
        self._setting: float | None = None  # what valueChanged reports, while setting it

    def setValue(self, value: float) -> None:
        self._setting = float(value)
        try:
            super().setValue(value)
        finally:
            self._setting = None
        self._given = (float(value), super().value())

    def exact(self) -> float:
        if self._setting is not None:
            return self._setting
        shown = super().value()
        if self._given is not None and self._given[1] == shown:
            return self._given[0]
        return shown


def _tip(concept: str, text: str, shortcut: str) -> str:
    return (
        f"<b>{concept}</b><br>{text}<br><span style='color:#666'>Shortcut: {shortcut}</span>"
    )


class ToggleControls(QGroupBox):
    """Checkboxes and spin boxes for the autograd switches of ``state``."""

    def __init__(self, state: PlotState | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Autograd", parent)
        self.state = state if state is not None else PlotState()
        self._muted = False
        self.setObjectName("autogradControls")
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setVerticalSpacing(2)

        about = {s.name: s for s in SWITCHES}

        def tip(s: Switch) -> str:
            key = QKeySequence(s.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            return _tip(s.concept, s.help, key)

        def box(name: str) -> QCheckBox:
            s = about[name]
            cb = QCheckBox(s.label)
            cb.setObjectName(s.object_name)
            cb.setShortcut(QKeySequence(s.shortcut))
            cb.setToolTip(tip(s))
            cb.setAccessibleName(s.label.replace("&", ""))
            cb.toggled.connect(lambda on, n=name: self._on_box(n, on))
            return cb

        self.vector_input = box("vector_input")
        self.detach = box("detach")
        self.retain_graph = box("retain_graph")
        self.zero_grad = box("zero_grad")
        self.strict_backward = box("strict_backward")
        passes = about["backward_passes"]
        self.passes = QSpinBox()
        self.passes.setObjectName(passes.object_name)
        self.passes.setRange(passes.minimum, passes.maximum)
        self.passes.setAccessibleName(passes.label.replace("&", ""))
        self.passes.setToolTip(tip(passes))
        self.passes.valueChanged.connect(self._on_passes)
        order = about["order"]
        self.order = QComboBox()
        self.order.setObjectName(order.object_name)
        self.order.addItems(list(ORDER_LABELS))
        self.order.setAccessibleName(order.label.replace("&", ""))
        self.order.setToolTip(tip(order))
        # an order above what the menu offers (from a file) stays in the state until the
        # user picks one: the menu then shows the highest it has
        self.order.currentIndexChanged.connect(self._on_order)
        passes_label = QLabel(passes.label)
        passes_label.setBuddy(self.passes)
        order_label = QLabel(order.label)
        order_label.setBuddy(self.order)

        grid.addWidget(self.vector_input, 0, 0)
        grid.addWidget(self.detach, 0, 1)
        grid.addWidget(self.retain_graph, 1, 0)
        grid.addWidget(self.zero_grad, 1, 1)
        grid.addWidget(self.strict_backward, 2, 0)
        row = QHBoxLayout()
        row.addWidget(passes_label)
        row.addWidget(self.passes)
        row.addSpacing(12)
        row.addWidget(order_label)
        row.addWidget(self.order, 1)
        grid.addLayout(row, 3, 0, 1, 2)
        self._boxes = {
            "vector_input": self.vector_input, "detach": self.detach,
            "retain_graph": self.retain_graph, "zero_grad": self.zero_grad,
            "strict_backward": self.strict_backward,
        }
        self.state.events.switches.connect(self._on_switches)
        self._on_switches(self.state.switches)

    # --- the user's edits -> the state ----------------------------------------------------
    def _on_box(self, name: str, on: bool) -> None:
        if not self._muted:
            self.state.set_switch(name, on)

    def _on_passes(self, value: int) -> None:
        if not self._muted:
            self.state.set_switch("backward_passes", value)

    def _on_order(self, index: int) -> None:
        if not self._muted:
            self.state.set_switch("order", index + 1)

    # --- the state -> the widgets ----------------------------------------------------------
    def _on_switches(self, t: AutogradSwitches) -> None:
        self._muted = True
        try:
            for name, box in self._boxes.items():
                box.setChecked(bool(getattr(t, name)))
            self.passes.setValue(t.backward_passes)
            self.order.setCurrentIndex(min(max(t.order, 1), MAX_UI_ORDER) - 1)
        finally:
            self._muted = False

    def toggles(self) -> AutogradSwitches:
        return self.state.switches


class RangeControls(QGroupBox):
    """x range and number of points ("auto" = one sample per screen pixel) of ``state``.

    An edit by hand means "sample this grid": the x values of a slide go, and the view
    moves to the range.
    """

    def __init__(self, state: PlotState | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Sampling", parent)
        self.state = state if state is not None else PlotState()
        self._muted = False
        self.setObjectName("rangeControls")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        self.x_min = ExactDoubleSpinBox()
        self.x_max = ExactDoubleSpinBox()
        for spin, name in ((self.x_min, "xMin"), (self.x_max, "xMax")):
            spin.setObjectName(name)
            spin.setRange(-1e9, 1e9)
            spin.setDecimals(4)
            spin.setKeyboardTracking(False)
            spin.setAccessibleName("x " + name[1:].lower())
            spin.valueChanged.connect(self._on_widget_edited)
        self.x_min.setToolTip(_tip("torch.linspace(lo, hi, n)", "Left end of the x grid.", "—"))
        self.x_max.setToolTip(_tip("torch.linspace(lo, hi, n)", "Right end of the x grid.", "—"))
        self.points = QSpinBox()
        self.points.setObjectName("points")
        self.points.setRange(AUTO_POINTS, MAX_POINTS)
        self.points.setSpecialValueText("auto")
        self.points.setKeyboardTracking(False)
        self.points.setAccessibleName("Number of points")
        self.points.setToolTip(_tip(
            "x = torch.linspace(lo, hi, n)",
            "Number of sample points n. <i>auto</i>: one per screen pixel, re-sampled after "
            "every pan and zoom. A number: exactly that grid (points are marked when few).",
            "—"))
        self.points.valueChanged.connect(self._on_widget_edited)
        lay.addWidget(QLabel("x from"))
        lay.addWidget(self.x_min, 1)
        lay.addWidget(QLabel("to"))
        lay.addWidget(self.x_max, 1)
        lay.addWidget(QLabel("points"))
        lay.addWidget(self.points, 1)
        self.state.events.x_range.connect(self._on_state_range)
        self.state.events.points.connect(self._on_state_points)
        self._on_state_range(self.state.x_range)
        self._on_state_points(self.state.points)

    def _on_widget_edited(self) -> None:
        if not self._muted:
            self._on_edited()

    def _on_edited(self) -> None:
        lo, hi = self.x_min.exact(), self.x_max.exact()
        edit: dict[str, object] = {"x_range": (lo, hi), "points": self.points.value(),
                                   "x_values": None}
        if hi > lo:
            edit["view_x"] = (lo, hi)
        self.state.update(**edit)

    def _on_state_range(self, rng: tuple[float, float]) -> None:
        self._muted = True
        try:
            self.x_min.setValue(rng[0])
            self.x_max.setValue(rng[1])
        finally:
            self._muted = False

    def _on_state_points(self, n: int) -> None:
        self._muted = True
        try:
            self.points.setValue(n)
        finally:
            self._muted = False

    def x_range(self) -> tuple[float, float]:
        return self.state.x_range

    def set_x_range(self, lo: float, hi: float, *, quiet: bool = False) -> None:
        """``quiet``: the range only; otherwise as if typed (the view follows)."""
        if quiet:
            self.state.x_range = (lo, hi)
            return
        self._on_state_range((lo, hi))
        self._on_edited()

    def point_count(self) -> int:
        return self.state.points

    def set_point_count(self, n: int) -> None:
        self.points.setValue(n)  # as if typed


class _ParamRow(QWidget):
    valueChanged = Signal(str, float)
    rangeChanged = Signal(str, float, float)  # the user edited the slider's ends

    def __init__(self, name: str, value: float, lo: float, hi: float) -> None:
        super().__init__()
        self.name = name
        self.setObjectName(f"param_{name}")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        label = QLabel(f"<b>{name}</b>")
        label.setMinimumWidth(24)
        self.lo = ExactDoubleSpinBox()
        self.hi = ExactDoubleSpinBox()
        for spin, v in ((self.lo, lo), (self.hi, hi)):
            spin.setRange(-1e6, 1e6)
            spin.setDecimals(2)
            spin.setValue(v)
            spin.setKeyboardTracking(False)
            spin.setMaximumWidth(72)
        set_text(self.lo, "toolTip", lambda: trf("The lowest value of the slider for %1", name))
        set_text(self.lo, "accessibleName", lambda: trf("%1 slider lowest value", name))
        set_text(self.hi, "toolTip", lambda: trf("The highest value of the slider for %1", name))
        set_text(self.hi, "accessibleName", lambda: trf("%1 slider highest value", name))
        # imported with the first parameter: a plain f(x) starts without it (faster start)
        from superqt import QLabeledDoubleSlider

        self.slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName(f"slider_{name}")
        self.slider.setDecimals(3)
        self.slider.setRange(min(lo, value), max(hi, value))
        self.slider.setValue(value)
        set_text(self.slider, "accessibleName", lambda: trf("Parameter %1", name))
        set_text(
            self.slider,
            "toolTip",
            lambda: trf(
                "Value of the free name <b>%1</b> (a plain number, not a tensor that "
                "requires grad). Drag to re-plot.",
                name,
            ),
        )
        self.slider.valueChanged.connect(self._on_value)
        self.lo.valueChanged.connect(self._on_range)
        self.hi.valueChanged.connect(self._on_range)
        lay.addWidget(label)
        lay.addWidget(self.lo)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.hi)
        # --- play button (gradplot.ui.param_play drives it) ---
        self.play = QToolButton()
        self.play.setObjectName(f"play_{name}")
        self.play.setCheckable(True)
        self.play.setText("▶")
        set_text(self.play, "accessibleName", lambda: trf("Play %1", name))
        set_text(
            self.play,
            "toolTip",
            lambda: trf("Play %1: move its slider by itself (loop or bounce)", name),
        )
        self.play.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        lay.addWidget(self.play)
        # --- end play button ---

    def value(self) -> float:
        return float(self.slider.value())

    def set_value(self, v: float) -> None:
        if v < self.lo.exact():
            self.lo.setValue(v)
        if v > self.hi.exact():
            self.hi.setValue(v)
        self.slider.setValue(v)

    def range(self) -> tuple[float, float]:
        return (self.lo.exact(), self.hi.exact())

    def show_parameter(self, p: Parameter) -> None:
        """Show ``p`` (the panel mutes this row's signals while it does)."""
        # the slider follows even when the boxes show no change (both clamped or rounded)
        for spin, v in ((self.lo, p.minimum), (self.hi, p.maximum)):
            if spin.exact() != v:
                spin.setValue(v)
        if (self.slider.minimum(), self.slider.maximum()) != (p.minimum, p.maximum):
            self.slider.setRange(p.minimum, p.maximum)
        if float(self.slider.value()) != p.value:
            self.slider.setValue(p.value)

    def _on_value(self, v: float) -> None:
        self.valueChanged.emit(self.name, float(v))

    def _on_range(self) -> None:
        self.rangeChanged.emit(self.name, self.lo.exact(), self.hi.exact())


class ParameterPanel(QGroupBox):
    """One slider row per parameter of ``state``, added and removed as they change.

    The state remembers the values of names that went (:data:`PARAM_MEMORY` of them),
    so deleting and retyping ``a`` keeps it. :meth:`propose_names` (names found while the
    user types) adds a row only for a name still there after a pause in typing.
    """

    rowsChanged = Signal()  # rows were added or removed (param_play adds its players)
    namesSettled = Signal()  # proposed names got their rows, after the pause

    def __init__(self, state: PlotState | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Parameters", parent)
        self.setObjectName("parameters")
        self.state = state if state is not None else PlotState()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self._empty = QLabel(
            "<span style='color:#666'>Free names such as <b>a</b> in "
            "<code>a*sin(b*x)</code> get a slider here.</span>"
        )
        self._empty.setWordWrap(True)
        self._layout.addWidget(self._empty)
        self._rows: dict[str, _ParamRow] = {}
        self._muted = False
        self._pending: list[str] | None = None
        self._debouncer: QSignalDebouncer | None = None  # made with the first new name
        self.state.events.parameters.connect(self._on_parameters)
        self._on_parameters(self.state.parameters)

    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.state.parameters)

    def values(self) -> dict[str, float]:
        return {p.name: p.value for p in self.state.parameters}

    def row(self, name: str) -> _ParamRow:
        return self._rows[name]

    def slider(self, name: str) -> QLabeledDoubleSlider:
        return self._rows[name].slider

    def set_names(self, names: tuple[str, ...] | list[str]) -> None:
        """Show exactly these parameters (in this order) now, keeping existing rows."""
        self._pending = None
        if self._debouncer is not None:
            self._debouncer.cancel()
        self.state.show_parameters(names)

    def propose_names(self, names: tuple[str, ...] | list[str]) -> None:
        """The names the source has now, while it is being typed.

        Rows of names that are gone go at once; a new name gets its row only when no
        other proposal came for :data:`PARAM_SETTLE_MS` (then :attr:`namesSettled`).
        """
        wanted = list(dict.fromkeys(names))
        shown = self.names()
        kept = [name for name in shown if name in wanted]
        if len(kept) != len(shown):
            self.state.show_parameters(kept)
        if all(name in kept for name in wanted):
            self._pending = None
            if self._debouncer is not None:
                self._debouncer.cancel()
            return
        self._pending = wanted
        if self._debouncer is None:
            from superqt.utils import QSignalDebouncer

            self._debouncer = QSignalDebouncer(parent=self)
            self._debouncer.setTimeout(PARAM_SETTLE_MS)
            self._debouncer.triggered.connect(self._on_settled)
        self._debouncer.throttle()

    @property
    def pending(self) -> tuple[str, ...]:
        """Proposed names that wait for the pause in typing."""
        return tuple(self._pending or ())

    def settle_now(self) -> None:
        """Add the rows of the proposed names now (as the pause in typing would)."""
        if self._debouncer is not None:
            self._debouncer.flush(restart_timer=False)

    def _on_settled(self) -> None:
        if self._pending is None:
            return
        self.set_names(self._pending)
        self.namesSettled.emit()

    # --- the state -> the rows -------------------------------------------------------------
    def _on_parameters(self, parameters: tuple[Parameter, ...]) -> None:
        wanted = {p.name: p for p in parameters}
        gone = [name for name in self._rows if name not in wanted]
        added = False
        self._muted = True
        try:
            for name in gone:
                row = self._rows.pop(name)
                self._layout.removeWidget(row)
                row.hide()
                row.deleteLater()
            for name, p in wanted.items():
                if name in self._rows:
                    self._rows[name].show_parameter(p)
                    continue
                row = _ParamRow(name, p.value, p.minimum, p.maximum)
                row.valueChanged.connect(self._on_value)
                row.rangeChanged.connect(self._on_range)
                self._rows[name] = row
                self._layout.addWidget(row)
                added = True
        finally:
            self._muted = False
        self._empty.setVisible(not self._rows)
        if gone or added:
            self.rowsChanged.emit()

    # --- the user's edits -> the state -----------------------------------------------------
    def _on_value(self, name: str, value: float) -> None:
        if not self._muted:
            self.state.set_parameter(name, value)

    def _on_range(self, name: str, lo: float, hi: float) -> None:
        if not self._muted:
            self.state.set_parameter_range(name, lo, hi)

    # --- memory ----------------------------------------------------------------------------
    def remember(self, state: dict[str, tuple[float, float, float]]) -> None:
        """Restore saved values and ranges (used for names that appear later)."""
        given = []
        for name, (value, lo, hi) in state.items():
            lo, hi = min(lo, value), max(hi, value)
            try:
                given.append(Parameter(name, value, lo, hi if hi > lo else lo + 1.0))
            except ValueError:
                continue
        self.state.remember(given)

    def slider_values(self) -> dict[str, tuple[float, float, float]]:
        """The current rows and the remembered ones (bounded): what the settings keep."""
        shown = {p.name for p in self.state.parameters}
        params = [p for p in self.state.remembered if p.name not in shown]
        params += self.state.parameters
        return {p.name: (p.value, p.minimum, p.maximum) for p in params}
