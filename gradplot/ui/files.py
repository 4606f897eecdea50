"""Files that never lose work: open, save, recent files, drops, export, autosave, recovery.

A controller of the window's :class:`~gradplot.model.document.Document` (what the work
is, and whether it is saved): it registers the File menu's actions and does the reading
and writing, through :mod:`gradplot.io` (strict loader, atomic save that refuses
to replace a file it cannot read or that is read-only, autosave store). A file that
fails to open is reported in a message box (and on stderr) and never becomes the save
target, so it is never overwritten. Opening a file changes nothing: until the user
edits, the window's state is the file's, exactly. The window asks
:meth:`FileController.maybe_save` before it closes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, QUrl, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QWidget

from gradplot.io.autosave import AutosaveStore, Recovery
from gradplot.io.errors import SessionFileError
from gradplot.io.recent import add_recent, parse_recent, remove_recent
from gradplot.io.schema import FILE_SUFFIX
from gradplot.io.storage import load_file, save_file
from gradplot.model.document import AutosaveFailed, Document
from gradplot.model.lesson_state import LessonState
from gradplot.model.session import GradplotFile, Session
from gradplot.ui import export
from gradplot.ui.actions import ActionRegistry
from gradplot.ui.evaluation import EvaluationController
from gradplot.ui.i18n import tr
from gradplot.ui.plot_view import PlotView

# the autosave is written once the work has paused this long (no polling)
AUTOSAVE_DELAY_MS = 2000
# work that never pauses (a slider playing, a long drag) is still autosaved this often
AUTOSAVE_MAX_WAIT_MS = 15000
RECENT_KEY = "recentFiles"

log = logging.getLogger("gradplot")


def _open_summary(reason: str) -> str:
    if reason == "damaged":
        return tr("{name} is damaged, so it was not opened.")
    if reason == "newer":
        return tr("{name} was made by a newer version of gradplot. Update gradplot to open it.")
    if reason == "not_gradplot":
        return tr("{name} is not a gradplot file.")
    if reason == "too_large":
        return tr("{name} is too large to be a gradplot file.")
    if reason == "not_file":
        return tr("{name} is a folder, a named pipe or a device, not a file.")
    if reason == "io":
        return tr("{name} could not be read.")
    return tr("{name} holds something gradplot does not accept, so it was not opened.")


def _save_summary(reason: str) -> str:
    if reason == "read_only":
        return tr("{name} is read-only, so it was not replaced. Use Save As to save your work "
                  "under another name, or make the file writable first.")
    if reason == "refuse_overwrite":
        return tr("{name} already exists and this version of gradplot cannot read it, so it "
                  "was not replaced. Choose another name to save your work.")
    return tr("{name} could not be saved. The file on disk, if any, is unchanged.")


def _name(exc: SessionFileError) -> str:
    return f"\u201c{exc.path.name}\u201d" if exc.path is not None else tr("The file")


def refusal_summary(exc: SessionFileError, *, saving: bool) -> str:
    """One sentence in the UI language: which file, and what kind of refusal."""
    summary = _save_summary(exc.reason) if saving else _open_summary(exc.reason)
    return summary.format(name=_name(exc))


def refusal_text(exc: SessionFileError, *, saving: bool) -> str:
    """What the window says about a refused open or save: the summary, then the exact
    reason (in English, as gradplot.io words it) where it adds something."""
    summary = refusal_summary(exc, saving=saving)
    if exc.reason == "read_only":  # the summary says all there is
        return summary
    detail = exc.message
    if detail.startswith(_name(exc) + ": "):  # the summary already names the file
        detail = detail[len(_name(exc)) + 2 :]
    return summary + "\n\n" + detail


def say_on_stderr(message: str) -> None:
    """A refused file is said on stderr too (and logged), not only in a dialog."""
    log.warning("%s", message)
    if sys.stderr is None:  # a windowed app has none: the log has it
        return
    with contextlib.suppress(OSError, ValueError):
        print(f"error: {message}", file=sys.stderr, flush=True)


def file_filter() -> str:
    return tr("gradplot files (*{suffix});;All files (*)").format(suffix=FILE_SUFFIX)


def gradplot_paths(urls: list[QUrl]) -> list[Path]:
    """The local ``.gradplot`` files among dropped ``urls``."""
    out = []
    for url in urls:
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() == FILE_SUFFIX:
                out.append(path)
    return out


class AutosaveTimer(QObject):
    """The document's debounce: ``timeout`` once changes pause for ``pause_ms``, and at
    the latest ``max_wait_ms`` after the first change of a burst that never pauses."""

    timeout = Signal()

    def __init__(self, pause_ms: int, max_wait_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(pause_ms)
        self._latest = QTimer(self)
        self._latest.setSingleShot(True)
        self._latest.setInterval(max_wait_ms)
        for timer in (self._pause, self._latest):
            timer.timeout.connect(self._fire)

    def start(self) -> None:
        self._pause.start()
        if not self._latest.isActive():
            self._latest.start()

    def stop(self) -> None:
        self._pause.stop()
        self._latest.stop()

    def isActive(self) -> bool:
        return self._pause.isActive() or self._latest.isActive()

    def _fire(self) -> None:
        self.stop()
        self.timeout.emit()


class FileController(QObject):
    """The File menu, drops, autosave and recovery of one window's :class:`Document`.

    ``warn(title, text)``, ``ask_save() -> "save" | "discard" | "cancel"`` and
    ``ask_restore(recovery) -> bool`` are the dialogs; tests replace them.
    """

    opened = Signal(object)  # Path of a file that opened
    autosaved = Signal(object)  # Path of the autosave written

    def __init__(
        self,
        document: Document,
        lessons: LessonState,
        evaluation: EvaluationController,
        registry: ActionRegistry,
        *,
        window: QMainWindow,
        plot: PlotView,
        settings: QSettings,
        drop_targets: Iterable[QWidget] = (),
        store: AutosaveStore | None = None,
        autosave: bool = True,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        self.lessons = lessons
        self.evaluation = evaluation
        self.plot = plot
        self.settings = settings
        self.store = store if store is not None else AutosaveStore()
        self.warn: Callable[[str, str], None] = self._warn_box
        self.ask_save: Callable[[], str] = self._ask_save_box
        self.ask_restore: Callable[[Recovery], bool] = self._ask_restore_box
        # the document's debounce: restarted by every change, it fires after a pause
        self.autosave_timer = AutosaveTimer(AUTOSAVE_DELAY_MS, AUTOSAVE_MAX_WAIT_MS, self)
        document.autosave_with(self._write_autosave, self._debounce if autosave else None)
        events = document.events
        events.path.connect(self._on_document_changed)
        events.modified.connect(self._on_document_changed)
        events.opened.connect(self.opened.emit)
        events.autosaved.connect(self.autosaved.emit)
        events.autosave_failed.connect(self._on_autosave_failed)
        window.setAcceptDrops(True)
        for target in (window, *drop_targets):
            target.installEventFilter(self)
        self._register(registry)
        self._on_document_changed()

    def _register(self, registry: ActionRegistry) -> None:
        add = registry.add
        add("open", tr("&Open…"), lambda: self.open_dialog(), menu="file", section="open",
            order=10, shortcut=QKeySequence.StandardKey.Open, object_name="openAction")
        self.recent_menu = registry.add_submenu(
            "recent", tr("Open &Recent"), menu="file", section="open", order=20,
            about_to_show=self._fill_recent)
        add("save", tr("&Save"), lambda: self.save(), menu="file", section="save", order=30,
            shortcut=QKeySequence.StandardKey.Save, object_name="saveAction")
        add("save_as", tr("Save &As…"), lambda: self.save_as(), menu="file", section="save",
            order=31, shortcut=QKeySequence.StandardKey.SaveAs, object_name="saveAsAction")
        registry.add_submenu("export", tr("&Export plot"), menu="file", section="export",
                             order=40)
        add("export_png", tr("PNG image (2×)…"), lambda: self.export_png_dialog(),
            menu="export", order=1)
        add("export_svg", tr("SVG drawing…"), lambda: self.export_svg_dialog(),
            menu="export", order=2)
        add("export_csv", tr("CSV of x, f and derivatives…"), lambda: self.export_csv_dialog(),
            menu="export", order=3)
        add("copy_plot", tr("&Copy plot image"), lambda: self.copy_image(), menu="export",
            order=4, shortcut="Ctrl+Shift+C", object_name="copyPlotAction")

    # --- the document ----------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.document.path

    @property
    def has_deck(self) -> bool:
        """Whether the open file holds a lesson deck."""
        return self.document.has_deck

    def session(self) -> Session:
        return self.document.session()

    def content(self) -> GradplotFile:
        return self.document.content()

    def is_modified(self) -> bool:
        return self.document.is_modified

    def _on_document_changed(self, *_args: object) -> None:
        path = self.document.path
        self.window.setWindowTitle(f"{path.name}[*] — gradplot" if path else "gradplot[*]")
        self.window.setWindowModified(self.document.is_modified)

    # --- recent files ----------------------------------------------------------------
    def recent_files(self) -> list[str]:
        return parse_recent(self.settings.value(RECENT_KEY))

    def _set_recent(self, items: list[str]) -> None:
        self.settings.setValue(RECENT_KEY, items)
        self.settings.sync()

    def _fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        recent = self.recent_files()
        if not recent:
            none = menu.addAction(tr("(none)"))
            none.setEnabled(False)
            return
        for i, name in enumerate(recent):
            action = menu.addAction(f"&{i + 1}  {Path(name).name}")
            action.setToolTip(name)
            action.triggered.connect(lambda _checked=False, n=name: self.open_file(n))

    # --- open ------------------------------------------------------------------------
    def start(self, open_path: str | os.PathLike[str] | None = None, *,
              offer_recovery: bool = True) -> None:
        """After the window is shown: offer crash recovery, then open ``open_path``."""
        if offer_recovery and self.offer_recovery():
            return
        if open_path is not None:
            self.open_file(open_path, ask=False)

    def open_dialog(self) -> bool:
        path = self.document.path
        start = str(path.parent) if path is not None else ""
        name, _ = QFileDialog.getOpenFileName(self.window, tr("Open"), start, file_filter())
        return bool(name) and self.open_file(Path(name))

    def open_file(self, path: str | os.PathLike[str], *, ask: bool = True) -> bool:
        """Open a ``.gradplot`` file; a file that cannot be read is reported, not adopted."""
        p = Path(path)
        if ask and not self.maybe_save():
            return False
        try:
            content = load_file(p)
        except SessionFileError as exc:
            self._set_recent(remove_recent(self.recent_files(), p))
            say_on_stderr(exc.message)
            self.window.statusBar().showMessage(refusal_summary(exc, saving=False), 15000)
            self.warn(tr("The file was not opened"), refusal_text(exc, saving=False) + "\n\n"
                      + tr("Nothing was changed: the file stays as it is, and your current "
                           "work is still here."))
            return False
        self._set_recent(add_recent(self.recent_files(), p))
        self.document.open(content, p)
        return True

    # --- save ------------------------------------------------------------------------
    def save(self) -> bool:
        entry = self.lessons.current_entry
        builtin = entry is not None and entry.path is None and entry.builtin
        if self.document.path is None or builtin:
            return self.save_as()
        return self.write(self.document.path)

    def save_as(self, path: str | os.PathLike[str] | None = None) -> bool:
        if path is None:
            current = self.document.path
            start = str(current) if current is not None else tr("lesson") + FILE_SUFFIX
            name, _ = QFileDialog.getSaveFileName(
                self.window, tr("Save as"), start, file_filter()
            )
            if not name:
                return False
            path = name
        p = Path(path)
        if p.suffix.lower() != FILE_SUFFIX:
            p = p.with_name(p.name + FILE_SUFFIX)
        return self.write(p)

    def write(self, path: Path) -> bool:
        try:
            content = self.content()
        except ValueError as exc:  # the window's state is not a valid session
            self.warn(tr("The file was not saved"), str(exc))
            return False
        try:
            save_file(path, content)
        except SessionFileError as exc:
            say_on_stderr(exc.message)
            self.window.statusBar().showMessage(refusal_summary(exc, saving=True), 15000)
            self.warn(tr("The file was not saved"), refusal_text(exc, saving=True))
            return False
        self.store.discard_autosave()
        self.document.mark_saved(path, content)
        self._set_recent(add_recent(self.recent_files(), path.absolute()))
        return True

    def maybe_save(self) -> bool:
        """Ask about unsaved work; True when it is fine to go on."""
        if not self.is_modified():
            return True
        answer = self.ask_save()
        if answer == "save":
            return self.save()
        return answer == "discard"

    # --- export ----------------------------------------------------------------------
    def _ask_export_path(self, title: str, suffix: str, kind: str) -> Path | None:
        path = self.document.path
        base = path.stem if path is not None else "gradplot"
        name, _ = QFileDialog.getSaveFileName(
            self.window, title, base + suffix, f"{kind} (*{suffix})"
        )
        if not name:
            return None
        p = Path(name)
        return p if p.suffix.lower() == suffix else p.with_name(p.name + suffix)

    def _export(self, write: Callable[[Path], object], path: Path | None) -> bool:
        if path is None:
            return False
        try:
            write(path)
        except (OSError, ValueError) as exc:
            self.warn(tr("The plot was not exported"), str(exc))
            return False
        self.window.statusBar().showMessage(tr("Saved {name}").format(name=path.name), 4000)
        return True

    def export_png_dialog(self) -> bool:
        path = self._ask_export_path(tr("Export PNG"), ".png", tr("PNG image"))
        return self._export(lambda p: export.export_png(self.plot, p), path)

    def export_svg_dialog(self) -> bool:
        path = self._ask_export_path(tr("Export SVG"), ".svg", tr("SVG drawing"))
        return self._export(lambda p: export.export_svg(self.plot, p), path)

    def export_csv_dialog(self) -> bool:
        result = self.evaluation.last_result  # an error is refused, and said, by csv_text
        if result is None:
            self.warn(tr("Nothing to export"), tr("There is no plot yet."))
            return False
        path = self._ask_export_path(tr("Export CSV"), ".csv", tr("CSV table"))
        return self._export(lambda p: export.export_csv(result, p), path)

    def copy_image(self) -> None:
        export.copy_plot_image(self.plot)
        self.window.statusBar().showMessage(tr("The plot image is on the clipboard"), 3000)

    # --- autosave and recovery -----------------------------------------------------------
    def _debounce(self, callback: Callable[[], object]) -> AutosaveTimer:
        self.autosave_timer.timeout.connect(callback)
        return self.autosave_timer

    def _write_autosave(self, content: GradplotFile, origin: Path | None) -> Path:
        try:
            return self.store.write_autosave(content, origin=origin)
        except SessionFileError as exc:
            raise AutosaveFailed(exc.message) from None

    def autosave_now(self) -> Path | None:
        """Write the autosave now if the work changed since the last one (a failure is
        shown in the status bar and logged, never raised)."""
        return self.document.autosave_now()

    def _on_autosave_failed(self, reason: str) -> None:
        log.warning("autosave failed: %s", reason)
        self.window.statusBar().showMessage(
            tr("Autosave failed: {reason}").format(reason=reason), 10000
        )

    def offer_recovery(self) -> bool:
        """If a gradplot crashed with unsaved work, offer it; True when it was restored."""
        recovery = self.store.pending_recovery()
        if recovery is None:
            return False
        restored = False
        if recovery.content is None:
            self.warn(
                tr("Unsaved work could not be recovered"),
                tr("gradplot did not close properly last time, and its autosave could not be "
                   "read: {error}").format(error=recovery.error or ""),
            )
        elif self.ask_restore(recovery):
            self.document.restore(recovery.content, recovery.origin)
            restored = True
        self.store.discard_autosave(recovery)
        return restored

    def stop_autosave(self) -> None:
        """No more autosaves (what is written stays: SIGTERM keeps unsaved work)."""
        self.document.stop_autosave()
        self.autosave_timer.stop()

    def finish(self) -> None:
        """A clean exit: stop autosaving and remove this process's autosave."""
        self.stop_autosave()
        self.store.discard_autosave()

    # --- drops -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
            event, QDragEnterEvent | QDropEvent
        ):
            if event.mimeData().hasUrls() and gradplot_paths(event.mimeData().urls()):
                event.acceptProposedAction()
                return True
            return False
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            paths = gradplot_paths(event.mimeData().urls()) if event.mimeData().hasUrls() else []
            if not paths:
                return False
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_file(paths[0]))
            return True
        return False

    # --- dialogs ---------------------------------------------------------------------
    def _parent(self) -> QWidget:
        return self.window

    def _warn_box(self, title: str, text: str) -> None:
        QMessageBox.warning(self._parent(), title, text)

    def _ask_save_box(self) -> str:
        box = QMessageBox(self._parent())
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("Unsaved changes"))
        box.setText(tr("The lesson has changes that are not saved."))
        box.setInformativeText(tr("Save them before going on?"))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return "save"
        if answer == QMessageBox.StandardButton.Discard:
            return "discard"
        return "cancel"

    def _ask_restore_box(self, recovery: Recovery) -> bool:
        when = recovery.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        origin = f" ({recovery.origin.name})" if recovery.origin is not None else ""
        answer = QMessageBox.question(
            self._parent(),
            tr("Restore unsaved work?"),
            tr("gradplot did not close properly last time. Restore the work autosaved at "
               "{when}{origin}?").format(when=when, origin=origin),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes
