"""Document: the file the work belongs to, whether it is saved, and its autosave.

Qt-free and evented (psygnal). The document listens to the plot's and the lessons'
events: a change of the work emits ``events.changed``, turns ``is_modified`` on when
the saved file no longer holds the work, and (re)starts the autosave's debounce, so
the autosave is written once after a burst of changes, never by polling. A change of
the visible ranges alone (``view_x``/``view_y``) is not a change of the work.

Reading and writing files is not done here (that is :mod:`gradplot.io`'s job, and the
file controller's): the document is told what was opened or saved, and is given
the function that writes an autosave and the debounce that times it (a Qt timer in the
window, a manual one in tests).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from psygnal import EmissionInfo, Signal, SignalGroup

from gradplot.model.lesson_state import LessonState
from gradplot.model.plot_state import PlotState, same_work
from gradplot.model.session import GradplotFile, Parameter, Session

__all__ = [
    "AutosaveFailed",
    "AutosaveWriter",
    "DebounceFactory",
    "Debouncer",
    "Document",
    "DocumentEvents",
]

# where the teacher looks (and where the graph dock traces) is not the work
NOT_WORK = frozenset({"view_x", "view_y", "trace_x"})


class Debouncer(Protocol):
    """A countdown: ``start()`` (re)starts it, and its callback runs once when it ends."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


class AutosaveFailed(Exception):
    """The autosave could not be written; ``str(error)`` says why, for the user."""


# writes ``content`` as the autosave of work that belongs to the file at ``origin``
AutosaveWriter = Callable[[GradplotFile, "Path | None"], Path]
# a Debouncer that runs the callback it is given
DebounceFactory = Callable[[Callable[[], object]], Debouncer]


class DocumentEvents(SignalGroup):
    changed = Signal()  # the work changed (not the view alone)
    modified = Signal(bool)  # is_modified turned on or off
    path = Signal(object)  # the file the work belongs to (a Path, or None)
    opened = Signal(object)  # a file was opened (its Path)
    autosaved = Signal(object)  # the Path of the autosave written
    autosave_failed = Signal(str)  # why


