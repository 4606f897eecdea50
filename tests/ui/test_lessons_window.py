"""Lessons in the window: every built-in slide applied, checked against what it claims."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gradplot.engine import Result
from gradplot.lessons import builtin_decks
from gradplot.model import Slide
from gradplot.ui import MainWindow
from gradplot.ui.lesson_panel import SlideKeys
from tests.ui.conftest import wait_result

DECK = builtin_decks()[0]
SLIDES = {s.id: i for i, s in enumerate(DECK.slides)}


@pytest.fixture
def lesson_window(make_window: Callable[..., MainWindow]) -> MainWindow:
    window = make_window("sin(x)", persist=False, restore=False)
    window.lessons.select_deck(0, apply=False)
    return window


def show_slide(qtbot: QtBot, window: MainWindow, slide_id: str) -> Result:
    index = SLIDES[slide_id]
    return wait_result(qtbot, window, lambda: window.lessons.go_to(index))


def reference_shown(qtbot: QtBot, window: MainWindow, slide_id: str) -> float:
    """Go to a slide and wait for its reference, drawn on the grid of its result."""
    session = DECK.slides[SLIDES[slide_id]].session

    def current(reference: Result) -> bool:
        shown = window.last_result
        req = window.last_request
        return (
            shown is not None and req is not None
            and shown.request.request_id == req.request_id
            and req.source == session.source
            and np.allclose(req.x_range, session.x_range, atol=1e-3)
            and req.backward_passes == session.backward_passes
            and reference.request.x_range == req.x_range
            and reference.request.x_values == req.x_values
            and reference.request.source.strip() == window.teaching.panel.reference()
        )

    with qtbot.waitSignal(window.teaching.referenceShown, timeout=30_000,
                          check_params_cb=current):
        window.lessons.go_to(SLIDES[slide_id])
    diff = window.teaching.overlay.difference
    assert diff is not None
    return diff


@pytest.mark.parametrize("slide", DECK.slides, ids=[s.id for s in DECK.slides])
def test_every_builtin_slide_applies(qtbot: QtBot, lesson_window: MainWindow, slide: Slide) -> None:
    result = show_slide(qtbot, lesson_window, slide.id)
    panel = lesson_window.teaching.panel
    if slide.expect_error is None:
        assert result.error is None, result.error
        assert result.df is not None and np.isfinite(result.df).any()
        assert not panel.expected_error_shown
    else:
        assert result.error is not None and result.error.kind == slide.expect_error
        assert panel.expected_error_shown
    req = result.request
    s = slide.session
    assert req.source == s.source and req.x_values == s.x_values and req.dtype == s.dtype
    assert (req.vector_input, req.detach, req.retain_graph, req.backward_passes,
            req.zero_grad, req.strict_backward, req.order) == (
        s.vector_input, s.detach, s.retain_graph, s.backward_passes, s.zero_grad,
        s.strict_backward, s.order)
    assert panel.counter.text() == f"{SLIDES[slide.id] + 1} / {len(DECK.slides)}"
    assert panel.title.text() == slide.title.get("en")
    assert panel.notice.text() == slide.notice.get("en")


def test_slides_show_what_their_notes_claim(qtbot: QtBot, lesson_window: MainWindow) -> None:
    w = lesson_window
    r = show_slide(qtbot, w, "grad-2xTx")
    np.testing.assert_array_equal(r.x, [0, 1, 2, 3])
    np.testing.assert_allclose(r.df, [0, 4, 8, 12])
    assert r.scalar_value == pytest.approx(28)

    single = show_slide(qtbot, w, "accumulate-zero")
    double = show_slide(qtbot, w, "accumulate")
    assert single.df is not None and double.df is not None
    np.testing.assert_allclose(double.df, 2 * single.df)
    np.testing.assert_allclose(single.df, 4 * single.x, rtol=1e-6, atol=1e-6)

    r = show_slide(qtbot, w, "sum-x-x")
    np.testing.assert_allclose(r.df, 2 * r.x, rtol=1e-6, atol=1e-6)
    r = show_slide(qtbot, w, "detach")
    np.testing.assert_allclose(r.df, r.x**2, rtol=1e-5, atol=1e-6)
    r = show_slide(qtbot, w, "detach-off")
    np.testing.assert_allclose(r.df, 3 * r.x**2, rtol=1e-5, atol=1e-5)
    r = show_slide(qtbot, w, "control-flow-vector")
    np.testing.assert_allclose(r.df, [512, 512, 512, 512])
    r = show_slide(qtbot, w, "ex3-backward-gradient")
    np.testing.assert_allclose(r.df, [512, 512, 512, 512])
    r = show_slide(qtbot, w, "control-flow-point")
    assert r.f is not None and r.df is not None
    nz = np.abs(r.x) > 1e-3
    np.testing.assert_allclose(r.df[nz], r.f[nz] / r.x[nz], rtol=1e-5)
    r = show_slide(qtbot, w, "ex1-second-derivative")
    assert len(r.derivatives) == 2
    np.testing.assert_allclose(r.derivatives[0], 3 * r.x**2 - 3, rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(r.derivatives[1], 6 * r.x, rtol=1e-5, atol=1e-4)
    r = show_slide(qtbot, w, "ex2-retain-graph")
    np.testing.assert_allclose(r.df, [0, 0.5345, 1.0690, 1.6036], atol=1e-4)
    r = show_slide(qtbot, w, "ex4-huber")
    np.testing.assert_allclose(r.df, np.clip(r.x, -1, 1), atol=1e-6)
    r = show_slide(qtbot, w, "ex4-halving")
    assert r.df is not None
    powers = 2.0 ** -np.arange(0, 12)
    assert all(np.isclose(abs(v), powers).any() for v in r.df if np.isfinite(v))


def test_reference_curve_and_difference(qtbot: QtBot, lesson_window: MainWindow) -> None:
    w = lesson_window
    diff = reference_shown(qtbot, w, "ex5-sin")
    assert diff < 1e-6
    result = w.last_result
    assert result is not None and result.df is not None
    curve = w.teaching.overlay.curve
    assert curve.isVisible()
    np.testing.assert_allclose(curve.yData, np.cos(result.x), atol=1e-6)
    assert "cos(x)" in w.teaching.overlay.label()
    # the accumulation slide: f′ is 8x, the reference 4x, so the gap is 4·max|x| = 12
    diff = reference_shown(qtbot, w, "accumulate")
    assert diff == pytest.approx(12.0, rel=1e-6)
    # a broken reference is explained, not drawn
    with qtbot.waitSignal(w.teaching.referenceShown, timeout=30_000):
        w.teaching.panel.reference_edit.setText("cos(")
    assert not curve.isVisible()
    assert w.teaching.overlay.error_title
    assert "not drawn" in w.teaching.panel.reference_status.text()


def test_reset_slide_restores_it(qtbot: QtBot, lesson_window: MainWindow) -> None:
    w = lesson_window
    show_slide(qtbot, w, "accumulate")
    wait_result(qtbot, w, lambda: w.editor.set_source("x**3"))
    wait_result(qtbot, w, lambda: w.toggles.zero_grad.setChecked(True))
    r = wait_result(qtbot, w, w.lessons.reset_slide)
    assert r.request.source == DECK.slides[SLIDES["accumulate"]].session.source
    assert not r.request.zero_grad and r.request.backward_passes == 2


def test_navigation_keys(qtbot: QtBot, lesson_window: MainWindow) -> None:
    w = lesson_window
    panel = w.lessons
    panel.go_to(0)
    w.activateWindow()
    w.plot.setFocus()
    for key, expected in ((Qt.Key.Key_PageDown, 1), (Qt.Key.Key_Right, 2), (Qt.Key.Key_Space, 3),
                          (Qt.Key.Key_Left, 2), (Qt.Key.Key_PageUp, 1)):
        qtbot.keyClick(w.plot, key)
        assert panel.slide_index == expected
    # in the code editor, arrows and space edit the text
    w.editor.setFocus()
    qtbot.waitUntil(w.editor.hasFocus)
    source = w.editor.source()
    qtbot.keyClick(w.editor, Qt.Key.Key_Right)
    qtbot.keyClick(w.editor, Qt.Key.Key_Space)
    assert panel.slide_index == 1
    assert w.editor.source() != source and " " in w.editor.source()
    qtbot.keyClick(w.editor, Qt.Key.Key_PageDown)  # PageDown always steps
    assert panel.slide_index == 2


def test_step_rules() -> None:
    from PySide6.QtWidgets import QCheckBox, QLineEdit, QSlider

    assert SlideKeys.step_for(Qt.Key.Key_Right, QLineEdit()) == 0
    assert SlideKeys.step_for(Qt.Key.Key_Space, QCheckBox()) == 0
    assert SlideKeys.step_for(Qt.Key.Key_Right, QCheckBox()) == 1
    assert SlideKeys.step_for(Qt.Key.Key_Left, QSlider()) == 0
    assert SlideKeys.step_for(Qt.Key.Key_PageDown, QLineEdit()) == 1
    assert SlideKeys.step_for(Qt.Key.Key_A, None) == 0
