"""LessonState without Qt: navigation applies slides, edits change the deck and say so."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradplot.engine.switches import AutogradSwitches
from gradplot.io.schema import dumps, loads
from gradplot.model.lesson_state import LessonState
from gradplot.model.plot_state import PlotState
from gradplot.model.session import Deck, Session, Slide, Text

SLIDES = (
    Slide(Text("plain"), Session(source="x**2", points=50), id="a"),
    Slide(Text("twice"), Session(source="x**2", backward_passes=2, zero_grad=False,
                                 points=60), id="b"),
    Slide(Text("values", "取值"), Session(source="2 * x @ x", x_values=(0.0, 1.0, 2.0, 3.0)),
          id="c"),
)
DECK = Deck(Text("Deck"), SLIDES, id="deck")


def names(lessons: LessonState) -> list[str]:
    """Every event of ``lessons`` from now on, by name."""
    seen: list[str] = []
    lessons.events.all.connect(lambda info: seen.append(info.signal.name))
    return seen


@pytest.fixture
def plot() -> PlotState:
    return PlotState()


@pytest.fixture
def lessons(plot: PlotState) -> LessonState:
    state = LessonState(plot)
    state.add_deck(DECK, builtin=True, select=False)
    return state


def titles(lessons: LessonState) -> list[str]:
    deck = lessons.current_deck()
    assert deck is not None
    return [s.title.en for s in deck.slides]


def test_selecting_a_deck_applies_its_slide(lessons: LessonState, plot: PlotState) -> None:
    seen = names(lessons)
    lessons.select_deck(0, slide=1)
    assert (lessons.deck_index, lessons.slide_index) == (0, 1)
    assert plot.source == "x**2" and plot.switches.backward_passes == 2
    assert seen == ["deck", "slide"]
    assert not lessons.is_modified  # looking is not editing


def test_navigation_stops_at_the_ends(lessons: LessonState) -> None:
    lessons.select_deck(0)
    assert not lessons.previous_slide()
    assert lessons.next_slide() and lessons.next_slide()
    assert not lessons.next_slide()
    assert lessons.slide_index == 2
    assert not lessons.go_to(7)


def test_switches_survive_a_slide(lessons: LessonState, plot: PlotState) -> None:
    """A slide brings its switches; the state as a new slide keeps them; reset restores."""
    lessons.select_deck(0, slide=1)
    assert AutogradSwitches.of(plot.snapshot()) == AutogradSwitches.of(SLIDES[1].session)
    plot.set_switch("retain_graph", True)
    added = lessons.add_current_slide("mine")
    assert added.session.retain_graph and added.session.backward_passes == 2
    assert not added.session.zero_grad
    lessons.go_to(1)
    assert not plot.switches.retain_graph
    plot.set_switch("zero_grad", True)
    lessons.reset_slide()
    assert plot.switches == AutogradSwitches.of(SLIDES[1].session)


def test_a_session_round_trips_through_a_deck(lessons: LessonState, plot: PlotState) -> None:
    session = Session(source="a * x**3", x_range=(-2.0, 3.0), points=77, order=3,
                      dtype="float64", reference="3 * a * x**2", view_x=(-1.0, 1.0))
    plot.apply(session)
    lessons.new_deck("Mine")
    lessons.add_current_slide("cubic")
    deck = lessons.current_deck()
    assert deck is not None
    again = loads(dumps(deck)).deck
    assert again is not None and again.slides[0].session == session
    plot.apply(Session())
    other = LessonState(plot)
    other.add_deck(again)
    assert plot.snapshot() == session


def test_add_inserts_after_the_current_slide(lessons: LessonState, plot: PlotState) -> None:
    lessons.select_deck(0)
    plot.source = "tanh(x)"
    seen = names(lessons)
    slide = lessons.add_current_slide("new")
    assert titles(lessons) == ["plain", "new", "twice", "values"]
    assert lessons.slide_index == 1 and lessons.current_slide() is slide
    assert slide.session.source == "tanh(x)"
    assert seen == ["decks", "slide", "slide_inserted"]
    entry = lessons.current_entry
    assert entry is not None and entry.modified and lessons.is_modified


def test_add_without_a_deck_starts_one(plot: PlotState) -> None:
    lessons = LessonState(plot)
    seen = names(lessons)
    lessons.add_current_slide("first", deck_title="Derivatives")
    deck = lessons.current_deck()
    assert deck is not None and deck.title.en == "Derivatives"
    assert titles(lessons) == ["first"]
    assert "deck" in seen and seen[-1] == "slide_inserted"


def test_move_swaps_and_follows_the_slide(lessons: LessonState) -> None:
    lessons.select_deck(0, slide=1, apply=False)
    moved: list[tuple[int, int]] = []
    lessons.events.slide_moved.connect(lambda i, j: moved.append((i, j)))
    lessons.move_current_slide(-1)
    assert titles(lessons) == ["twice", "plain", "values"]
    assert lessons.slide_index == 0 and moved == [(1, 0)]
    lessons.move_current_slide(-1)  # already first: nothing
    assert moved == [(1, 0)] and titles(lessons)[0] == "twice"


def test_delete_shows_the_slide_that_takes_its_place(
    lessons: LessonState, plot: PlotState
) -> None:
    lessons.select_deck(0, slide=1)
    removed: list[int] = []
    lessons.events.slide_removed.connect(removed.append)
    lessons.delete_current_slide()
    assert titles(lessons) == ["plain", "values"] and removed == [1]
    assert lessons.slide_index == 1 and plot.x_values == (0.0, 1.0, 2.0, 3.0)
    lessons.delete_current_slide()
    lessons.delete_current_slide()
    assert titles(lessons) == [] and lessons.slide_index == -1
    assert lessons.current_slide() is None


def test_update_keeps_the_texts_and_takes_the_state(
    lessons: LessonState, plot: PlotState
) -> None:
    lessons.select_deck(0)
    plot.update(source="cos(x)", points=99)
    updated: list[int] = []
    lessons.events.slide_updated.connect(updated.append)
    lessons.update_current_slide()
    slide = lessons.current_slide()
    assert slide is not None and slide.title.en == "plain" and slide.id == "a"
    assert slide.session.source == "cos(x)" and slide.session.points == 99
    assert updated == [0]


def test_texts_are_edited_in_the_current_language(plot: PlotState) -> None:
    language = ["en"]
    lessons = LessonState(plot, language=lambda: language[0])
    lessons.add_deck(DECK, select=True, slide=2)
    lessons.edit_current_slide(notes="four points")
    language[0] = "zh-Hans"
    lessons.edit_current_slide(title="四个点")
    slide = lessons.current_slide()
    assert slide is not None
    assert slide.notes == Text("four points") and slide.title == Text("values", "四个点")
    updated: list[int] = []
    lessons.events.slide_updated.connect(updated.append)
    lessons.edit_current_slide(title="四个点")  # no change: no edit
    assert updated == []
    lessons.rename_deck("我的课")
    deck = lessons.current_deck()
    assert deck is not None and deck.title == Text("Deck", "我的课")


def test_saving_and_reopening_a_deck(lessons: LessonState, tmp_path: Path) -> None:
    entry = lessons.new_deck("Mine")
    lessons.add_current_slide("one")
    path = tmp_path / "mine.gradplot"
    lessons.mark_saved(entry, path)
    assert not lessons.is_modified and entry.path == path
    # the same file opened again replaces its entry, not a second one
    count = len(lessons.entries)
    lessons.add_deck(entry.deck, path=path)
    assert len(lessons.entries) == count and lessons.current_entry is not entry


def test_editing_the_grid_samples_a_grid_again(lessons: LessonState, plot: PlotState) -> None:
    lessons.select_deck(0, slide=2)
    assert plot.x_values == (0.0, 1.0, 2.0, 3.0)
    lessons.go_to(0)  # a slide on a grid, after one with x values
    assert plot.x_values is None
    lessons.go_to(2)
    plot.points = 300
    assert plot.x_values is None
