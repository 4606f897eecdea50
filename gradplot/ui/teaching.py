"""Lessons, the reference curve, files and export, wired into the main window.

``Teaching(window)`` adds a "Lesson" dock (deck picker, slide view, deck editing,
expected-derivative field), the File menu entries (open, save, recent, export),
a Lesson menu, slide keys for presentation clickers, autosave and the reference
curve. The window itself only creates it and delegates two methods to it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QFileDialog, QMenu

from gradplot.engine import Result
from gradplot.io.autosave import AutosaveStore
from gradplot.io.errors import SessionFileError
from gradplot.lessons import builtin_decks
from gradplot.model import Session
from gradplot.ui import export
from gradplot.ui.files import FileController
from gradplot.ui.lesson_panel import LessonPanel, SlideKeys
from gradplot.ui.reference import ReferenceOverlay, format_difference, reference_request
from gradplot.ui.worker import Evaluator

if TYPE_CHECKING:
    from gradplot.ui.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("Teaching", text)


PANEL_KEY = "lessons/panelVisible"

class Teaching(QObject):
    """Everything a lesson needs, attached to one :class:`MainWindow`."""

    referenceShown = Signal(object)  # the reference Result drawn (or refused)

    def __init__(
        self, window: MainWindow, *, autosave: bool = True, store: AutosaveStore | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self._closed = False
        self.panel = LessonPanel(self.apply_session, self.current_session)
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
                self.panel.add_deck(deck, builtin=True, select=False)
        except SessionFileError as exc:
            window.statusBar().showMessage(exc.message, 10000)

        self.overlay = ReferenceOverlay(window.plot, self)
        self.reference_evaluator = Evaluator(self, preempt=False)  # f's edits go first
        self.reference_evaluator.resultReady.connect(self._on_reference_result)
        self._reference_for: Result | None = None
        self.panel.referenceChanged.connect(self._on_reference_changed)
        self.keys = SlideKeys(window, self.panel)

        settings = getattr(window, "_settings", None)
        if settings is None:
            from gradplot.ui.main_window import make_settings

            settings = make_settings()
        self.files = FileController(
            window, self.panel, self.panel.reference, settings=settings, store=store,
            autosave=autosave,
        )
        self.files.closing.connect(self.shutdown)
        self.files.opened.connect(self._on_file_opened)
        # The plot comes first: the panel starts hidden (F9 or the toolbar shows it)
        # unless the teacher left it open last time.
        self._settings = settings
        self.dock.setVisible(str(settings.value(PANEL_KEY, "false")).lower() == "true")
        self.dock.toggleViewAction().toggled.connect(self._remember_panel)
        self._build_menus()
        window.resultShown.connect(self._on_result)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # --- the window's state ------------------------------------------------------------
    def apply_session(self, session: Session) -> None:
        self.panel.set_reference(session.reference or "")
        self.window.state.apply(session)

    def current_session(self) -> Session:
        return replace(self.window.current_session(), reference=self.panel.reference() or None)

    # --- menus -----------------------------------------------------------------------
    def _action(self, text: str, slot: object,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                name: str = "") -> QAction:
        action = QAction(text, self.window)
        if name:
            action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        w = self.window
        files = self.files
        self.open_action = self._action(tr("&Open…"), files.open_dialog,
                                        QKeySequence.StandardKey.Open, "openAction")
        self.save_action = self._action(tr("&Save"), files.save,
                                        QKeySequence.StandardKey.Save, "saveAction")
        self.save_as_action = self._action(tr("Save &As…"), lambda: files.save_as(),
                                           QKeySequence.StandardKey.SaveAs, "saveAsAction")
        self.recent_menu = QMenu(tr("Open &Recent"), w)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        export_menu = QMenu(tr("&Export plot"), w)
        export_menu.addAction(self._action(tr("PNG image (2×)…"), self.export_png_dialog))
        export_menu.addAction(self._action(tr("SVG drawing…"), self.export_svg_dialog))
        export_menu.addAction(self._action(tr("CSV of x, f and derivatives…"),
                                           self.export_csv_dialog))
        self.copy_action = self._action(tr("&Copy plot image"), self.copy_image,
                                        "Ctrl+Shift+C", "copyPlotAction")
        export_menu.addAction(self.copy_action)

        file_menu = getattr(w, "file_menu", None)
        if not isinstance(file_menu, QMenu):
            file_menu = w.menuBar().addMenu(tr("&File"))
        first = file_menu.actions()[0] if file_menu.actions() else None
        for item in (self.open_action, self.recent_menu, None, self.save_action,
                     self.save_as_action, None, export_menu, None):
            if item is None:
                file_menu.insertSeparator(first) if first is not None else file_menu.addSeparator()
            elif isinstance(item, QMenu):
                file_menu.insertMenu(first, item) if first is not None else file_menu.addMenu(item)
            elif first is not None:
                file_menu.insertAction(first, item)
            else:
                file_menu.addAction(item)

        lesson = QMenu(tr("&Lesson"), w)
        lesson.setObjectName("lessonMenu")
        p = self.panel
        lesson.addAction(self._action(tr("&Next slide"), p.next_slide))
        lesson.addAction(self._action(tr("&Previous slide"), p.previous_slide))
        lesson.addAction(self._action(tr("&Reset slide"), p.reset_slide, "Ctrl+Shift+R"))
        lesson.addSeparator()
        lesson.addAction(self._action(tr("New &lesson"), lambda: p.new_deck()))
        lesson.addAction(self._action(tr("&Add current state as a slide"),
                                      lambda: p.add_current_slide(), "Ctrl+Shift+N"))
        lesson.addAction(self._action(tr("&Update slide from current state"),
                                      p.update_current_slide))
        lesson.addAction(self._action(tr("&Edit slide texts…"), p.edit_current_slide_dialog))
        lesson.addAction(self._action(tr("Re&name lesson…"), lambda: p.rename_deck()))
        lesson.addAction(self._action(tr("Move slide &up"), lambda: p.move_current_slide(-1)))
        lesson.addAction(self._action(tr("Move slide &down"), lambda: p.move_current_slide(1)))
        lesson.addAction(self._action(tr("&Delete slide"), p.delete_current_slide))
        lesson.addSeparator()
        toggle = self.dock.toggleViewAction()
        toggle.setText(tr("&Lessons"))
        toggle.setShortcut(QKeySequence("F9"))
        toggle.setToolTip(tr("Lessons: the autograd notebook as slides, and your own decks (F9)"))
        lesson.addAction(toggle)
        toolbar = getattr(w, "toolbar", None)
        if toolbar is not None:
            first = toolbar.actions()[0] if toolbar.actions() else None
            toolbar.insertAction(first, toggle)
        bar = w.menuBar()
        actions = bar.actions()
        if len(actions) >= 2:
            bar.insertMenu(actions[-1], lesson)  # before Help
        else:
            bar.addMenu(lesson)
        self.lesson_menu = lesson

    def _remember_panel(self, visible: bool) -> None:
        if not self._closed:
            self._settings.setValue(PANEL_KEY, "true" if visible else "false")

    def _on_file_opened(self, _path: object) -> None:
        if self.files.has_deck:
            self.dock.show()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.files.recent_files()
        if not recent:
            none = self.recent_menu.addAction(tr("(none)"))
            none.setEnabled(False)
            return
        for i, name in enumerate(recent):
            action = self.recent_menu.addAction(f"&{i + 1}  {Path(name).name}")
            action.setToolTip(name)
            action.triggered.connect(lambda _checked=False, n=name: self.files.open_file(n))

    # --- export ----------------------------------------------------------------------
    def _ask_path(self, title: str, suffix: str, kind: str) -> Path | None:
        base = self.files.path.stem if self.files.path is not None else "gradplot"
        name, _ = QFileDialog.getSaveFileName(
            self.window, title, base + suffix, f"{kind} (*{suffix})"
        )
        if not name:
            return None
        p = Path(name)
        return p if p.suffix.lower() == suffix else p.with_name(p.name + suffix)

    def _export(self, write: object, path: Path | None) -> bool:
        if path is None:
            return False
        try:
            assert callable(write)
            write(path)
        except (OSError, ValueError) as exc:
            self.files.warn(tr("The plot was not exported"), str(exc))
            return False
        self.window.statusBar().showMessage(tr("Saved {name}").format(name=path.name), 4000)
        return True

    def export_png_dialog(self) -> bool:
        path = self._ask_path(tr("Export PNG"), ".png", tr("PNG image"))
        return self._export(lambda p: export.export_png(self.window.plot, p), path)

    def export_svg_dialog(self) -> bool:
        path = self._ask_path(tr("Export SVG"), ".svg", tr("SVG drawing"))
        return self._export(lambda p: export.export_svg(self.window.plot, p), path)

    def export_csv_dialog(self) -> bool:
        result = self.window.plot.result
        if result is None:
            self.files.warn(tr("Nothing to export"), tr("There is no plot yet."))
            return False
        path = self._ask_path(tr("Export CSV"), ".csv", tr("CSV table"))
        return self._export(lambda p: export.export_csv(result, p), path)

    def copy_image(self) -> None:
        export.copy_plot_image(self.window.plot)
        self.window.statusBar().showMessage(tr("The plot image is on the clipboard"), 3000)

    # --- results and the reference curve ---------------------------------------------------
    def _on_result(self, result: Result) -> None:
        self.panel.show_result(result)
        self.overlay.resync_legend()
        self._update_reference(result)

    def _on_reference_changed(self, text: str) -> None:
        self.window.state.reference = text or None
        last = self.window.last_result
        if last is not None:
            self._update_reference(last)

    def _update_reference(self, result: Result) -> None:
        expression = self.panel.reference()
        if not expression or result.error is not None or result.df is None:
            self._reference_for = None
            if self.overlay.visible or self.overlay.error_title:
                self.overlay.hide()
            self.panel.show_reference_status("")
            return
        self._reference_for = result
        ev = self.reference_evaluator
        ev.start()
        ev.submit(reference_request(result.request, expression, ev.new_id()))

    def _on_reference_result(self, reference: Result) -> None:
        result = self._reference_for
        if self._closed or result is None or result is not self.window.last_result:
            return
        if reference.request.source.strip() != self.panel.reference():
            return
        self.overlay.show(result, reference)
        if self.overlay.error_title is not None:
            self.panel.show_reference_status(
                tr("Reference not drawn: {why}").format(why=self.overlay.error_title))
        elif self.overlay.difference is not None:
            self.panel.show_reference_status(
                tr("max |f′ − reference| = {value}").format(
                    value=format_difference(self.overlay.difference)))
        else:
            self.panel.show_reference_status("")
        self.referenceShown.emit(reference)

    # --- lifecycle -------------------------------------------------------------------
    def start(self, open_path: str | Path | None = None, *, offer_recovery: bool = True) -> None:
        """After the window is shown: offer crash recovery, then open ``open_path``."""
        if offer_recovery and self.files.offer_recovery():
            return
        if open_path is not None:
            self.files.open_file(open_path, ask=False)

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.keys.remove()
        self.files.autosave_timer.stop()
        self.reference_evaluator.shutdown()
