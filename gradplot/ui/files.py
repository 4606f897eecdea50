"""Files that never lose work: open, save, recent files, drops, autosave, recovery.

All reading and writing goes through :mod:`gradplot.io` (strict loader, atomic
save that refuses to replace a file it cannot read or that is read-only, autosave
store). A file that fails to open is reported in a message box (and on stderr) and
never becomes the save target, so it is never overwritten. Opening a file changes
nothing: until the user edits, the window's state is the file's, exactly.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QTimer, QUrl, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gradplot.io.autosave import AutosaveStore, Recovery
from gradplot.io.errors import SessionFileError
from gradplot.io.recent import add_recent, parse_recent, remove_recent
from gradplot.io.schema import FILE_SUFFIX, dumps
from gradplot.io.storage import load_file, save_file
from gradplot.model import GradplotFile, Parameter, Session, same_work
from gradplot.ui.lesson_panel import LessonPanel

if TYPE_CHECKING:
    from gradplot.ui.main_window import MainWindow

AUTOSAVE_INTERVAL_MS = 5000
RECENT_KEY = "recentFiles"

log = logging.getLogger("gradplot")


def tr(text: str) -> str:
    return QCoreApplication.translate("Files", text)


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


class FileController(QObject):
    """The window's document: its path, its saved state, autosave and recovery.

    ``warn(title, text)``, ``ask_save() -> "save" | "discard" | "cancel"`` and
    ``ask_restore(recovery) -> bool`` are the dialogs; tests replace them.
    """

    documentChanged = Signal()  # path or modified state changed
    opened = Signal(object)  # Path of a file that opened
    autosaved = Signal(object)  # Path of the autosave written
    closing = Signal()  # the window is about to close (work saved or discarded)

    def __init__(
        self,
        window: MainWindow,
        panel: LessonPanel,
        reference: Callable[[], str],
        *,
        settings: QSettings,
        store: AutosaveStore | None = None,
        autosave: bool = True,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.panel = panel
        self._reference = reference
        self.settings = settings
        self.store = store if store is not None else AutosaveStore()
        self.path: Path | None = None
        self._saved_session: Session | None = None
        self._shown_source: str | None = None  # the saved source as the editor holds it
        self._file_has_deck = False
        self._last_autosave: str | None = None
        self.warn: Callable[[str, str], None] = self._warn_box
        self.ask_save: Callable[[], str] = self._ask_save_box
        self.ask_restore: Callable[[Recovery], bool] = self._ask_restore_box
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self.autosave_timer.timeout.connect(self.autosave_now)
        if autosave:
            self.autosave_timer.start()
        panel.deckEdited.connect(self._update_title)
        panel.deckChanged.connect(self._update_title)
        window.setAcceptDrops(True)
        for target in (window, window.editor.viewport(), window.plot.viewport()):
            target.installEventFilter(self)
        self._update_title()

    # --- the document ----------------------------------------------------------------
    def session(self) -> Session:
        """The window's state, with what the window cannot show of the saved file kept.

        Until the function is edited, the saved source stays exactly as saved (the editor
        writes line breaks as ``\\n``), the file's parameters that the function does not
        use (the window shows no slider for them) stay as they were, and a slider for a
        name the file does not list stays out while it has the default value.
        """
        session = replace(self.window.current_session(), reference=self._reference() or None)
        saved = self._saved_session
        if saved is None or session.source != self._shown_source:
            return session
        session = replace(session, source=saved.source)
        shown = {p.name: p for p in session.parameters}
        listed = {p.name for p in saved.parameters}
        merged = [shown.get(p.name, p) for p in saved.parameters]
        merged += [p for n, p in shown.items() if n not in listed and p != Parameter(n)]
        return replace(session, parameters=tuple(merged))

    def content(self) -> GradplotFile:
        deck = self.panel.current_deck()
        current = None
        if deck is not None and deck.slides and self.panel.slide_index >= 0:
            current = self.panel.slide_index
        return GradplotFile(session=self.session(), deck=deck, current_slide=current)

    def is_modified(self) -> bool:
        """Unsaved work: an edited deck, or a saved session-only file changed since."""
        if any(e.modified for e in self.panel.entries):
            return True
        if self.path is not None and not self._file_has_deck:
            return not same_work(_plain(self.session()), _plain(self._saved_session))
        return False

    def _update_title(self) -> None:
        name = self.path.name if self.path is not None else None
        title = f"{name}[*] — gradplot" if name else "gradplot[*]"
        self.window.setWindowTitle(title)
        self.window.setWindowModified(self.is_modified())
        self.documentChanged.emit()

    # --- recent files ----------------------------------------------------------------
    def recent_files(self) -> list[str]:
        return parse_recent(self.settings.value(RECENT_KEY))

    def _set_recent(self, items: list[str]) -> None:
        self.settings.setValue(RECENT_KEY, items)
        self.settings.sync()

    # --- open ------------------------------------------------------------------------
    def open_dialog(self) -> bool:
        start = str(self.path.parent) if self.path is not None else ""
        name, _ = QFileDialog.getOpenFileName(self.window, tr("Open"), start, file_filter())
        return bool(name) and self.open_file(Path(name))

    @property
    def has_deck(self) -> bool:
        """Whether the open file holds a lesson deck."""
        return self._file_has_deck

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
        self._show_content(content, p)
        self.path = p.absolute()
        self._saved_session = content.session
        self._shown_source = self.window.editor.source()
        self._file_has_deck = content.deck is not None
        self._set_recent(add_recent(self.recent_files(), p))
        self._update_title()
        self.opened.emit(p)
        return True

    def _show_content(self, content: GradplotFile, path: Path | None) -> None:
        if content.deck is not None:
            self.panel.add_deck(
                content.deck, path=None if path is None else path.absolute(),
                select=True, apply=content.session is None, slide=content.current_slide or 0,
            )
        if content.session is not None:
            self.panel.set_reference(content.session.reference or "")
            self.window.state.apply(content.session)

    # --- save ------------------------------------------------------------------------
    def save(self) -> bool:
        entry = self.panel.current_entry
        if self.path is None or (entry is not None and entry.path is None and entry.builtin):
            return self.save_as()
        return self.write(self.path)

    def save_as(self, path: str | os.PathLike[str] | None = None) -> bool:
        if path is None:
            start = str(self.path) if self.path is not None else tr("lesson") + FILE_SUFFIX
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
        self.path = path.absolute()
        self._saved_session = content.session
        self._shown_source = self.window.editor.source()
        self._file_has_deck = content.deck is not None
        entry = self.panel.current_entry
        for e in self.panel.entries:
            if e is entry:
                self.panel.mark_saved(e, self.path)
        self._set_recent(add_recent(self.recent_files(), self.path))
        self.store.discard_autosave()
        self._last_autosave = None
        self._update_title()
        return True

    def maybe_save(self) -> bool:
        """Ask about unsaved work; True when it is fine to go on."""
        if not self.is_modified():
            return True
        answer = self.ask_save()
        if answer == "save":
            return self.save()
        return answer == "discard"

    # --- autosave and recovery -----------------------------------------------------------
    def autosave_now(self) -> Path | None:
        """Write the autosave if the state changed since the last one.

        A failure is shown in the status bar and logged, never raised: the timer goes on,
        and the next change is autosaved as soon as it can be.
        """
        try:
            content = self.content()
            key = dumps(replace(content, session=_without_view(content.session)))
        except ValueError as exc:  # includes UnicodeEncodeError
            self._autosave_failed(str(exc))
            return None
        if key == self._last_autosave:
            self._update_title()
            return None
        try:
            path = self.store.write_autosave(content, origin=self.path)
        except SessionFileError as exc:
            self._autosave_failed(exc.message)
            return None
        self._last_autosave = key
        self._update_title()
        self.autosaved.emit(path)
        return path

    def _autosave_failed(self, reason: str) -> None:
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
            self._show_content(recovery.content, None)
            self.path = recovery.origin
            self._saved_session = None
            self._file_has_deck = recovery.content.deck is not None
            entry = self.panel.current_entry
            if recovery.content.deck is not None and entry is not None:
                entry.modified = True
                entry.path = recovery.origin
            restored = True
        self.store.discard_autosave(recovery)
        self._update_title()
        return restored

    def finish(self) -> None:
        """A clean exit: stop autosaving and remove this process's autosave."""
        self.autosave_timer.stop()
        self.store.discard_autosave()

    # --- events: drops and close -------------------------------------------------------
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
        if kind == QEvent.Type.Close and watched is self.window:
            if not self.maybe_save():
                event.ignore()
                return True
            self.finish()
            self.closing.emit()
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


def _plain(session: Session | None) -> Session | None:
    """``session`` with its reference as the window keeps it: stripped, "" as none."""
    if session is None or session.reference is None:
        return session
    return replace(session, reference=session.reference.strip() or None)


def _without_view(session: Session | None) -> Session | None:
    return None if session is None else replace(session, view_x=None, view_y=None)
