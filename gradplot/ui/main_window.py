"""The window: wiring of editor, controls, plot, error panel and the evaluation worker.

Data flows one way: widgets -> frozen Request -> worker -> Result -> plot + panels.
"""

from __future__ import annotations

import json
import math
import time
from typing import Any

import numpy as np
from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gradplot import __version__
from gradplot.engine import DEFAULT_RANGE, DEFAULT_TIME_LIMIT, ErrorInfo, Request, Result
from gradplot.engine.model import DType
from gradplot.engine.switches import AutogradSwitches
from gradplot.engine_process import DEFAULT_MEMORY_LIMIT_MB
from gradplot.model import Session
from gradplot.ui.classroom import install as install_classroom
from gradplot.ui.controls import AUTO_POINTS, ParameterPanel, RangeControls, ToggleControls
from gradplot.ui.editor import CodeEditor
from gradplot.ui.error_panel import ErrorPanel, NotesPanel
from gradplot.ui.errors_zh import localize_error
from gradplot.ui.motion import ReducedMotion
from gradplot.ui.param_play import ParamPlay
from gradplot.ui.plot_view import PlotView
from gradplot.ui.secant import SecantTool
from gradplot.ui.teaching import Teaching
from gradplot.ui.values_dock import ValuesDock
from gradplot.ui.worker import EvaluateFn, Evaluator

DEFAULT_SOURCE = "sin(x)"
AUTO_MIN_POINTS = 400
AUTO_MAX_POINTS = 8000
BUSY_DELAY_MS = 150
SETTINGS_VERSION = 1
# MB the engine process may use above its own size (0: no cap); a setting, no widget
MEMORY_LIMIT_KEY = "engine/memoryLimitMB"


def make_settings() -> QSettings:
    """The app's settings store (an INI file in the user's config directory)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "gradplot", "gradplot"
    )


def _as_bool(value: Any, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if value is None:
        return default
    return bool(value)


def _as_float(value: Any, default: float) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return default
    return out if math.isfinite(out) else default


def _as_int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def format_timings(result: Result) -> str:
    parts = [f"{name} {ms:.2f} ms" for name, ms in result.timings]
    parts.append(f"graph {result.graph_nodes} nodes")
    # what each higher derivative walks back: the graph create_graph built (exercise 1)
    primes = ("f″", "f‴", "f⁗")
    for k, nodes in enumerate(result.backprop_nodes[1:]):
        if k < len(primes):
            parts.append(f"for {primes[k]}: {nodes} nodes")
    parts.append(f"{len(result.x)} points")
    return "  ·  ".join(parts)


class MainWindow(QMainWindow):
    """The complete gradplot window, worker included.

    ``MainWindow()`` restores the last session from the settings; ``source`` (e.g. from
    the command line) overrides the saved function. ``persist=False`` never writes the
    settings (screenshots, tests that want a clean slate).
    """

    resultShown = Signal(object)  # every Result applied to the window (ok or error)
    plotPainted = Signal()  # the plot's viewport finished a paint
    firstPaint = Signal()

    def __init__(
        self,
        source: str | None = None,
        *,
        settings: QSettings | None = None,
        persist: bool = True,
        restore: bool = True,
        evaluate: EvaluateFn | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("gradplot")
        self._settings = settings if settings is not None else make_settings()
        self._persist = persist
        self._last_request: Request | None = None
        self._last_result: Result | None = None
        self._replaced: str | None = None  # the source a session put in: old curves go
        self._typing = False  # the last change of the source came from the keyboard
        self._painted = False
        self._closed = False
        self._submitted_at = 0.0
        self.time_limit = DEFAULT_TIME_LIMIT  # seconds the engine may spend per request
        self.x_values: tuple[float, ...] | None = None  # explicit samples (a lesson slide)
        self.dtype: DType = "float64"
        self.trace_x: float | None = None  # set while the graph dock is open (its x)

        # --- widgets -----------------------------------------------------------------
        self.editor = CodeEditor()
        self.error_panel = ErrorPanel()
        # the one-click fix of maths notation: one undoable edit, like typing it
        self.error_panel.fixRequested.connect(self._on_fix_requested)
        self.notes_panel = NotesPanel()
        self.toggles = ToggleControls()
        self.ranges = RangeControls()
        self.parameters = ParameterPanel()
        self.plot = PlotView()

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
        self.splitter.addWidget(self.plot)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([430, 770])
        self.setCentralWidget(self.splitter)

        # --- status bar --------------------------------------------------------------
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

        self._build_menus()
        # languages, projector mode, graph and PyTorch docks (gradplot.ui.classroom)
        self.classroom = install_classroom(self, self._settings)

        # --- worker ------------------------------------------------------------------
        self.evaluator = Evaluator(self, evaluate=evaluate)
        self.evaluator.resultReady.connect(self._on_result)
        self.evaluator.busyChanged.connect(self._on_busy_changed)
        self.evaluator.progress.connect(self._on_progress)
        self.evaluator.engineReady.connect(self._on_engine_ready)
        if self.evaluator.link is not None:
            self.evaluator.link.set_memory_limit(
                _as_int(self._settings.value(MEMORY_LIMIT_KEY), DEFAULT_MEMORY_LIMIT_MB)
            )

        # --- state -------------------------------------------------------------------
        self._request_timer = QTimer(self)
        self._request_timer.setSingleShot(True)
        self._request_timer.setInterval(0)
        self._request_timer.timeout.connect(self.request_now)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(1500)
        self._save_timer.timeout.connect(self.save_settings)

        self.ranges.set_x_range(*DEFAULT_RANGE, quiet=True)
        self.resize(1200, 760)
        if restore:
            self.restore_settings()
        if source is not None:
            self.editor.set_source(source)
        elif not self.editor.source().strip():
            self.editor.set_source(DEFAULT_SOURCE)
        self.plot.set_x_view(*self.ranges.x_range())
        self.plot.set_y_view(-1.5, 1.5)

        self.editor.sourceChanged.connect(self._on_source_changed)
        self.toggles.changed.connect(self._on_controls_changed)
        self.ranges.changed.connect(self._on_range_changed)
        self.parameters.changed.connect(self._on_controls_changed)
        self.plot.xViewChanged.connect(self._on_view_changed)
        self.plot.tangentToggled.connect(self._tangent_action.setChecked)
        self.plot.fitRequested.connect(self.fit_view)
        self.plot.viewport().installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        # lessons, reference curve, files, autosave and export (gradplot.ui.teaching)
        self.teaching = Teaching(self, autosave=persist)
        # calculus tools (each a controller of its own, see their modules)
        self.motion = ReducedMotion(self._settings, self)
        language = self.classroom.languageChanged
        self.secant = SecantTool(self, self.plot, self.resultShown, self.motion,
                                 language_changed=language, evaluate=evaluate)
        self.values = ValuesDock(self, self.resultShown, self.plot,
                                 language_changed=language, evaluate=evaluate)
        # the tools keep no reference to the window itself: a reference cycle through it
        # would leave it to the garbage collector, which may run on the worker thread
        evaluator = self.evaluator
        self.param_play = ParamPlay(self.parameters, self.motion, language_changed=language,
                                    ready=lambda: not evaluator.busy)
        for action in (self.secant.action, self.values.action, self.motion.action):
            self.view_menu.addAction(action)
        self.classroom.toolbar.addAction(self.secant.action)
        self.classroom.toolbar.addAction(self.values.action)

        self.request_soon()
        QTimer.singleShot(0, self._maybe_start_engine)

    # --- menus ---------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.file_menu = file_menu
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        undo = QAction("&Undo", self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.triggered.connect(lambda: self.editor.undo())
        redo = QAction("&Redo", self)
        redo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])
        redo.triggered.connect(lambda: self.editor.redo())
        for action in (undo, redo):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            edit_menu.addAction(action)

        view_menu = self.menuBar().addMenu("&View")
        self.view_menu = view_menu
        self._tangent_action = QAction("&Tangent line at the cursor", self)
        self._tangent_action.setCheckable(True)
        self._tangent_action.setShortcut(QKeySequence("Ctrl+T"))
        self._tangent_action.setToolTip("Tangent line at the cursor (T on the plot, Ctrl+T)")
        self._tangent_action.toggled.connect(lambda on: self.plot.set_tangent_visible(on))
        view_menu.addAction(self._tangent_action)
        fit = QAction("&Fit the curves", self)
        fit.setShortcut(QKeySequence("Ctrl+0"))  # and Home on the plot
        fit.triggered.connect(self.fit_view)
        view_menu.addAction(fit)
        reset = QAction("&Reset x range", self)
        reset.setShortcut(QKeySequence("Ctrl+R"))
        reset.triggered.connect(self.reset_range)
        view_menu.addAction(reset)
        focus_editor = QAction("Edit &function", self)
        focus_editor.setShortcut(QKeySequence("Ctrl+E"))
        focus_editor.triggered.connect(lambda: self.editor.setFocus())
        view_menu.addAction(focus_editor)
        focus_plot = QAction("Focus the &plot", self)
        focus_plot.setShortcut(QKeySequence("Ctrl+G"))
        focus_plot.triggered.connect(lambda: self.plot.setFocus())
        view_menu.addAction(focus_plot)

        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About gradplot", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About gradplot",
            f"<b>gradplot {__version__}</b><br>Type f(x), flip the autograd switches, "
            "watch f and df/dx drawn by PyTorch autograd.",
        )

    # --- engine start: after the first paint, so the window shows before torch loads --
    def _maybe_start_engine(self) -> None:
        if self.evaluator.started or self._closed:
            return
        if self.isVisible() and not self._painted:
            QTimer.singleShot(1500, self.evaluator.start)  # in case no paint ever comes
            return
        self.evaluator.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.plot.viewport():
            QTimer.singleShot(0, self._after_paint)
        return False

    def _after_paint(self) -> None:
        if not self._painted:
            self._painted = True
            self.firstPaint.emit()
            if not self.evaluator.started:
                self.evaluator.start()
        self.plotPainted.emit()

    # --- requests --------------------------------------------------------------------
    @property
    def last_request(self) -> Request | None:
        return self._last_request

    @property
    def last_result(self) -> Result | None:
        return self._last_result

    def apply_session(self, session: Session) -> None:
        """Show a saved session (function, switches, range, parameters) and evaluate it."""
        self.teaching.apply_session(session)

    def current_session(self) -> Session:
        """The current state as a session (what a file or a lesson slide stores)."""
        return self.teaching.current_session()

    def auto_points(self) -> bool:
        return self.ranges.point_count() == AUTO_POINTS

    def _auto_point_count(self) -> int:
        """Samples for "auto": 1.5 per screen pixel of the plot's width."""
        return min(max(int(self.plot.pixel_width() * 1.5), AUTO_MIN_POINTS), AUTO_MAX_POINTS)

    def build_request(self) -> Request:
        t = self.toggles.toggles()
        if self.auto_points():
            lo, hi = self.plot.x_view()
            n = self._auto_point_count()
        else:
            lo, hi = self.ranges.x_range()
            n = self.ranges.point_count()
        lo, hi = min(lo, hi), max(lo, hi)
        return Request(
            source=self.editor.source(),
            x_range=(lo, hi),
            points=n,
            x_values=self.x_values,
            params=self.parameters.known_values(),
            dtype=self.dtype,
            time_limit=self.time_limit,
            **t.as_kwargs(),
            request_id=self.evaluator.new_id(),
            trace_x=self.trace_x,
        )

    def request_soon(self) -> None:
        """Evaluate after the current burst of changes (same event-loop turn)."""
        if not self._closed:
            self._request_timer.start()

    def request_now(self) -> Request | None:
        if self._closed:
            return None
        self._request_timer.stop()
        request = self.build_request()
        if request.x_range[0] == request.x_range[1]:
            info = ErrorInfo(
                kind="range",
                title="The x range is empty",
                explanation="The left and the right end of the x range are the same number, "
                "so there is nothing to sample.",
                hint="# make 'x from' smaller than 'to'",
            )
            self._on_result(Result(request=request, x=np.empty(0), error=info))
            return None
        self._last_request = request
        self._submitted_at = time.perf_counter()
        self.evaluator.submit(request)
        self._save_soon()
        return request

    # --- reactions to the widgets ----------------------------------------------------------
    def _on_source_changed(self, _text: str) -> None:
        # typed into the editor (it has the focus), not put there by a file, slide or
        # button: new names then wait for a pause in typing before they get a slider
        self._typing = self.editor.hasFocus()
        self.request_soon()

    def _on_controls_changed(self) -> None:
        self.request_soon()

    def _on_range_changed(self) -> None:
        lo, hi = self.ranges.x_range()
        if hi > lo:
            self.plot.set_x_view(lo, hi)
        self.request_soon()

    def _on_view_changed(self, lo: float, hi: float) -> None:
        if self.auto_points():
            self.ranges.set_x_range(lo, hi, quiet=True)
            last = self._last_request
            if (
                last is not None
                and last.x_range == (lo, hi)
                and abs(last.points - self._auto_point_count()) < 0.1 * last.points
            ):
                return  # same view, about the same resolution: nothing new to see
            self.request_soon()

    def fit_view(self) -> None:
        """Fit the view to the curves, and follow the data again from now on."""
        if not self.auto_points():
            self.plot.fit_x_to_data()
        self.plot.set_following(True)
        self.plot.fit_y()

    def reset_range(self) -> None:
        self.plot.set_following(True)
        self.ranges.set_x_range(*DEFAULT_RANGE)

    def follow_new_function(self, view_y: tuple[float, float] | None = None) -> None:
        """A slide, file or lesson replaced the function: its view, or follow the data.

        Until its first result arrives, a failing new function leaves an empty plot,
        not the old function's curves greyed.
        """
        self._replaced = self.editor.source()
        if view_y is not None:
            self.plot.set_y_view(*view_y)
            self.plot.set_following(False)
        else:
            self.plot.set_following(True)

    # --- results ---------------------------------------------------------------------
    def _on_result(self, result: Result) -> None:
        if self._closed:
            return
        self._last_result = result
        replaced = self._replaced is not None and result.request.source == self._replaced
        if replaced:
            self._replaced = None
        if result.error is not None:
            error = result.error
            self.error_panel.show_error(error)
            self.editor.set_error_position(error.line, error.column)
            if result.f is not None:  # autograd refused after f was computed: draw f
                self.plot.set_result(result, fit_y=self.plot.following)
                self.plot.show_missing_derivative(localize_error(error).title)
            elif replaced:
                self.plot.clear_data()
            else:
                self.plot.set_stale(True)
            self.notes_panel.show_notes(())
            if result.param_names:
                self._show_parameters(
                    tuple(dict.fromkeys((*self.parameters.names(), *result.param_names)))
                )
            self.timings_label.setText(f"Error: {error.title}")
        else:
            self.error_panel.clear()
            self.editor.clear_error_position()
            self.plot.set_result(result, fit_y=self.plot.following)
            self.notes_panel.show_notes(result.notes, result.output)
            self._show_parameters(result.param_names)
            self.timings_label.setText(format_timings(result))
        self.resultShown.emit(result)

    def _show_parameters(self, names: tuple[str, ...]) -> None:
        if self._typing:
            self.parameters.propose_names(names)
        else:
            self.parameters.set_names(names)

    def _on_fix_requested(self, fix: str) -> None:
        self.editor.set_source(fix)
        self.editor.setFocus()

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
        if self.evaluator.busy:
            self.busy.setVisible(True)

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.busy.setRange(0, total)
            self.busy.setValue(done)
            self.busy.setToolTip(f"{done} of {total} points")

    def _on_engine_ready(self, seconds: float) -> None:
        if self._last_result is None:
            self.timings_label.setText(f"PyTorch loaded in {seconds:.1f} s")

    # --- settings --------------------------------------------------------------------
    def _save_soon(self) -> None:
        if self._persist:
            self._save_timer.start()

    def save_settings(self) -> None:
        if not self._persist:
            return
        s = self._settings
        t = self.toggles.toggles()
        s.setValue("version", SETTINGS_VERSION)
        s.setValue("source", self.editor.source())
        s.setValue("toggles", json.dumps(t.as_kwargs()))
        lo, hi = self.ranges.x_range()
        s.setValue("range", json.dumps([lo, hi]))
        s.setValue("points", self.ranges.point_count())
        s.setValue("params", json.dumps(self.parameters.state()))
        s.setValue("tangent", self.plot.tangent_visible)
        s.setValue("geometry", self.saveGeometry())
        s.setValue("windowState", self.saveState())
        s.setValue("splitter", self.splitter.saveState())
        s.sync()

    def restore_settings(self) -> None:
        s = self._settings
        source = s.value("source")
        if isinstance(source, str) and source.strip():
            self.editor.set_source(source)
        try:
            raw = json.loads(str(s.value("toggles", "{}")))
            if isinstance(raw, dict):
                # each switch read as its default's type; a missing or bad one: default
                values: dict[str, Any] = {
                    name: (_as_bool if isinstance(default, bool) else _as_int)(
                        raw.get(name), default
                    )
                    for name, default in AutogradSwitches().as_kwargs().items()
                }
                self.toggles.set_toggles(AutogradSwitches(**values))
        except (ValueError, TypeError):
            pass
        try:
            rng = json.loads(str(s.value("range", "null")))
            if isinstance(rng, list) and len(rng) == 2:
                lo, hi = _as_float(rng[0], DEFAULT_RANGE[0]), _as_float(rng[1], DEFAULT_RANGE[1])
                if hi > lo:
                    self.ranges.set_x_range(lo, hi, quiet=True)
        except (ValueError, TypeError):
            pass
        self.ranges.set_point_count(max(_as_int(s.value("points", AUTO_POINTS), AUTO_POINTS), 0))
        try:
            params = json.loads(str(s.value("params", "{}")))
            if isinstance(params, dict):
                state: dict[str, tuple[float, float, float]] = {}
                for name, triple in params.items():
                    if isinstance(name, str) and isinstance(triple, list) and len(triple) == 3:
                        v, lo, hi = (_as_float(t, 0.0) for t in triple)
                        state[name] = (v, lo, hi)
                self.parameters.remember(state)
        except (ValueError, TypeError):
            pass
        self.plot.set_tangent_visible(_as_bool(s.value("tangent"), False))
        geometry = s.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state_bytes = s.value("windowState")
        if isinstance(state_bytes, QByteArray):
            self.restoreState(state_bytes)
        splitter = s.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    # --- shutdown --------------------------------------------------------------------
    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._request_timer.stop()
        self._save_timer.stop()
        self._busy_timer.stop()
        self.evaluator.shutdown()
        for tool in ("secant", "values"):
            if hasattr(self, tool):
                getattr(self, tool).evaluator.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self.save_settings()
        self.shutdown()
        super().closeEvent(event)
