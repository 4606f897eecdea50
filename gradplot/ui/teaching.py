"""Lessons in the window: the Lesson dock and menu, slide keys and the reference curve.

``Teaching`` is a controller built from the plot's state, the lessons, the document,
the evaluation controller and the action registry: it adds the "Lesson" dock (a
:class:`LessonPanel` bound to the :class:`LessonState`) to the main window, registers
the Lesson menu, turns presentation clicker keys into slide steps and draws the
reference curve that the evaluation controller computes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow

from gradplot.engine import Result
from gradplot.io.errors import SessionFileError
from gradplot.lessons import builtin_decks
from gradplot.model.document import Document
from gradplot.model.lesson_state import LessonState
from gradplot.model.plot_state import PlotState
from gradplot.ui.actions import ActionRegistry
from gradplot.ui.evaluation import EvaluationController
from gradplot.ui.i18n import tr
from gradplot.ui.lesson_panel import LessonPanel, SlideKeys
from gradplot.ui.plot_view import PlotView
from gradplot.ui.reference import ReferenceOverlay, format_difference

PANEL_KEY = "lessons/panelVisible"


class Teaching(QObject):
    """Everything a lesson needs in one window."""

    referenceShown = Signal(object)  # the reference Result drawn (or refused)

    def __init__(
        self,
        state: PlotState,
        lessons: LessonState,
        document: Document,
        evaluation: EvaluationController,
        registry: ActionRegistry,
        *,
        window: QMainWindow,
        plot: PlotView,
        settings: QSettings,
    ) -> None:
        super().__init__(window)
        self.lessons = lessons
        self.document = document
        self.evaluation = evaluation
        self._settings = settings
        self._closed = False
        self.panel = LessonPanel(lessons, state)
        self.dock = QDockWidget(tr("Lesson"), window)
        self.dock.setObjectName("lessonDock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.panel.setMinimumWidth(280)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        try:
            for deck in builtin_decks():
                lessons.add_deck(deck, builtin=True, select=False)
        except SessionFileError as exc:
            window.statusBar().showMessage(exc.message, 10000)

        self.overlay = ReferenceOverlay(plot, self, evaluation=evaluation)
        self.overlay.shown.connect(self._on_reference_shown)
        # after the window's own handler (it was connected first): the plot has the result
        evaluation.resultReady.connect(self.panel.show_result)
        self.keys = SlideKeys(window, lessons)
        document.events.opened.connect(self._on_file_opened)
        # The plot comes first: the panel starts hidden (F9 or the toolbar shows it)
        # unless the teacher left it open last time.
        self.dock.setVisible(str(settings.value(PANEL_KEY, "false")).lower() == "true")
        self.dock.toggleViewAction().toggled.connect(self._remember_panel)
        self._register(registry)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def _register(self, registry: ActionRegistry) -> None:
        lessons, panel = self.lessons, self.panel
        entries = (
            ("next_slide", tr("&Next slide"), lessons.next_slide, None, "go"),
            ("previous_slide", tr("&Previous slide"), lessons.previous_slide, None, "go"),
            ("reset_slide", tr("&Reset slide"), lessons.reset_slide, "Ctrl+Shift+R", "go"),
            ("new_lesson", tr("New &lesson"), panel.new_deck, None, "edit"),
            ("add_slide", tr("&Add current state as a slide"), panel.add_current_slide,
             "Ctrl+Shift+N", "edit"),
            ("update_slide", tr("&Update slide from current state"),
             lessons.update_current_slide, None, "edit"),
            ("edit_slide", tr("&Edit slide texts…"), panel.edit_current_slide_dialog, None,
             "edit"),
            ("rename_lesson", tr("Re&name lesson…"), panel.rename_deck_dialog, None, "edit"),
            ("slide_up", tr("Move slide &up"), lambda: lessons.move_current_slide(-1), None,
             "edit"),
            ("slide_down", tr("Move slide &down"), lambda: lessons.move_current_slide(1), None,
             "edit"),
            ("delete_slide", tr("&Delete slide"), lessons.delete_current_slide, None, "edit"),
        )
        for order, (action_id, text, slot, shortcut, section) in enumerate(entries):
            # a lambda: triggered(bool) must not reach a slot's optional argument
            registry.add(action_id, text, lambda _=False, slot=slot: slot(), menu="lesson",
                         section=section, order=order, shortcut=shortcut)
        # first on the toolbar: the lesson panel is the classroom's main tool
        registry.add("lessons_panel", tr("&Lessons"), self.dock.toggleViewAction(),
                     menu="lesson", section="panel", order=len(entries),
                     shortcut=QKeySequence("F9"), toolbar=-1,
                     tooltip=tr("Lessons: the autograd notebook as slides, and your own decks "
                                "(F9)"))

    def _remember_panel(self, visible: bool) -> None:
        if not self._closed:
            self._settings.setValue(PANEL_KEY, "true" if visible else "false")

    def _on_file_opened(self, _path: object) -> None:
        if self.document.has_deck:
            self.dock.show()

    def _on_reference_shown(self, reference: Result | None) -> None:
        overlay = self.overlay
        if reference is None:
            self.panel.show_reference_status("")
            return
        if overlay.error_title is not None:
            self.panel.show_reference_status(
                tr("Reference not drawn: {why}").format(why=overlay.error_title))
        elif overlay.difference is not None:
            self.panel.show_reference_status(
                tr("max |f′ − reference| = {value}").format(
                    value=format_difference(overlay.difference)))
        else:
            self.panel.show_reference_status("")
        self.referenceShown.emit(reference)

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.keys.remove()
