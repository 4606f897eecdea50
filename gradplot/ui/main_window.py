"""The window: the layout of editor, controls, plot and error panel, bound to one state.

Data flows one way: a widget changes the :class:`~gradplot.model.PlotState` -> the
:class:`~gradplot.ui.evaluation.EvaluationController` builds a frozen Request -> the
engine -> a Result -> the plot and the panels. The features (classroom, lessons and
files, calculus tools) are controllers built from the state, the evaluation controller
and the action registry; the window builds its menus and toolbar from that registry.

A *staged* window (the app's) is painted before its plot exists: the editor, switches
and panels first, the plot's place held by an empty area of the plot's colour. The
plot (with pyqtgraph and numpy) and the features that draw on it are built in the
event-loop turn after that first paint (``ready``), long before the engine process has
loaded torch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from gradplot import __version__
from gradplot.engine import DEFAULT_RANGE, Request, Result
from gradplot.engine_process import DEFAULT_MEMORY_LIMIT_MB
from gradplot.model import DEFAULT_SOURCE, PlotState, Session
from gradplot.model.document import Document
from gradplot.model.lesson_state import LessonState
from gradplot.ui import i18n
from gradplot.ui.actions import ActionRegistry
from gradplot.ui.controls import ParameterPanel, RangeControls, ToggleControls
from gradplot.ui.editor import CodeEditor
from gradplot.ui.error_panel import ErrorPanel, NotesPanel
from gradplot.ui.evaluation import EvaluationController
from gradplot.ui.gc_pause import long_lived
from gradplot.ui.i18n import current_language, localize_error, set_text, tr, trf
from gradplot.ui.motion import ReducedMotion
from gradplot.ui.param_play import ParamPlay
from gradplot.ui.settings import (
    as_bool,
    as_int,
    make_settings,
    restore_plot_state,
    save_plot_state,
)
from gradplot.ui.theme import system_theme
from gradplot.ui.worker import EvaluateFn, Evaluator

if TYPE_CHECKING:  # the plot and what draws on it are imported once the window painted
    from gradplot.ui.classroom import Classroom
    from gradplot.ui.files import FileController
    from gradplot.ui.plot_view import PlotView
    from gradplot.ui.secant import SecantTool
    from gradplot.ui.teaching import Teaching
    from gradplot.ui.values_dock import ValuesDock

BUSY_DELAY_MS = 150
SAVE_DELAY_MS = 1500
# MB the engine process may use above its own size (0: no cap); a setting, no widget
MEMORY_LIMIT_KEY = "engine/memoryLimitMB"
# the menus every feature registers into (gradplot.ui.actions), in menu-bar order
MENUS = (("file", "&File", 0), ("edit", "&Edit", 10), ("view", "&View", 20),
         ("lesson", "&Lesson", 30), ("help", "&Help", 90))

__all__ = ["MainWindow", "format_timings", "make_settings"]


def _timing(name: str, ms: float) -> str:
    value = f"{ms:.2f}"
    phase, _, number = name.partition(" ")
    if phase == "forward" and not number:
        return trf("forward %1 ms", value)
    if phase == "trace" and not number:
        return trf("trace %1 ms", value)
    if phase == "backward" and number:
        return trf("backward %1 %2 ms", number, value)
    if phase == "order" and number:
        return trf("order %1 %2 ms", number, value)
    return trf("%1 %2 ms", name, value)


def format_timings(result: Result) -> str:
    """The status line of a result, in the current language."""
    parts = [_timing(name, ms) for name, ms in result.timings]
    parts.append(trf("graph %1 nodes", result.graph_nodes))
    # what each higher derivative walks back: the graph create_graph built (exercise 1)
    primes = ("f″", "f‴", "f⁗")
    for k, nodes in enumerate(result.backprop_nodes[1:]):
        if k < len(primes):
            parts.append(trf("for %1: %2 nodes", primes[k], nodes))
    parts.append(trf("%1 points", len(result.x)))
    return "  ·  ".join(parts)


def _session_capture(state: PlotState, evaluation: EvaluationController) -> Callable[[], Session]:
    """The state as a session, "auto" points as last sampled. Holds no reference to the
    window: the model objects it is given to must not keep the window alive."""

    def capture() -> Session:
        last = evaluation.last_request
        return state.snapshot(points_if_auto=last.points if last is not None else None)

    return capture


def _toolbar_height() -> int:
    """The height of a toolbar of text buttons in this style and font."""
    probe = QToolBar()
    probe.addAction("Lessons")
    height = probe.sizeHint().height()
    probe.deleteLater()
    return height


class MainWindow(QMainWindow):
    """The complete gradplot window, evaluation included.

    ``MainWindow()`` restores the last session from the settings; ``source`` (e.g. from
    the command line) overrides the saved function. ``persist=False`` never writes the
    settings (screenshots, tests that want a clean slate). ``window.state`` is what it
    shows; ``window.evaluation`` evaluates it.

    ``staged=True`` paints the window before the plot and the tools on it are built (see
    the module's docstring): they exist from ``ready`` on (:meth:`when_ready`). Without
    it the window is whole once constructed.
    """

    resultShown = Signal(object)  # every Result applied to the window (ok or error)
    plotPainted = Signal()  # the plot's viewport finished a paint
    firstPaint = Signal()  # the window's first paint
    ready = Signal()  # the plot, the tools on it and every menu exist (staged: after a paint)
    languageChanged = Signal(str)  # the classroom's, for what is built before it

    plot: PlotView
    classroom: Classroom
    secant: SecantTool
    values: ValuesDock
    files: FileController
    teaching: Teaching

    def __init__(
        self,
        source: str | None = None,
        *,
        settings: QSettings | None = None,
        persist: bool = True,
        restore: bool = True,
        evaluate: EvaluateFn | None = None,
        staged: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("gradplot")
        self._settings = settings if settings is not None else make_settings()
        self._persist = persist
        self._replaced: str | None = None  # the source a session put in: old curves go
        self._typing = False  # the last change of the source came from the keyboard
        self._showing_source = False  # the editor is being set from the state
        self._painted = False
        self._closed = False
        self._ready = False
        self._on_ready: list[Callable[[], None]] = []
        self._restore = restore
        self._staged = staged
        self._evaluate = evaluate
        self.state = PlotState()

        # --- widgets, each bound to the state ---------------------------------------------
        self.editor = CodeEditor()
        self.error_panel = ErrorPanel()
        # the one-click fix of maths notation: one undoable edit, like typing it
        self.error_panel.fixRequested.connect(self._on_fix_requested)
        self.notes_panel = NotesPanel()
        self.toggles = ToggleControls(self.state)
        self.ranges = RangeControls(self.state)
        self.parameters = ParameterPanel(self.state)
        # where the plot goes: painted in the plot's colour until the plot is built
        self._plot_slot = QWidget()
        self._plot_slot.setObjectName("plotSlot")
        self._plot_slot.setAutoFillBackground(True)
        palette = self._plot_slot.palette()
        palette.setColor(self._plot_slot.backgroundRole(), QColor(system_theme().background))
        self._plot_slot.setPalette(palette)
        self._plot_slot.setMinimumWidth(200)
        self._plot_slot.installEventFilter(self)

        left = QWidget()
        left.setObjectName("sidePanel")
        lay = QVBoxLayout(left)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(6)
        title = QLabel("<b>f(x)</b> <span style='color:#666'>— an expression in x, or "
                       "<code>def f(x): …</code></span>")
        title.setBuddy(self.editor)
        lay.addWidget(title)
        lay.addWidget(self.editor, 3)
        lay.addWidget(self.error_panel)
        lay.addWidget(self.notes_panel)
        lay.addWidget(self.toggles)
        lay.addWidget(self.ranges)
        params_scroll = QScrollArea()
        params_scroll.setWidgetResizable(True)
        params_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        params_scroll.setWidget(self.parameters)
        params_scroll.setMinimumHeight(70)
        lay.addWidget(params_scroll, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._plot_slot)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([430, 770])
        self.setCentralWidget(self.splitter)

        # --- status bar (the timings label has one owner: this window) ---------------------
        self.timings_label = QLabel("Loading PyTorch…")
        self.timings_label.setObjectName("timings")
        self.busy = QProgressBar()
        self.busy.setObjectName("busy")
        self.busy.setMaximumWidth(160)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.statusBar().addWidget(self.timings_label, 1)
        self.statusBar().addPermanentWidget(self.busy)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(self._show_busy)

        # --- evaluation ----------------------------------------------------------------------
        self.evaluation = EvaluationController(self.state, evaluate=evaluate, parent=self)
        self.evaluation.resultReady.connect(self._on_result)
        self.evaluation.busyChanged.connect(self._on_busy_changed)
        self.evaluation.progress.connect(self._on_progress)
        self.evaluation.engineReady.connect(self._on_engine_ready)
        self.evaluation.set_memory_limit(
            as_int(self._settings.value(MEMORY_LIMIT_KEY), DEFAULT_MEMORY_LIMIT_MB)
        )

        # --- features: controllers that register their actions -------------------------------
        self.registry = ActionRegistry(self)
        for menu_id, menu_title, order in MENUS:
            self.registry.add_menu(menu_id, menu_title, order)
        self._register_actions()
        # reduced motion and the parameter player (no plot needed: built now)
        self.motion = ReducedMotion(self._settings, self.registry, self)
        # the tools keep no reference to the window itself: a reference cycle through it
        # would leave it to the garbage collector, which may run on the worker thread
        evaluation = self.evaluation
        self.param_play = ParamPlay(self.parameters, self.motion,
                                    language_changed=self.languageChanged,
                                    ready=lambda: not evaluation.busy)
        # lessons and files: the decks and the document (their controllers come with the plot)
        capture = _session_capture(self.state, self.evaluation)
        self.lessons = LessonState(self.state, capture=capture,
                                   language=current_language)
        self.document = Document(self.state, self.lessons, capture=capture)
        self.toolbar = QToolBar("Classroom", self)
        self.toolbar.setObjectName("classroomToolbar")
        self.toolbar.setAccessibleName("Classroom toolbar")
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        if staged:  # its entries come with the plot: the height they need is kept now
            self.toolbar.setMinimumHeight(_toolbar_height())
        self.registry.build_menu_bar(self.menuBar(), empty=True)
        self.file_menu = self.registry.menu("file")

        # --- the state to start from ---------------------------------------------------------
        self.resize(1200, 760)
        if restore:
            self._restore_window()
        if source is not None:
            self.state.source = source
        elif not self.state.source.strip():
            self.state.source = DEFAULT_SOURCE
        self._on_state_source(self.state.source)
        self.state.update(view_x=self.state.x_range, view_y=(-1.5, 1.5))

        self.editor.sourceChanged.connect(self._on_editor_source)
        self.state.events.source.connect(self._on_state_source)
        self.state.replaced.connect(self._on_replaced)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_settings)
        self.state.events.all.connect(self._on_state_changed)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

        if not staged:
            self._build_plot()
        elif i18n.current_language() != "en":
            i18n.retranslate(self)  # the first paint is in the user's language too
        QTimer.singleShot(0, self._maybe_start_engine)

    # --- the plot and what draws on it ------------------------------------------------------
    def _build_plot(self) -> None:
        """The plot, the features that draw on it, their menus; then ``ready``."""
        # the app's staged build: like the rest of the start, no collection walks the
        # objects pyqtgraph makes, and they are frozen afterwards (gradplot.ui.gc_pause)
        with long_lived() if self._staged else contextlib.nullcontext():
            self._build_plot_now()
        self._ready = True
        self.ready.emit()
        callbacks, self._on_ready = self._on_ready, []
        for callback in callbacks:
            callback()

    def _build_plot_now(self) -> None:
        from gradplot.ui.classroom import Classroom
        from gradplot.ui.files import FileController
        from gradplot.ui.plot_view import PlotView
        from gradplot.ui.secant import SecantTool
        from gradplot.ui.teaching import Teaching
        from gradplot.ui.values_dock import ValuesDock

        evaluate = self._evaluate
        self.plot = PlotView(state=self.state)
        sizes = self.splitter.sizes()
        self.splitter.replaceWidget(1, self.plot)
        self.splitter.setSizes(sizes)
        self._plot_slot.removeEventFilter(self)
        self._plot_slot.deleteLater()
        self.evaluation.attach_view(self.plot)
        self._register_plot_actions()
        self.plot.tangentToggled.connect(self.registry.action("tangent").setChecked)
        # languages, projector mode, graph and PyTorch docks (gradplot.ui.classroom)
        self.classroom = Classroom(
            self.state, self.evaluation, self.registry, self.plot, self, self._settings,
            splitter=self.splitter,
        )
        self.classroom.languageChanged.connect(self._on_language_changed)
        self.classroom.languageChanged.connect(self.languageChanged)
        language = self.classroom.languageChanged
        # calculus tools (each a controller of its own, see their modules)
        self.secant = SecantTool(self, self.plot, self.resultShown, self.registry, self.motion,
                                 language_changed=language, evaluate=evaluate)
        self.values = ValuesDock(self, self.resultShown, self.plot, self.registry,
                                 language_changed=language, evaluate=evaluate)
        self.files = FileController(
            self.document, self.lessons, self.evaluation, self.registry, window=self,
            plot=self.plot, settings=self._settings, autosave=self._persist,
            drop_targets=(self.editor.viewport(), self.plot.viewport()))
        self.teaching = Teaching(self.state, self.lessons, self.document, self.evaluation,
                                 self.registry, window=self, plot=self.plot,
                                 settings=self._settings)
        self.registry.build_menu_bar(self.menuBar())
        self.registry.build_toolbar(self.toolbar)
        self.toolbar.setMinimumHeight(0)
        if self._restore:
            self._restore_plot_and_docks()
        self.plot.fitRequested.connect(self.fit_view)
        self.plot.viewport().installEventFilter(self)
        if self.isVisible():
            self.classroom.first_shown()

    @property
    def is_ready(self) -> bool:
        """Whether the plot and every tool on it exist (always, unless staged)."""
        return self._ready

    def when_ready(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the window is whole: now, or at ``ready``."""
        if self._ready:
            callback()
        else:
            self._on_ready.append(callback)

    # --- menus ---------------------------------------------------------------------------
    def _register_actions(self) -> None:
        add = self.registry.add
        add("quit", "&Quit", self.close, menu="file", section="quit", order=1000,
            shortcut=QKeySequence.StandardKey.Quit)
        undo = add("undo", "&Undo", lambda: self.editor.undo(), menu="edit", order=10,
                   shortcut=QKeySequence.StandardKey.Undo)
        redo = add("redo", "&Redo", lambda: self.editor.redo(), menu="edit", order=20,
                   shortcut=[QKeySequence.StandardKey.Redo, "Ctrl+Y"])
        for action in (undo, redo):  # the editor's own keys win while it has the focus
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        add("edit_function", "Edit &function", lambda: self.editor.setFocus(), menu="view",
            section="plot", order=40, shortcut="Ctrl+E")
        add("memory_limit", "Engine &memory cap…", self.choose_memory_limit, menu="edit",
            section="engine", order=100,
            tooltip="How much memory a function may take before it is stopped")
        add("about", "&About gradplot", self._about, menu="help")

    def _register_plot_actions(self) -> None:
        add = self.registry.add
        add("tangent", "&Tangent line at the cursor", self.plot.set_tangent_visible,
            menu="view", section="plot", order=10, shortcut="Ctrl+T", checkable=True,
            tooltip="Tangent line at the cursor (T on the plot, Ctrl+T)")
        add("fit", "&Fit the curves", self.fit_view, menu="view", section="plot", order=20,
            shortcut="Ctrl+0")  # and Home on the plot
        add("reset_range", "&Reset x range", self.reset_range, menu="view", section="plot",
            order=30, shortcut="Ctrl+R")
        add("focus_plot", "Focus the &plot", lambda: self.plot.setFocus(), menu="view",
            section="plot", order=50, shortcut="Ctrl+G")

    # --- the engine's memory cap (a setting: MB above the engine's own size) -------------
    def set_memory_limit(self, megabytes: int) -> None:
        """Give the cap to the engine and store it (unless ``persist=False``): a running
        request keeps its cap, the next one gets the new one."""
        self.evaluation.set_memory_limit(megabytes)
        if self._persist:
            self._settings.setValue(MEMORY_LIMIT_KEY, self.evaluation.memory_limit_mb)

    def choose_memory_limit(self) -> None:
        value, ok = QInputDialog.getInt(
            self,
            tr("Engine memory cap"),
            tr("Memory a function may use, in MB above the engine's own size "
               "(0: no cap).\nPast it the function is stopped and explained."),
            self.evaluation.memory_limit_mb,
            0,
            1_048_576,
            256,
        )
        if ok:
            self.set_memory_limit(value)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About gradplot",
            f"<b>gradplot {__version__}</b><br>Type f(x), flip the autograd switches, "
            "watch f and df/dx drawn by PyTorch autograd.",
        )

    # --- engine start: after the first paint, so the window shows before torch loads --
    def _maybe_start_engine(self) -> None:
        if self.evaluation.started or self._closed:
            return
        if self.isVisible() and not self._painted:
            QTimer.singleShot(1500, self._start)  # in case no paint ever comes
            return
        self._start()

    def _start(self) -> None:
        if self._closed:
            return
        if not self._ready:
            self._build_plot()
        self.evaluation.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            if not self._ready and watched is self._plot_slot:
                QTimer.singleShot(0, self._note_paint)
            elif self._ready and watched is self.plot.viewport():
                QTimer.singleShot(0, self._after_paint)
        return False

    def _note_paint(self) -> None:
        """The first paint is announced, and the evaluation started (in a staged window,
        after the plot is built)."""
        if not self._painted:
            self._painted = True
            self.firstPaint.emit()
        if not self.evaluation.started:
            self._start()

    def _after_paint(self) -> None:
        self._note_paint()
        self.plotPainted.emit()

    # --- the evaluation, as tests and the features reach it --------------------------------
    @property
    def evaluator(self) -> Evaluator:
        return self.evaluation.evaluator

    @property
    def last_request(self) -> Request | None:
        return self.evaluation.last_request

    @property
    def last_result(self) -> Result | None:
        return self.evaluation.last_result

    def request_soon(self) -> None:
        self.evaluation.request_soon()

    def request_now(self) -> Request | None:
        return self.evaluation.request_now()

    def apply_session(self, session: Session) -> None:
        """Show a saved session (function, switches, range, parameters) and evaluate it."""
        self.state.apply(session)

    def current_session(self) -> Session:
        """The current state as a session (what a file or a lesson slide stores)."""
        return _session_capture(self.state, self.evaluation)()

    # --- the editor <-> the state ----------------------------------------------------------
    def _on_editor_source(self, text: str) -> None:
        if not self._showing_source:
            self.state.source = text

    def _on_state_source(self, text: str) -> None:
        # typed into the editor (it has the focus), not put there by a file, slide or
        # button: new names then wait for a pause in typing before they get a slider
        self._typing = self.editor.hasFocus()
        if self.editor.source() == text:
            return
        self._showing_source = True
        try:
            self.editor.set_source(text)
        finally:
            self._showing_source = False
        if self.editor.source() != text:  # the editor keeps line breaks as "\n"
            self.state.source = self.editor.source()

    def _on_replaced(self, _session: Session) -> None:
        # until its first result arrives, a failing new function leaves an empty plot,
        # not the old function's curves greyed
        self._replaced = self.state.source

    # --- view ------------------------------------------------------------------------------
    def fit_view(self) -> None:
        """Fit the view to the curves, and follow the data again from now on."""
        if not self.state.auto_points:
            self.plot.fit_x_to_data()
        self.plot.set_following(True)
        self.plot.fit_y()

    def reset_range(self) -> None:
        self.plot.set_following(True)
        self.ranges.set_x_range(*DEFAULT_RANGE)

    # --- results ---------------------------------------------------------------------
    def _on_result(self, result: Result) -> None:
        if self._closed:
            return
        replaced = self._replaced is not None and result.request.source == self._replaced
        if replaced:
            self._replaced = None
        if result.error is not None:
            error = result.error
            self.error_panel.show_error(error)
            self.editor.set_error_position(error.line, error.column)
            if result.f is not None:  # autograd refused after f was computed: draw f
                self.plot.set_result(result, fit_y=self.plot.following)
                self.plot.show_missing_derivative(error)
            elif replaced:
                self.plot.clear_data()
            else:
                self.plot.set_stale(True)
            self.notes_panel.show_notes(())
            if result.param_names:
                self._show_parameters(
                    tuple(dict.fromkeys((*self.parameters.names(), *result.param_names)))
                )
            set_text(
                self.timings_label, "text", lambda: trf("Error: %1", localize_error(error).title)
            )
        else:
            self.error_panel.clear()
            self.editor.clear_error_position()
            self.plot.set_result(result, fit_y=self.plot.following)
            self.notes_panel.show_notes(result.notes, result.output)
            self._show_parameters(result.param_names)
            set_text(self.timings_label, "text", lambda: format_timings(result))
        self.resultShown.emit(result)

    def _show_parameters(self, names: tuple[str, ...]) -> None:
        if self._typing:
            self.parameters.propose_names(names)
        else:
            self.parameters.set_names(names)

    def _on_fix_requested(self, fix: str) -> None:
        self.editor.set_source(fix)
        self.editor.setFocus()

    def _on_language_changed(self, _language: str) -> None:
        # the panels render their texts in the language that is current when shown
        if self.error_panel.error is not None:
            self.error_panel.show_error(self.error_panel.error)
        if self.notes_panel.notes:
            self.notes_panel.show_notes(self.notes_panel.notes)

    def _on_busy_changed(self, busy: bool) -> None:
        if busy:
            if not self._busy_timer.isActive() and not self.busy.isVisible():
                self.busy.setRange(0, 0)  # indeterminate until a progress report comes
                self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy.setVisible(False)

    def _show_busy(self) -> None:
        # (progress may have come first: its range stays)
        if self.evaluation.busy:
            self.busy.setVisible(True)

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.busy.setRange(0, total)
            self.busy.setValue(done)
            set_text(self.busy, "toolTip", lambda: trf("%1 of %2 points", done, total))

    def _on_engine_ready(self, seconds: float) -> None:
        if self.evaluation.last_result is None:
            set_text(
                self.timings_label, "text", lambda: trf("PyTorch loaded in %1 s", f"{seconds:.1f}")
            )

    # --- settings --------------------------------------------------------------------
    def _on_state_changed(self, *_args: object) -> None:
        # what the next start restores: written a little after the changes settle
        if self._persist and not self._closed:
            self._save_timer.start()

    def save_settings(self) -> None:
        if not self._persist or not self._ready:  # a window not yet whole: nothing to keep
            return
        s = self._settings
        save_plot_state(s, self.state)
        s.setValue("tangent", self.plot.tangent_visible)
        s.setValue("geometry", self.saveGeometry())
        s.setValue("windowState", self.saveState())
        s.setValue("splitter", self.splitter.saveState())
        s.sync()

    def restore_settings(self) -> None:
        self._restore_window()
        self._restore_plot_and_docks()

    def _restore_window(self) -> None:
        s = self._settings
        restore_plot_state(s, self.state)
        geometry = s.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = s.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def _restore_plot_and_docks(self) -> None:
        s = self._settings
        self.plot.set_tangent_visible(as_bool(s.value("tangent"), False))
        state_bytes = s.value("windowState")  # the docks and the toolbar: they exist now
        if isinstance(state_bytes, QByteArray):
            self.restoreState(state_bytes)

    # --- shutdown --------------------------------------------------------------------
    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._save_timer.stop()
        self._busy_timer.stop()
        self.evaluation.shutdown()
        for tool in ("secant", "values"):
            if hasattr(self, tool):
                getattr(self, tool).evaluator.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._ready:
            self._build_plot()  # closed before the first paint: the files decide as always
        if not self.files.maybe_save():  # unsaved work: the teacher may say "not yet"
            event.ignore()
            return
        self.files.finish()
        self.teaching.shutdown()
        if not self._closed:
            self.save_settings()
        self.shutdown()
        super().closeEvent(event)
