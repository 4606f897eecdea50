"""The classroom layer: languages, projector mode, graph and PyTorch docks.

:class:`Classroom` is built from the plot state, the evaluation controller, the action
registry, the plot and the main window that hosts its docks. It registers:

* View ▸ Language (System / English / 简体中文), stored in QSettings and applied at
  once (and on the next start, by :func:`gradplot.ui.i18n.install`);
* View ▸ Projector mode (F11, also on the toolbar);
* the Computation graph and Show as PyTorch docks (View menu, toolbar), updated with
  every result;

and gives accessible names to controls that have none (derived from their label or
parent), and the plot the system's light/dark scheme as its theme.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QScrollBar,
    QSplitter,
    QTextEdit,
    QWidget,
)

from gradplot.engine import Result
from gradplot.model import PlotState
from gradplot.ui import i18n
from gradplot.ui.actions import ActionRegistry
from gradplot.ui.backprop_panel import BackpropPanel
from gradplot.ui.evaluation import EvaluationController
from gradplot.ui.graph_view import GraphView
from gradplot.ui.plot_view import PlotView
from gradplot.ui.pytorch_panel import PyTorchPanel
from gradplot.ui.theme import DARK, ProjectorMode, system_is_dark

INTERACTIVE = (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QAbstractSlider,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QGraphicsView,
)
RETRANSLATE_DELAY_MS = 80


def needs_name(w: QWidget) -> bool:
    """An interactive control a screen reader must be able to name."""
    if isinstance(w, QScrollBar):
        return False
    if isinstance(w, QLineEdit) and isinstance(w.parent(), QAbstractSpinBox | QComboBox):
        return False  # the spin box / combo box itself carries the name
    return isinstance(w, INTERACTIVE) and w.focusPolicy() != Qt.FocusPolicy.NoFocus


def ensure_accessible_names(root: QWidget) -> None:
    """Give every unnamed control the text of its buddy label, else its parent's name."""
    buddies: dict[int, str] = {}
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.text():
            buddies[id(buddy)] = label.text().replace("&", "")
    for w in root.findChildren(QWidget):
        if not needs_name(w) or w.accessibleName():
            continue
        if isinstance(w, QAbstractButton) and w.text():
            continue  # Qt names a button by its text
        name = buddies.get(id(w), "")
        parent = w.parentWidget()
        while not name and parent is not None and parent is not root:
            name = parent.accessibleName()
            build = i18n.builder(parent, "accessibleName")
            if name and build is not None:  # built at run time: so is the copy
                i18n.set_text(w, "accessibleName", build)
                name = ""
                break
            parent = parent.parentWidget()
        if name:
            w.setAccessibleName(name)