class Document:
    """The work of one window as a file: its path, the saved state, and autosave.

    ``capture()`` is the plot's state as a session (default ``plot.snapshot()``).
    Until the function is edited, :meth:`session` keeps what the window cannot show of
    the saved file (its source exactly as saved, the parameters the function does not
    use), so an untouched file is never "modified".
    """

    def __init__(
        self,
        plot: PlotState,
        lessons: LessonState,
        *,
        capture: Callable[[], Session] | None = None,
    ) -> None:
        self.events = DocumentEvents()
        self._plot = plot
        self._lessons = lessons
        self._capture = capture if capture is not None else plot.snapshot
        self.path: Path | None = None
        self._saved: Session | None = None  # the session of the file, as saved
        self._shown_source: str | None = None  # the saved source as the plot holds it
        self._has_deck = False
        self._write_autosave: AutosaveWriter | None = None
        self._timer: Debouncer | None = None
        self._autosaved: GradplotFile | None = None  # what the last autosave held (no view)
        self._quiet = 0
        self._was_modified = False
        plot.events.all.connect(self._on_plot_event)
        lessons.events.all.connect(self._on_lessons_event)

    # --- what the work is -----------------------------------------------------------------
    @property
    def has_deck(self) -> bool:
        """Whether the file the work belongs to holds a lesson deck."""
        return self._has_deck

    def session(self) -> Session:
        """The plot's state, with what it cannot show of the saved file kept."""
        session = self._capture()
        saved = self._saved
        if saved is None or session.source != self._shown_source:
            return session
        session = replace(session, source=saved.source)
        shown = {p.name: p for p in session.parameters}
        listed = {p.name for p in saved.parameters}
        merged = [shown.get(p.name, p) for p in saved.parameters]
        # a slider the file does not list stays out while it has the default value
        merged += [p for n, p in shown.items() if n not in listed and p != Parameter(n)]
        return replace(session, parameters=tuple(merged))

    def content(self) -> GradplotFile:
        """What saving writes: the session, the current deck and the slide shown."""
        deck = self._lessons.current_deck()
        index = self._lessons.slide_index
        current = index if deck is not None and deck.slides and index >= 0 else None
        return GradplotFile(session=self.session(), deck=deck, current_slide=current)

    @property
    def is_modified(self) -> bool:
        """Unsaved work: an edited deck, or a saved session-only file changed since."""
        if self._lessons.is_modified:
            return True
        if self.path is None or self._has_deck:
            return False
        try:
            session = self.session()
        except ValueError:  # the work is not even a valid session: not what was saved
            return True
        return not same_work(_plain(session), _plain(self._saved))

    # --- what happened to the file ------------------------------------------------------
    def open(self, content: GradplotFile, path: Path) -> None:
        """Show ``content``, read from ``path``, which the work now belongs to."""
        path = path.absolute()
        with self._quietly():
            self._show(content, path)
        self._adopt(path, content)
        self._changed()
        self.events.opened.emit(path)

    def restore(self, content: GradplotFile, origin: Path | None) -> None:
        """Show recovered ``content``: unsaved work that belonged to ``origin``."""
        with self._quietly():
            self._show(content, None)
            entry = self._lessons.current_entry
            if content.deck is not None and entry is not None:
                self._lessons.mark_unsaved(entry, origin)
        self._saved = None
        self._shown_source = None
        self._has_deck = content.deck is not None
        self._set_path(origin)
        self._changed()

    def mark_saved(self, path: Path, content: GradplotFile) -> None:
        """``content`` (from :meth:`content`) is now saved in ``path``."""
        path = path.absolute()
        entry = self._lessons.current_entry
        with self._quietly():
            if entry is not None:
                self._lessons.mark_saved(entry, path)
        self._autosaved = _autosave_key(content)  # the file holds it: no autosave needed
        self._adopt(path, content)

    def _show(self, content: GradplotFile, path: Path | None) -> None:
        if content.deck is not None:
            self._lessons.add_deck(
                content.deck, path=path, select=True, apply=content.session is None,
                slide=content.current_slide or 0,
            )
        if content.session is not None:
            self._plot.apply(content.session)

    def _adopt(self, path: Path, content: GradplotFile) -> None:
        self._saved = content.session
        self._shown_source = self._plot.source
        self._has_deck = content.deck is not None
        self._set_path(path)

    def _set_path(self, path: Path | None) -> None:
        self.path = path
        self.events.path.emit(path)
        self._check_modified()

    # --- changes ------------------------------------------------------------------------
    def _on_plot_event(self, info: EmissionInfo) -> None:
        if info.signal.name not in NOT_WORK:
            self._changed()

    def _on_lessons_event(self, _info: EmissionInfo) -> None:
        self._changed()

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        """A file shown is one change, told once its path and saved state are known."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _changed(self) -> None:
        if self._quiet:
            return
        self.events.changed.emit()
        if self._timer is not None:
            self._timer.start()
        self._check_modified()

    def _check_modified(self) -> None:
        modified = self.is_modified
        if modified != self._was_modified:
            self._was_modified = modified
            self.events.modified.emit(modified)

    # --- autosave -----------------------------------------------------------------------
    def autosave_with(self, write: AutosaveWriter, debounce: DebounceFactory | None) -> None:
        """Autosave through ``write``; ``debounce(callback)`` times it after each change
        (``None``: only when :meth:`autosave_now` is called)."""
        self.stop_autosave()
        self._write_autosave = write
        self._timer = debounce(self.autosave_now) if debounce is not None else None

    def stop_autosave(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = None

    def autosave_now(self) -> Path | None:
        """Write the autosave if the work changed since the last one.

        A failure is told by ``events.autosave_failed``, never raised: the next change
        is autosaved as soon as it can be.
        """
        if self._write_autosave is None:
            return None
        try:
            content = self.content()
            key = _autosave_key(content)
        except ValueError as exc:  # the work is not a valid session
            self.events.autosave_failed.emit(str(exc))
            return None
        if key == self._autosaved:
            return None
        try:
            path = self._write_autosave(content, self.path)
        except AutosaveFailed as exc:
            self.events.autosave_failed.emit(str(exc))
            return None
        self._autosaved = key
        self.events.autosaved.emit(path)
        return path


def _plain(session: Session | None) -> Session | None:
    """``session`` with its reference as the window keeps it: stripped, "" as none."""
    if session is None or session.reference is None:
        return session
    return replace(session, reference=session.reference.strip() or None)


def _without_view(session: Session | None) -> Session | None:
    return None if session is None else replace(session, view_x=None, view_y=None)


def _autosave_key(content: GradplotFile) -> GradplotFile:
    """What an autosave is compared by: a new view alone is not worth a write."""
    return replace(content, session=_without_view(content.session))
