"""LessonState: the decks, where the teacher is in them, and the edits of a deck.

Qt-free and evented (psygnal): the lesson panel, the slide keys and the document
subscribe to :attr:`LessonState.events`; nothing here knows a widget exists. Showing a
slide applies its session to the :class:`~gradplot.model.PlotState`; "add the current
state as a slide" takes a snapshot of it. Texts are written in the language
``language()`` names (``en``, or ``zh``/``zh-Hans``), which the application injects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from psygnal import Signal, SignalGroup

from gradplot.model.plot_state import PlotState
from gradplot.model.session import MAX_SLIDES, Deck, Session, Slide, Text

__all__ = ["DeckEntry", "LessonEvents", "LessonState", "with_text"]


def with_text(text: Text, language: str, value: str) -> Text:
    """``text`` with its ``language`` version replaced by ``value``."""
    if language.lower().startswith("zh"):
        return replace(text, zh_hans=value)
    return replace(text, en=value)


@dataclass(eq=False)  # entries are told apart by identity: two may hold equal decks
class DeckEntry:
    """A deck in the picker: built in, opened from ``path``, or new."""

    deck: Deck
    path: Path | None = None
    builtin: bool = False
    modified: bool = False


class LessonEvents(SignalGroup):
    """What changed; ``events.all`` relays every one of them."""

    decks = Signal()  # the list of decks: one added or replaced, renamed, saved or edited
    deck = Signal(int)  # another deck is current (its index, -1: none)
    slide = Signal(int)  # another slide is current, or the current one moved (-1: none)
    slide_inserted = Signal(int)  # index of a new slide in the current deck
    slide_removed = Signal(int)
    slide_moved = Signal(int, int)  # from, to
    slide_updated = Signal(int)  # the slide at index holds a new session or new texts


class LessonState:
    """The decks in the picker, the current deck and slide, and the deck edits.

    ``capture()`` is the current state as a session (default: ``plot.snapshot()``; the
    window passes one that knows how many points "auto" sampled last).
    """

    def __init__(
        self,
        plot: PlotState,
        *,
        capture: Callable[[], Session] | None = None,
        language: Callable[[], str] = lambda: "en",
    ) -> None:
        self.events = LessonEvents()
        self._plot = plot
        self._capture = capture if capture is not None else plot.snapshot
        self._language = language
        self._entries: list[DeckEntry] = []
        self._deck_index = -1
        self._slide_index = -1
        # explicit x values (a slide's) hold until the range or point count is changed
        plot.events.x_range.connect(self._on_grid_changed)
        plot.events.points.connect(self._on_grid_changed)

    # --- what there is --------------------------------------------------------------------
    @property
    def entries(self) -> tuple[DeckEntry, ...]:
        return tuple(self._entries)

    @property
    def deck_index(self) -> int:
        return self._deck_index

    @property
    def slide_index(self) -> int:
        return self._slide_index

    @property
    def current_entry(self) -> DeckEntry | None:
        return self._entries[self._deck_index] if self._deck_index >= 0 else None

    @property
    def is_modified(self) -> bool:
        """A deck holds edits that are not saved."""
        return any(e.modified for e in self._entries)

    def current_deck(self) -> Deck | None:
        entry = self.current_entry
        return entry.deck if entry is not None else None

    def current_slide(self) -> Slide | None:
        deck = self.current_deck()
        if deck is None or not 0 <= self._slide_index < len(deck.slides):
            return None
        return deck.slides[self._slide_index]

    def slide_count(self) -> int:
        deck = self.current_deck()
        return len(deck.slides) if deck is not None else 0

    @property
    def can_add_slide(self) -> bool:
        return self.current_entry is None or self.slide_count() < MAX_SLIDES

    # --- decks -------------------------------------------------------------------------
    def add_deck(
        self, deck: Deck, *, path: Path | None = None, builtin: bool = False,
        select: bool = True, apply: bool = True, slide: int = 0,
    ) -> DeckEntry:
        """Add ``deck`` (replacing the entry opened from the same path); ``select`` it at
        ``slide``, and ``apply`` that slide to the plot."""
        entry = DeckEntry(deck, path, builtin)
        index = -1
        if path is not None:
            for i, e in enumerate(self._entries):
                if e.path is not None and e.path == path:
                    index = i
        if index >= 0:
            self._entries[index] = entry
        else:
            self._entries.append(entry)
            index = len(self._entries) - 1
        self.events.decks.emit()
        if select:
            self.select_deck(index, apply=apply, slide=slide)
        return entry

    def select_deck(self, index: int, *, apply: bool = True, slide: int = 0) -> None:
        """Make deck ``index`` current (-1: none) at ``slide``; ``apply`` that slide."""
        self._deck_index = index if 0 <= index < len(self._entries) else -1
        count = self.slide_count()
        self._slide_index = min(max(slide, 0), count - 1) if count else -1
        self.events.deck.emit(self._deck_index)
        if self._slide_index >= 0:
            self.go_to(self._slide_index, apply=apply)

    def new_deck(self, title: str) -> DeckEntry:
        """An empty deck of the teacher's own, current and unsaved."""
        deck = Deck(title=with_text(Text(), self._language(), title))
        entry = self.add_deck(deck, select=True, apply=False)
        entry.modified = True
        self.events.decks.emit()
        return entry

    def rename_deck(self, title: str) -> None:
        entry = self.current_entry
        if entry is None:
            return
        deck = replace(entry.deck, title=with_text(entry.deck.title, self._language(), title))
        self._store(entry, deck, self._slide_index)

    def mark_saved(self, entry: DeckEntry, path: Path) -> None:
        entry.path = path
        entry.modified = False
        entry.builtin = False
        self.events.decks.emit()

    def mark_unsaved(self, entry: DeckEntry, path: Path | None) -> None:
        """``entry`` holds work that is not in ``path`` (a recovered autosave)."""
        entry.path = path
        entry.modified = True
        self.events.decks.emit()

    # --- navigation --------------------------------------------------------------------
    def go_to(self, index: int, *, apply: bool = True) -> bool:
        """Show slide ``index`` of the current deck; ``apply`` its session to the plot."""
        deck = self.current_deck()
        if deck is None or not 0 <= index < len(deck.slides):
            return False
        self._slide_index = index
        if apply:
            self._plot.apply(deck.slides[index].session)
        self.events.slide.emit(index)
        return True

    def next_slide(self) -> bool:
        return self.go_to(self._slide_index + 1) if self.current_deck() else False

    def previous_slide(self) -> bool:
        return self.go_to(self._slide_index - 1) if self._slide_index > 0 else False

    def reset_slide(self) -> None:
        """Show the current slide as it was made (the teacher's changes go)."""
        slide = self.current_slide()
        if slide is not None:
            self._plot.apply(slide.session)

    def _on_grid_changed(self) -> None:
        # a session being applied sets its x values after its range: they win
        if self._plot.x_values is not None:
            self._plot.x_values = None

    # --- edits -------------------------------------------------------------------------
    def add_current_slide(self, title: str, *, deck_title: str = "My lesson") -> Slide:
        """Insert the current state as a new slide after the current one (into a new
        deck called ``deck_title`` when there is none)."""
        entry = self.current_entry
        if entry is None:
            entry = self.new_deck(deck_title)
        slide = Slide(title=with_text(Text(), self._language(), title), session=self._capture())
        slides = list(entry.deck.slides)
        at = self._slide_index + 1 if self._slide_index >= 0 else len(slides)
        slides.insert(at, slide)
        self._store(entry, replace(entry.deck, slides=tuple(slides)), at)
        self.events.slide_inserted.emit(at)
        return slide

    def update_current_slide(self) -> None:
        """Store the current state in the current slide (its texts stay)."""
        slide = self.current_slide()
        if slide is not None:
            self._replace_slide(replace(slide, session=self._capture()))

    def edit_current_slide(
        self, *, title: str | None = None, notes: str | None = None, notice: str | None = None
    ) -> None:
        """Change the current slide's texts in the current language."""
        slide = self.current_slide()
        if slide is None:
            return
        language = self._language()
        new = slide
        if title is not None:
            new = replace(new, title=with_text(new.title, language, title))
        if notes is not None:
            new = replace(new, notes=with_text(new.notes, language, notes))
        if notice is not None:
            new = replace(new, notice=with_text(new.notice, language, notice))
        if new != slide:
            self._replace_slide(new)

    def move_current_slide(self, delta: int) -> None:
        entry, i = self.current_entry, self._slide_index
        if entry is None or i < 0:
            return
        j = i + delta
        slides = list(entry.deck.slides)
        if not 0 <= j < len(slides):
            return
        slides[i], slides[j] = slides[j], slides[i]
        self._store(entry, replace(entry.deck, slides=tuple(slides)), j)
        self.events.slide_moved.emit(i, j)

    def delete_current_slide(self) -> None:
        """Delete the current slide; the one that takes its place is shown."""
        entry, i = self.current_entry, self._slide_index
        if entry is None or i < 0:
            return
        slides = list(entry.deck.slides)
        del slides[i]
        self._store(entry, replace(entry.deck, slides=tuple(slides)), min(i, len(slides) - 1),
                    apply=bool(slides))
        self.events.slide_removed.emit(i)

    def _replace_slide(self, slide: Slide) -> None:
        entry = self.current_entry
        assert entry is not None
        slides = list(entry.deck.slides)
        slides[self._slide_index] = slide
        self._store(entry, replace(entry.deck, slides=tuple(slides)), self._slide_index)
        self.events.slide_updated.emit(self._slide_index)

    def _store(self, entry: DeckEntry, deck: Deck, slide_index: int, *,
               apply: bool = False) -> None:
        entry.deck = deck
        entry.modified = True
        self.events.decks.emit()
        if deck.slides:
            self.go_to(min(max(slide_index, 0), len(deck.slides) - 1), apply=apply)
        else:
            self._slide_index = -1
            self.events.slide.emit(-1)
