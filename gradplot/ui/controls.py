"""The autograd toggles, the x range and point count, and the parameter sliders.

Widgets here hold plain values and emit ``changed``; the window turns them into a
frozen Request. Nothing here knows about torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
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

if TYPE_CHECKING:
    from superqt import QLabeledDoubleSlider
    from superqt.utils import QSignalDebouncer

ORDER_LABELS = ("f′", "f′ and f″", "f′, f″ and f‴")
MAX_UI_ORDER = len(ORDER_LABELS)
AUTO_POINTS = 0  # the point-count value that means "one sample per screen pixel"
# a new free name gets its slider once typing paused this long (no slider for "r", "re"...)
PARAM_SETTLE_MS = 500
# slider values kept for names that are gone (the parameters of recent functions)
PARAM_MEMORY = 16


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
    """Checkboxes and spin boxes for the autograd switches."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Autograd", parent)
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
            cb.toggled.connect(self._emit)
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
        self.passes.valueChanged.connect(self._emit)
        order = about["order"]
        self.order = QComboBox()
        self.order.setObjectName(order.object_name)
        self.order.addItems(list(ORDER_LABELS))
        self.order.setAccessibleName(order.label.replace("&", ""))
        self.order.setToolTip(tip(order))
        self.order.currentIndexChanged.connect(self._on_order)
        # an order above what the menu offers (from a file) is kept until the user picks
        self._held_order: int | None = None
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
        self._muted = False
        self.set_toggles(AutogradSwitches())

    def _emit(self) -> None:
        if not self._muted:
            self.changed.emit()

    def _on_order(self) -> None:
        if not self._muted:
            self._held_order = None
        self._emit()

    def toggles(self) -> AutogradSwitches:
        return AutogradSwitches(
            vector_input=self.vector_input.isChecked(),
            detach=self.detach.isChecked(),
            retain_graph=self.retain_graph.isChecked(),
            backward_passes=self.passes.value(),
            zero_grad=self.zero_grad.isChecked(),
            strict_backward=self.strict_backward.isChecked(),
            order=self._held_order or self.order.currentIndex() + 1,
        )

    def set_toggles(self, t: AutogradSwitches) -> None:
        self._muted = True
        try:
            self.vector_input.setChecked(t.vector_input)
            self.detach.setChecked(t.detach)
            self.retain_graph.setChecked(t.retain_graph)
            self.passes.setValue(t.backward_passes)
            self.zero_grad.setChecked(t.zero_grad)
            self.strict_backward.setChecked(t.strict_backward)
            self.order.setCurrentIndex(min(max(t.order, 1), MAX_UI_ORDER) - 1)
            self._held_order = t.order if t.order > MAX_UI_ORDER else None
        finally:
            self._muted = False
        self.changed.emit()


