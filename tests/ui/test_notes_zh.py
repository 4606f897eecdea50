"""The engine's notes in Chinese: every kind it can say, and the panel following the language."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

import gradplot.engine.evaluation as evaluation
from gradplot.engine import Request, evaluate
from gradplot.ui import MainWindow, i18n
from gradplot.ui.i18n import NOTE_HEADS, localize_note, note_head
from tests.ui.conftest import wait_result

# one request that makes each kind of note, checked against the engine below
NOTE_CASES: dict[str, Request] = {
    "branch": Request(source="def f(x):\n    if x.sum() > 0:\n        return x\n    return -x"),
    "point_timeout": Request(
        source="def f(x):\n    b = x\n    while b < 3:\n        b = b + 1\n    return b",
        vector_input=False, points=9, time_limit=2.0, x_range=(-2e9, 1.0),
    ),
    "nonfinite": Request(source="log(x)"),
    "constant": Request(source="2 + 0*1"),
    "not_differentiable": Request(source="where(x > 0, 1., -1.)"),
    "detach_off": Request(source="x.detach() * x", detach=False),
}


def engine_note_kinds() -> set[str]:
    """Every kind of Note the evaluation module can make (read from its source)."""
    tree = ast.parse(inspect.getsource(evaluation))
    kinds = set()
    for node in ast.walk(tree):
        func = node.func if isinstance(node, ast.Call) else None
        made = (isinstance(func, ast.Name) and func.id == "Note") or (
            isinstance(func, ast.Attribute) and func.attr == "of"
            and isinstance(func.value, ast.Name) and func.value.id == "Note"
        )
        if (made and isinstance(node, ast.Call) and node.args
                and isinstance(node.args[0], ast.Constant)):
            kinds.add(str(node.args[0].value))
    return kinds


@pytest.fixture
def chinese(qtbot: QtBot) -> Iterator[None]:
    i18n.set_language("zh")
    try:
        yield
    finally:
        i18n.set_language("en")


def test_every_engine_note_has_a_case_and_a_heading() -> None:
    kinds = engine_note_kinds()
    assert kinds, "no Note(...) found in the engine"
    assert kinds == set(NOTE_CASES)
    assert kinds <= set(NOTE_HEADS)


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("kind", sorted(NOTE_CASES))
def test_each_note_reads_in_chinese(kind: str) -> None:
    result = evaluate(NOTE_CASES[kind])
    notes = [n for n in result.notes if n.kind == kind]
    assert notes, f"{kind}: the request no longer makes this note: {result.notes}"
    for note in notes:
        shown = localize_note(note)
        assert shown.message != note.message, f"untranslated {kind}: {note.message}"
        assert i18n.has_cjk(shown.message)
        assert i18n.has_cjk(note_head(note.kind, note.line))
        # numbers and code keep their English spelling
        for token in ("NaN", "backward()", "detach()", "if/while/bool"):
            if token in note.message and kind != "detach_off":
                assert token in shown.message, (kind, token)


def test_notes_unchanged_in_english() -> None:
    i18n.set_language("en")
    for kind, request in NOTE_CASES.items():
        for note in evaluate(request).notes:
            assert localize_note(note) == note, kind
    assert note_head("branch", 3) == "Control flow, line 3"
    assert note_head("nonfinite") == "Gaps"


@pytest.mark.usefixtures("chinese")
def test_point_timeout_counts_the_points_not_listed() -> None:
    note = next(n for n in evaluate(NOTE_CASES["point_timeout"]).notes
                if n.kind == "point_timeout")
    assert " and 3 more" in note.message
    assert "等 8 个点处" in localize_note(note).message


def test_notes_panel_follows_the_language(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("log(x)")
    panel = window.notes_panel
    assert panel.isVisible()
    assert "Gaps:" in panel.label.text()
    room = window.classroom
    try:
        with qtbot.waitSignal(room.languageChanged):
            room.choose_language("zh")
        text = panel.label.text()
        assert "缺口" in text and "NaN 或无穷大" in text and "Gaps" not in text
        # a new result is shown in Chinese as well
        wait_result(qtbot, window, lambda: window.editor.set_source("2 + 0*1"))
        assert "常数" in panel.label.text()
    finally:
        with qtbot.waitSignal(room.languageChanged):
            room.choose_language("en")
    # and back, live
    assert "f does not use x" in panel.label.text() and "常数" not in panel.label.text()
    room.choose_language("system")
    i18n.set_language("en")
