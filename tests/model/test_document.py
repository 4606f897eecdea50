"""Document without Qt: what counts as modified, and an autosave timed by its changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gradplot.model.document import AutosaveFailed, Document
from gradplot.model.lesson_state import LessonState
from gradplot.model.plot_state import PlotState
from gradplot.model.session import Deck, GradplotFile, Parameter, Session, Slide, Text

PATH = Path("/lessons/work.gradplot")


class ManualTimer:
    """A debounce that fires when the test says (there is no clock)."""

    def __init__(self, callback: Callable[[], object]) -> None:
        self.callback = callback
        self.active = False
        self.starts = 0

    def start(self) -> None:
        self.active = True
        self.starts += 1

    def stop(self) -> None:
        self.active = False

    def fire(self) -> None:
        if self.active:
            self.active = False
            self.callback()


class Store:
    """Autosaves written, in memory."""

    def __init__(self) -> None:
        self.written: list[tuple[GradplotFile, Path | None]] = []
        self.fail: str | None = None

    def write(self, content: GradplotFile, origin: Path | None) -> Path:
        if self.fail is not None:
            raise AutosaveFailed(self.fail)
        self.written.append((content, origin))
        return Path(f"/autosave/{len(self.written)}.gradplot")


@pytest.fixture
def plot() -> PlotState:
    return PlotState()


@pytest.fixture
def lessons(plot: PlotState) -> LessonState:
    return LessonState(plot)


@pytest.fixture
def document(plot: PlotState, lessons: LessonState) -> Document:
    return Document(plot, lessons)


def autosaving(document: Document) -> tuple[ManualTimer, Store]:
    timers: list[ManualTimer] = []
    store = Store()

    def debounce(callback: Callable[[], object]) -> ManualTimer:
        timers.append(ManualTimer(callback))
        return timers[-1]

    document.autosave_with(store.write, debounce)
    return timers[0], store


def test_a_change_marks_an_opened_file_modified(document: Document, plot: PlotState) -> None:
    document.open(GradplotFile(session=Session(source="x**2", points=50)), PATH)
    assert document.path == PATH and not document.is_modified
    flags: list[bool] = []
    document.events.modified.connect(flags.append)
    plot.source = "x**3"
    assert document.is_modified and flags == [True]
    plot.source = "x**2"  # back to what the file holds
    assert not document.is_modified and flags == [True, False]


def test_a_change_of_the_view_alone_is_not_work(document: Document, plot: PlotState) -> None:
    document.open(GradplotFile(session=Session(source="x", view_x=(-1.0, 1.0))), PATH)
    timer, _store = autosaving(document)
    changes: list[None] = []
    document.events.changed.connect(lambda: changes.append(None))
    plot.update(view_x=(-3.0, 8.0), view_y=(0.0, 2.0))
    assert not document.is_modified
    assert changes == [] and not timer.active
    assert document.session().view_x == (-3.0, 8.0)  # a save still keeps the view


def test_new_work_without_a_file_is_not_modified(document: Document, plot: PlotState) -> None:
    plot.source = "tanh(x)"  # the window remembers it in its settings
    assert not document.is_modified


def test_a_deck_edit_is_modified_until_saved(
    document: Document, lessons: LessonState, plot: PlotState
) -> None:
    flags: list[bool] = []
    document.events.modified.connect(flags.append)
    lessons.add_current_slide("one", deck_title="Mine")
    assert document.is_modified and flags == [True]
    content = document.content()
    assert content.deck is not None and content.current_slide == 0
    document.mark_saved(PATH, content)
    assert not document.is_modified and flags == [True, False]
    entry = lessons.current_entry
    assert entry is not None and entry.path == PATH and not entry.modified
    # with a deck in the file, trying things out on a slide is not an edit of the file
    plot.source = "x**5"
    assert not document.is_modified


def test_saving_clears_modified(document: Document, plot: PlotState) -> None:
    document.open(GradplotFile(session=Session(source="x")), PATH)
    plot.source = "2 * x"
    assert document.is_modified
    other = Path("/lessons/copy.gradplot")
    document.mark_saved(other, document.content())
    assert not document.is_modified and document.path == other


def test_autosave_fires_once_after_a_burst_of_changes(
    document: Document, plot: PlotState
) -> None:
    timer, store = autosaving(document)
    for k in range(1, 30):
        plot.source = f"x**{k}"
    assert timer.starts == 29 and timer.active and store.written == []
    timer.fire()
    assert len(store.written) == 1
    content, origin = store.written[0]
    assert content.session is not None and content.session.source == "x**29"
    assert origin is None
    timer.fire()  # nothing changed since: the timer is not even running
    assert len(store.written) == 1


def test_autosave_skips_what_it_already_wrote(document: Document, plot: PlotState) -> None:
    timer, store = autosaving(document)
    plot.source = "x**2"
    timer.fire()
    plot.source = "x**3"
    plot.source = "x**2"  # changed and changed back
    timer.fire()
    assert len(store.written) == 1


def test_an_autosave_failure_is_told_and_autosave_goes_on(
    document: Document, plot: PlotState
) -> None:
    timer, store = autosaving(document)
    failures: list[str] = []
    document.events.autosave_failed.connect(failures.append)
    store.fail = "disk full"
    plot.source = "x**2"
    timer.fire()
    assert failures == ["disk full"] and store.written == []
    store.fail = None
    plot.source = "x**3"
    assert timer.active
    timer.fire()
    assert len(store.written) == 1


def test_the_autosave_names_the_file_it_belongs_to(document: Document, plot: PlotState) -> None:
    timer, store = autosaving(document)
    document.open(GradplotFile(session=Session(source="x")), PATH)
    timer.fire()
    plot.source = "x + 1"
    timer.fire()
    assert [origin for _content, origin in store.written] == [PATH, PATH]


def test_a_saved_file_needs_no_autosave_until_it_changes(
    document: Document, plot: PlotState
) -> None:
    timer, store = autosaving(document)
    plot.source = "x**2"
    document.mark_saved(PATH, document.content())
    timer.fire()
    assert store.written == []
    plot.source = "x**4"
    timer.fire()
    assert len(store.written) == 1


def test_an_untouched_file_keeps_what_the_plot_cannot_show(
    document: Document, plot: PlotState
) -> None:
    saved = Session(source="a*sin(x)\r\n",
                    parameters=(Parameter("a", 2.0), Parameter("unused", 0.25)))

    def editor(source: str) -> None:  # as the editor shows it: line breaks as \n
        plot.source = source.replace("\r\n", "\n")

    plot.events.source.connect(editor)
    document.open(GradplotFile(session=saved), PATH)
    assert plot.source == "a*sin(x)\n"
    plot.parameters = (Parameter("a", 2.0),)  # a slider for `a` only
    assert document.session().source == saved.source
    assert [p.name for p in document.session().parameters] == ["a", "unused"]
    assert not document.is_modified
    plot.source = "a*cos(x)"  # the function edited: its unused parameters go
    assert [p.name for p in document.session().parameters] == ["a"]
    assert document.is_modified


def test_restoring_an_autosave_is_unsaved_work(
    document: Document, lessons: LessonState, plot: PlotState
) -> None:
    deck = Deck(Text("Recovered"), (Slide(Text("s"), Session(source="x**2")),))
    content = GradplotFile(session=Session(source="tanh(x)"), deck=deck, current_slide=0)
    document.restore(content, PATH)
    assert plot.source == "tanh(x)" and document.path == PATH
    entry = lessons.current_entry
    assert entry is not None and entry.modified and entry.path == PATH
    assert document.is_modified


def test_opening_a_deck_file_goes_to_its_slide(
    document: Document, lessons: LessonState, plot: PlotState
) -> None:
    slides = tuple(Slide(Text(f"s{i}"), Session(source=f"x**{i + 1}")) for i in range(3))
    opened: list[object] = []
    document.events.opened.connect(opened.append)
    document.open(GradplotFile(deck=Deck(Text("D"), slides), current_slide=2), PATH)
    assert lessons.slide_index == 2 and plot.source == "x**3"
    assert document.has_deck and not document.is_modified and opened == [PATH]
    entry = lessons.current_entry
    assert entry is not None and entry.path == PATH