class RangeControls(QGroupBox):
    """x range and number of points ("auto" = one sample per screen pixel)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Sampling", parent)
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
            spin.valueChanged.connect(self._emit)
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
        self.points.valueChanged.connect(self._emit)
        lay.addWidget(QLabel("x from"))
        lay.addWidget(self.x_min, 1)
        lay.addWidget(QLabel("to"))
        lay.addWidget(self.x_max, 1)
        lay.addWidget(QLabel("points"))
        lay.addWidget(self.points, 1)
        self._muted = False

    def _emit(self) -> None:
        if not self._muted:
            self.changed.emit()

    def x_range(self) -> tuple[float, float]:
        return (self.x_min.exact(), self.x_max.exact())

    def set_x_range(self, lo: float, hi: float, *, quiet: bool = False) -> None:
        self._muted = True
        try:
            self.x_min.setValue(lo)
            self.x_max.setValue(hi)
        finally:
            self._muted = False
        if not quiet:
            self.changed.emit()

    def point_count(self) -> int:
        return self.points.value()

    def set_point_count(self, n: int) -> None:
        self.points.setValue(n)


class _ParamRow(QWidget):
    valueChanged = Signal(str, float)

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
        for spin, v, tip in ((self.lo, lo, "lowest"), (self.hi, hi, "highest")):
            spin.setRange(-1e6, 1e6)
            spin.setDecimals(2)
            spin.setValue(v)
            spin.setKeyboardTracking(False)
            spin.setMaximumWidth(72)
            spin.setToolTip(f"The {tip} value of the slider for {name}")
            spin.setAccessibleName(f"{name} slider {tip} value")
        # imported with the first parameter: a plain f(x) starts without it (faster start)
        from superqt import QLabeledDoubleSlider

        self.slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName(f"slider_{name}")
        self.slider.setDecimals(3)
        self.slider.setRange(min(lo, value), max(hi, value))
        self.slider.setValue(value)
        self.slider.setAccessibleName(f"Parameter {name}")
        self.slider.setToolTip(
            f"Value of the free name <b>{name}</b> (a plain number, not a tensor that "
            "requires grad). Drag to re-plot."
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
        self.play.setAccessibleName(f"Play {name}")
        self.play.setToolTip(f"Play {name}: move its slider by itself (loop or bounce)")
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

    def set_range(self, lo: float, hi: float) -> None:
        # the slider follows even when the boxes show no change (both clamped or rounded)
        for spin, v in ((self.lo, lo), (self.hi, hi)):
            spin.blockSignals(True)
            try:
                spin.setValue(v)
            finally:
                spin.blockSignals(False)
        self._on_range()

    def _on_value(self, v: float) -> None:
        self.valueChanged.emit(self.name, float(v))

    def _on_range(self) -> None:
        lo, hi = self.lo.exact(), self.hi.exact()
        if hi <= lo:
            hi = lo + 1.0
            self.hi.blockSignals(True)
            self.hi.setValue(hi)
            self.hi.blockSignals(False)
        self.slider.setRange(lo, hi)


class ParameterPanel(QGroupBox):
    """One slider row per free name of the source, added and removed as it changes.

    Values of removed names are remembered (the :data:`PARAM_MEMORY` most recent), so
    deleting and retyping ``a`` keeps it. :meth:`propose_names` (names found while the
    user types) adds a row only for a name still there after a pause in typing.
    """

    changed = Signal()
    rowsChanged = Signal()  # rows were added or removed (param_play adds its players)
    namesSettled = Signal()  # proposed names got their rows, after the pause

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Parameters", parent)
        self.setObjectName("parameters")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self._empty = QLabel(
            "<span style='color:#666'>Free names such as <b>a</b> in "
            "<code>a*sin(b*x)</code> get a slider here.</span>"
        )
        self._empty.setWordWrap(True)
        self._layout.addWidget(self._empty)
        self._form = QFormLayout()
        self._rows: dict[str, _ParamRow] = {}
        self._memory: dict[str, tuple[float, float, float]] = {}  # oldest first
        self._pending: list[str] | None = None
        self._debouncer: QSignalDebouncer | None = None  # made with the first new name

    def names(self) -> tuple[str, ...]:
        return tuple(self._rows)

    def values(self) -> dict[str, float]:
        return {name: row.value() for name, row in self._rows.items()}

    def row(self, name: str) -> _ParamRow:
        return self._rows[name]

    def slider(self, name: str) -> QLabeledDoubleSlider:
        return self._rows[name].slider

    def set_names(self, names: tuple[str, ...] | list[str]) -> None:
        """Show exactly these parameters (in this order) now, keeping existing rows."""
        self._pending = None
        if self._debouncer is not None:
            self._debouncer.cancel()
        wanted = list(dict.fromkeys(names))
        self._remove_all_but(wanted)
        for name in wanted:
            if name not in self._rows:
                value, lo, hi = self._memory.get(name, (1.0, -5.0, 5.0))
                row = _ParamRow(name, value, lo, hi)
                row.valueChanged.connect(self._on_value)
                self._rows[name] = row
                self._layout.addWidget(row)
        self._empty.setVisible(not self._rows)
        self.rowsChanged.emit()

    def propose_names(self, names: tuple[str, ...] | list[str]) -> None:
        """The names the source has now, while it is being typed.

        Rows of names that are gone go at once; a new name gets its row only when no
        other proposal came for :data:`PARAM_SETTLE_MS` (then :attr:`namesSettled`).
        """
        wanted = list(dict.fromkeys(names))
        if self._remove_all_but(wanted):
            self.rowsChanged.emit()
        if all(name in self._rows for name in wanted):
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

    def _remove_all_but(self, wanted: list[str]) -> bool:
        """Drop the rows of names not in ``wanted``; True when there were any."""
        gone = [name for name in self._rows if name not in wanted]
        for name in gone:
            row = self._rows.pop(name)
            self._keep(name, (row.value(), *row.range()))
            self._layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self._empty.setVisible(not self._rows)
        return bool(gone)

    def _keep(self, name: str, triple: tuple[float, float, float]) -> None:
        """Remember ``name``'s slider as the most recent one; forget the oldest."""
        self._memory.pop(name, None)
        self._memory[name] = triple
        while len(self._memory) > PARAM_MEMORY:
            del self._memory[next(iter(self._memory))]

    def remember(self, state: dict[str, tuple[float, float, float]]) -> None:
        """Restore saved values and ranges (used for names that appear later)."""
        for name, triple in state.items():
            self._keep(name, triple)
        for name, (value, lo, hi) in state.items():
            if name in self._rows:
                row = self._rows[name]
                row.set_range(lo, hi)
                row.set_value(value)

    def restore(self, state: dict[str, tuple[float, float, float]]) -> None:
        """Show exactly these parameters and forget every other remembered value: a file
        or slide is a whole state, and a name it does not list is 1.0 (the default)."""
        self.set_names(list(state))
        self._memory = {}
        self.remember(state)

    def state(self) -> dict[str, tuple[float, float, float]]:
        """The current rows and the remembered ones (bounded): what the settings keep."""
        out = {name: t for name, t in self._memory.items() if name not in self._rows}
        for name, row in self._rows.items():
            out[name] = (row.value(), *row.range())
        return out

    def known_values(self) -> dict[str, float]:
        """Values for every name seen so far (current rows win)."""
        out = {name: v for name, (v, _lo, _hi) in self._memory.items()}
        out.update(self.values())
        return out

    def _on_value(self, _name: str, _value: float) -> None:
        self.changed.emit()
