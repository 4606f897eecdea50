"""The one-click fix for maths notation on the error panel, in English and Chinese."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gradplot.engine import Request, evaluate
from gradplot.engine.errors import EvaluationTimeout, WorkLimit, explain
from gradplot.engine.notation import RULES
from gradplot.ui import i18n
from gradplot.ui.i18n import localize_error
from gradplot.ui.main_window import MainWindow
from tests.ui.conftest import engine_chinese, wait_result


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


def test_one_click_uses_the_fix_and_undo_brings_back_what_was_typed(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window("x^2 + sin x")
    shown = window.last_result
    assert shown is not None and shown.error is not None and shown.error.kind == "notation"
    panel = window.error_panel
    assert panel.isVisible() and panel.fix_button.isVisible()
    assert panel.fix_button.text() == "Use x**2 + sin(x)"
    assert panel.explanation.text() == shown.error.explanation  # as written: no &#x27;
    fixed = wait_result(
        qtbot, window, lambda: qtbot.mouseClick(panel.fix_button, Qt.MouseButton.LeftButton),
        source="x**2 + sin(x)",
    )
    assert fixed.error is None
    assert window.editor.source() == "x**2 + sin(x)"
    assert not panel.isVisible()
    expected = evaluate(fixed.request)
    np.testing.assert_allclose(window.plot.curve("f").yData, expected.f)
    again = wait_result(qtbot, window, window.editor.undo, source="x^2 + sin x")
    assert window.editor.source() == "x^2 + sin x"  # nothing the user typed is lost
    assert again.error is not None and again.error.fix == "x**2 + sin(x)"


def test_no_button_without_a_known_fix(qtbot: QtBot, make_window: Callable[..., MainWindow]
                                       ) -> None:
    window = make_window("sin(x")
    assert window.error_panel.isVisible()
    assert not window.error_panel.fix_button.isVisible()


def test_the_fix_reads_in_chinese(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> None:
    window = make_window("2(x+1) + ln(x)")
    window.classroom.apply_language("zh")
    panel = window.error_panel
    assert panel.fix_button.text() == "使用 2*(x+1) + log(x)"
    assert i18n.has_cjk(panel.explanation.text())
    assert "log" in panel.explanation.text() and "ln" in panel.explanation.text()
    assert i18n.has_cjk(panel.fix_button.toolTip())
    window.classroom.apply_language("en")
    assert panel.fix_button.text() == "Use 2*(x+1) + log(x)"


def test_a_long_fix_is_shortened_on_the_button(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window("f(t) = t^2")
    panel = window.error_panel
    assert panel.fix_button.text() == "Use def f(t): …"
    assert panel.hint.text() == "def f(t):\n    return t**2"  # shown in full below


def test_every_rule_is_said_in_chinese() -> None:
    NOTATION_RULES_ZH = {r for r, text in RULES.items() if i18n.has_cjk(engine_chinese(text))}
    assert set(NOTATION_RULES_ZH) == set(RULES)
    i18n.set_language("zh")
    for source in ("x^2", "π*x", "|x|", "X", "sin x", "sin^2(x)", "y = 2x", "5!*x", "sin(30°)",
                   "2,5x", "ln(x)"):
        info = evaluate(Request(source=source, points=5)).error
        assert info is not None and info.kind == "notation"
        zh = localize_error(info)
        assert i18n.has_cjk(zh.title) and i18n.has_cjk(zh.explanation), source
        assert zh.fix == info.fix and zh.hint == info.hint


def test_both_limits_read_the_same_in_chinese() -> None:
    by_time = explain(EvaluationTimeout(2.0))
    by_work = explain(WorkLimit(300_000_000))
    i18n.set_language("zh")
    a, b = localize_error(by_time), localize_error(by_work)
    assert (a.title, a.explanation, a.hint) == (b.title, b.explanation, b.hint)
    assert i18n.has_cjk(a.title) and "内存" not in a.title + a.explanation