class Classroom(QObject):
    """Languages, projector mode and the graph and PyTorch docks of one window.

    ``host`` is the main window the docks go into (and whose widgets are retranslated);
    ``splitter``, when given, makes room for the plot in projector mode.
    """

    languageChanged = Signal(str)  # "en" or "zh", after the window was retranslated
    projectorToggled = Signal(bool)

    def __init__(
        self,
        state: PlotState,
        evaluation: EvaluationController,
        registry: ActionRegistry,
        plot: PlotView,
        host: QMainWindow,
        settings: QSettings | None = None,
        *,
        splitter: QSplitter | None = None,
    ) -> None:
        super().__init__(host)
        self.setObjectName("classroom")
        self.state = state
        self.evaluation = evaluation
        self.plot = plot
        self.host = host
        self.splitter = splitter
        self._settings = settings
        self._shown_once = False
        self._splitter_state: QByteArray | None = None

        # --- docks -----------------------------------------------------------------------
        self.graph_view = GraphView()
        # x to trace at and the backward() stepper around the view (gradplot.ui.backprop_panel)
        self.graph_panel = BackpropPanel(self.graph_view)
        self.graph_panel.plot_derivative = self._plot_derivative
        self.graph_panel.xChosen.connect(self._on_trace_x)
        self.graph_panel.cursor_button.clicked.connect(self._trace_at_cursor)
        self.graph_dock = QDockWidget("Computation graph", host)
        self.graph_dock.setObjectName("graphDock")
        self.graph_dock.setWidget(self.graph_panel)
        self.pytorch_panel = PyTorchPanel()
        self.pytorch_dock = QDockWidget("Show as PyTorch", host)
        self.pytorch_dock.setObjectName("pytorchDock")
        self.pytorch_dock.setWidget(self.pytorch_panel)
        # wide enough to read when shown beside the plot (a dock starts at its minimum)
        self.graph_view.setMinimumWidth(340)
        self.pytorch_panel.setMinimumWidth(360)
        for dock in (self.graph_dock, self.pytorch_dock):
            dock.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
            host.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            dock.hide()
        host.tabifyDockWidget(self.graph_dock, self.pytorch_dock)
        self.graph_dock.visibilityChanged.connect(self._on_graph_visible)
        self._graph_dirty = True

        # --- actions (View menu and toolbar) ------------------------------------------------
        self.projector = ProjectorMode(host, plot)
        self.projector_action = registry.add(
            "projector", "Pro&jector mode", self.set_projector, menu="view",
            section="classroom", order=110, shortcut="F11", checkable=True, toolbar=10,
            tooltip="Projector mode (F11): full screen, large fonts, thick curves, "
            "high contrast", object_name="projectorAction",
        )
        self.graph_action = registry.add(
            "graph", "Computation &graph", self.graph_dock.toggleViewAction(), menu="view",
            section="classroom", order=120, shortcut="Ctrl+Shift+G", toolbar=20,
            tooltip="Show the autograd graph of f (Ctrl+Shift+G)", object_name="graphAction",
        )
        self.pytorch_action = registry.add(
            "pytorch", "Show as &PyTorch", self.pytorch_dock.toggleViewAction(), menu="view",
            section="classroom", order=130, shortcut="Ctrl+Shift+P", toolbar=30,
            tooltip="Show f as a plain PyTorch script (Ctrl+Shift+P)",
            object_name="pytorchAction",
        )
        self.language_menu = registry.add_submenu(
            "language", "&Language", menu="view", section="classroom", order=140
        )
        group = QActionGroup(self)
        group.setExclusive(True)
        self.language_actions: dict[i18n.Choice, QAction] = {}
        choice = i18n.language_choice(settings)
        for k, key in enumerate(i18n.CHOICES):
            action = registry.add(
                f"language_{key}", i18n.CHOICE_LABELS[key], None, menu="language", order=k,
                checkable=True, checked=key == choice, object_name=f"language_{key}",
            )
            if key != "system":  # a language names itself in its own language
                action.setProperty("i18n_exempt", True)
            # triggered, not toggled: the group unchecking the others is no choice
            action.triggered.connect(lambda _on=False, k=key: self.choose_language(k))
            group.addAction(action)
            self.language_actions[key] = action

        # --- reactions -------------------------------------------------------------------
        self._retranslate_timer = QTimer(self)
        self._retranslate_timer.setSingleShot(True)
        self._retranslate_timer.setInterval(RETRANSLATE_DELAY_MS)
        self._retranslate_timer.timeout.connect(self.retranslate_now)
        evaluation.resultReady.connect(self._on_result)
        host.statusBar().messageChanged.connect(self._on_status_message)
        if not host.isVisible():  # else built after the first paint: see first_shown()
            host.installEventFilter(self)
        plot.scene().sigMouseClicked.connect(self._on_plot_clicked)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            hints = app.styleHints()
            if hasattr(hints, "colorSchemeChanged"):
                hints.colorSchemeChanged.connect(self._on_color_scheme)
        if system_is_dark():
            self._on_color_scheme()

    # --- language --------------------------------------------------------------------------
    def choose_language(self, choice: i18n.Choice) -> None:
        """Store the choice and switch the running window to it."""
        i18n.set_language_choice(choice, self._settings)
        self.language_actions[choice].setChecked(True)
        self.apply_language(i18n.resolve(choice))

    def apply_language(self, language: i18n.Language) -> None:
        i18n.set_language(language)
        self.retranslate_now()
        self.plot.retranslate()
        self.pytorch_panel.retranslated()
        self.graph_panel.retranslate()
        self._graph_dirty = True
        self._refresh_graph()
        self.languageChanged.emit(i18n.current_language())

    def retranslate_now(self) -> None:
        self._retranslate_timer.stop()
        ensure_accessible_names(self.host)
        i18n.retranslate(self.host)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Show and not self._shown_once:
            # only the first Show matters: every later event would be a trip into Python
            self.host.removeEventFilter(self)
            self.first_shown()
        return False

    def first_shown(self) -> None:
        """Name and translate the window's controls, once (at its first Show, or when a
        window shown before its plot existed is whole)."""
        if self._shown_once:
            return
        self._shown_once = True
        if i18n.current_language() == "en":
            # the widgets already show English: walking the tree would only record it
            # (a later switch records it then), so the first paint comes sooner
            ensure_accessible_names(self.host)
        else:
            self.retranslate_now()

    def _on_status_message(self, message: str) -> None:
        if message and i18n.current_language() == "zh":
            translated = i18n.translate(message)
            if translated != message:
                self.host.statusBar().showMessage(translated, 2000)

    # --- results ---------------------------------------------------------------------------
    def _on_result(self, result: Result) -> None:
        scalar = (result.scalar_value is not None) if result.ok else None
        self.pytorch_panel.set_request(result.request, scalar)
        self._graph_dirty = True
        self._refresh_graph()
        if i18n.current_language() == "zh":
            self._retranslate_timer.start()

    def _on_graph_visible(self, visible: bool) -> None:
        # the engine records the backward pass only while someone can see it (a new trace
        # is evaluated: the evaluation controller sees the state change)
        self.state.trace_x = self.graph_panel.trace_x if visible else None
        if visible:
            self.plot.set_cursor(self.graph_panel.trace_x)
            # share the side with other docks (the lesson panel) half and half
            height = max(self.host.height() // 2, 240)
            self.host.resizeDocks([self.graph_dock], [height], Qt.Orientation.Vertical)
            self._refresh_graph()

    def _on_trace_x(self, x: float) -> None:
        self.plot.set_cursor(x)  # the plot's readout shows f′ at the same x
        if self.graph_dock.isVisible():
            self.state.trace_x = x
            self.evaluation.request_soon(again=True)  # picked again: traced again

    def _trace_at_cursor(self) -> None:
        x = self.plot.cursor_x
        if x is not None:
            self.graph_panel.set_x(x)

    def _on_plot_clicked(self, event: object) -> None:
        if not self.graph_dock.isVisible():
            return
        button = getattr(event, "button", None)
        if button is None or button() != Qt.MouseButton.LeftButton:
            return
        plot = self.plot
        pos = event.scenePos()  # type: ignore[attr-defined]
        box = plot.getPlotItem().getViewBox()
        if box.sceneBoundingRect().contains(pos):
            self.graph_panel.set_x(float(box.mapSceneToView(pos).x()))

    def _plot_derivative(self, x: float) -> float | None:
        readout = self.plot.readout_at(x)
        if readout is None:
            return None
        try:
            return readout.value("df")
        except KeyError:
            return None

    def _refresh_graph(self) -> None:
        if not self._graph_dirty or not self.graph_dock.isVisible():
            return
        result = self.evaluation.last_result
        if result is None:
            return
        self._graph_dirty = False
        self.graph_panel.set_result(result)

    # --- projector and theme -----------------------------------------------------------------
    @property
    def projector_active(self) -> bool:
        return self.projector.active

    def set_projector(self, on: bool) -> None:
        if on == self.projector.active:
            return
        splitter = self.splitter
        if on and splitter is not None:
            self._splitter_state = splitter.saveState()
        self.projector.set_active(on)
        self.projector_action.setChecked(on)
        if splitter is not None and on:  # the plot is what the back row must see
            total = sum(splitter.sizes()) or self.host.width()
            splitter.setSizes([int(total * 0.36), total - int(total * 0.36)])
        elif splitter is not None and self._splitter_state is not None:
            splitter.restoreState(self._splitter_state)
        self.graph_view.set_font_scale(self.projector.scale if on else 1.0)
        self.graph_view.dark = False if on else self.projector.normal_theme is DARK
        self._graph_dirty = True
        self._refresh_graph()
        self.projectorToggled.emit(on)

    def _on_color_scheme(self, *_args: object) -> None:
        self.projector.follow_system()  # the plot takes the new theme (not in projector mode)
        self.graph_view.dark = not self.projector.active and self.projector.normal_theme is DARK
        self._graph_dirty = True
        self._refresh_graph()
