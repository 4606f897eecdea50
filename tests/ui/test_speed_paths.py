"""The window's fast paths keep its behaviour: fit before drawing, one paint per update,
slide keys only during a lesson, the garbage collector and the busy bar at start."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gradplot.engine import Request, Result, evaluate
from gradplot.ui import MainWindow
from gradplot.ui.app import startup_objects
from gradplot.ui.lesson_panel import SlideKeys
from gradplot.ui.plot_view import PlotView
from tests.ui.conftest import RESULT_TIMEOUT_MS, shown_plot, wait_result

START_Y_VIEW = (-1.5, 1.5)  # what a new window shows before its first result


# --- set_result(fit_y=True) == set_result() then fit_y() --------------------------------
def make_plot(qtbot: QtBot) -> PlotView:
    plot = shown_plot(qtbot)
    plot.set_y_view(*START_Y_VIEW)
    return plot


@pytest.fixture
def plot_pair(qtbot: QtBot) -> tuple[PlotView, PlotView]:
    """Two plots that see the same results: one fits in set_result, one fits after."""
    return make_plot(qtbot), make_plot(qtbot)


def show_both(fitted: PlotView, after: PlotView, result: Result) -> None:
    for plot in (fitted, after):
        plot.set_x_view(*result.request.x_range)
    fitted.set_result(result, fit_y=True)
    after.set_result(result)
    after.fit_y()


def assert_same_plots(fitted: PlotView, after: PlotView, result: Result) -> None:
    assert fitted.y_view() == pytest.approx(after.y_view(), rel=1e-9, abs=1e-12)
    assert fitted.x_view() == pytest.approx(after.x_view(), rel=1e-9, abs=1e-12)
    for a, b in zip(fitted.curves, after.curves, strict=True):
        assert a.isVisible() == b.isVisible()
        if not b.isVisible():
            continue
        # the fitted plot let go of the old data while the range changed: the new is drawn
        assert a.xData is not None and len(a.xData) == len(result.x)
        np.testing.assert_array_equal(a.xData, b.xData)
        np.testing.assert_array_equal(a.yData, b.yData)


SOURCES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("sin(x)", {}),
    ("x**3", {}),
    ("tan(x)", {}),
    ("2*dot(x, x)", {}),  # vector input (the default): f is one number, only f' is a curve
    ("exp(x)", {"order": 2}),
    ("sin(x)", {"x_range": (-0.5, 0.5), "order": 3}),
    ("x**3", {"points": 40}),  # few points: markers on every sample
)


def test_fit_in_set_result_is_fit_after(plot_pair: tuple[PlotView, PlotView]) -> None:
    fitted, after = plot_pair
    views = []
    for source, kwargs in SOURCES:  # one after the other: each replaces drawn data
        result = evaluate(Request(source, **{"dtype": "float64", "points": 600, **kwargs}))
        assert result.error is None, (source, result.error)
        show_both(fitted, after, result)
        assert_same_plots(fitted, after, result)
        views.append(fitted.y_view())
    assert views[0] != pytest.approx(START_Y_VIEW)  # the fit really moved the view
    assert len({tuple(round(v, 6) for v in view) for view in views}) >= 5
    scalar = evaluate(Request("2*dot(x, x)", points=600))
    assert scalar.scalar_value is not None  # the scalar case above was one


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    a=st.floats(-1e4, 1e4, allow_subnormal=False),
    b=st.floats(-50, 50),
    c=st.floats(-1e3, 1e3),
    lo=st.floats(-10, 9),
    width=st.floats(0.05, 20),
    order=st.integers(1, 3),
    points=st.sampled_from([16, 64, 65, 300, 2000]),
)
def test_fit_in_set_result_is_fit_after_for_any_curve(
    plot_pair: tuple[PlotView, PlotView],
    a: float,
    b: float,
    c: float,
    lo: float,
    width: float,
    order: int,
    points: int,
) -> None:
    fitted, after = plot_pair
    request = Request(
        "a * sin(x) + b * x**2 + c",
        x_range=(lo, lo + width),
        points=points,
        params={"a": a, "b": b, "c": c},
        dtype="float64",
        order=order,
    )
    result = evaluate(request)
    assert result.error is None, result.error
    show_both(fitted, after, result)
    assert_same_plots(fitted, after, result)


# --- one paint per update ------------------------------------------------------------
class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_one_paint_per_plot_update(qtbot: QtBot, window: MainWindow) -> None:
    before = window.plot.y_view()
    counter = PaintCounter()
    viewport = window.plot.viewport()
    viewport.installEventFilter(counter)

    def on_result(_result: object) -> None:
        counter.paints = 0  # only the paints that draw this result count

    window.resultShown.connect(on_result)
    try:
        result = wait_result(
            qtbot,
            window,
            lambda: window.editor.set_source("sin(x) * 3 + 1"),
            source="sin(x) * 3 + 1",
        )
        assert result.error is None
        with qtbot.waitSignal(window.plotPainted, timeout=RESULT_TIMEOUT_MS):
            pass
        qtbot.waitUntil(lambda: counter.paints >= 1, timeout=RESULT_TIMEOUT_MS)
        for _ in range(5):
            QApplication.processEvents()
        after = window.plot.y_view()
        # the y range changed (f now spans -2..4), which used to cost a second paint
        assert after[1] - after[0] > 2 * (before[1] - before[0])
        assert after[0] < -1.9 and after[1] > 3.9
        assert counter.paints == 1
    finally:
        window.resultShown.disconnect(on_result)
        viewport.removeEventFilter(counter)


# --- slide keys only while a slide shows ------------------------------------------
@pytest.fixture
def filter_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every call of SlideKeys' application-wide event filter."""
    calls: list[int] = []
    original = SlideKeys.eventFilter

    def counted(self: SlideKeys, watched: QObject, event: QEvent) -> bool:
        calls.append(int(event.type().value))
        return original(self, watched, event)

    monkeypatch.setattr(SlideKeys, "eventFilter", counted)
    return calls


def test_slide_keys_only_during_a_lesson(
    qtbot: QtBot, window: MainWindow, filter_calls: list[int]
) -> None:
    keys = window.teaching.keys
    panel = window.lessons
    window.activateWindow()
    window.plot.setFocus()
    assert panel.current_slide() is None
    assert not keys.active
    qtbot.keyClick(window.plot, Qt.Key.Key_PageDown)
    assert filter_calls == []  # no lesson: the app's events never reach the filter
    assert panel.slide_index == -1

    panel.select_deck(0, apply=False)
    assert panel.current_slide() is not None
    assert keys.active
    panel.go_to(0)
    assert keys.active
    qtbot.keyClick(window.plot, Qt.Key.Key_PageDown)
    assert panel.slide_index == 1
    assert filter_calls  # the filter saw the key
    qtbot.keyClick(window.plot, Qt.Key.Key_PageDown)
    assert panel.slide_index == 2

    panel.select_deck(-1)
    assert panel.current_slide() is None
    assert not keys.active
    filter_calls.clear()
    qtbot.keyClick(window.plot, Qt.Key.Key_PageDown)
    assert filter_calls == []

    panel.select_deck(0, apply=False)  # a lesson again: the filter is back
    assert keys.active
    qtbot.keyClick(window.plot, Qt.Key.Key_PageDown)
    assert panel.slide_index == 1

    keys.remove()  # the window closing: never again, even with a slide showing
    assert not keys.active
    panel.go_to(0, apply=False)
    assert not keys.active
    filter_calls.clear()
    qtbot.keyClick(window.plot, Qt.Key.Key_PageDown)
    assert filter_calls == []
    assert panel.slide_index == 0


# --- garbage collector ---------------------------------------------------------------
@pytest.fixture
def gc_state() -> Iterator[None]:
    """Each test starts with gc enabled and nothing frozen; its state is restored after."""
    was_enabled = gc.isenabled()
    gc.enable()
    gc.unfreeze()
    try:
        yield
    finally:
        gc.unfreeze()
        if not was_enabled:
            gc.disable()


@pytest.mark.usefixtures("gc_state")
def test_startup_objects_pauses_gc_then_freezes() -> None:
    frozen = gc.get_freeze_count()
    with startup_objects():
        assert not gc.isenabled()
        made = [[i] for i in range(1000)]  # container objects made during the start
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(made)


@pytest.mark.usefixtures("gc_state")
def test_startup_objects_restores_gc_when_the_start_fails() -> None:
    frozen = gc.get_freeze_count()
    with pytest.raises(RuntimeError, match="window failed"), startup_objects():
        assert not gc.isenabled()
        kept = [[i] for i in range(100)]
        raise RuntimeError("window failed")
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(kept)


@pytest.mark.usefixtures("gc_state")
def test_startup_objects_keeps_gc_off_when_it_was_off() -> None:
    gc.disable()
    with startup_objects():
        assert not gc.isenabled()
    assert not gc.isenabled()
    with pytest.raises(ValueError), startup_objects():
        raise ValueError
    assert not gc.isenabled()
    assert gc.get_freeze_count() > 0


# --- the busy bar while PyTorch loads (in its own process: nothing to hold back) -------
def test_busy_bar_shows_while_the_engine_loads(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    running: list[int] = []

    def slow(request: Request, **kwargs: Any) -> Result:
        running.append(request.request_id)
        gate.wait(RESULT_TIMEOUT_MS / 1000)
        return evaluate(request, **kwargs)

    window = MainWindow("sin(x)", persist=False, restore=False, evaluate=slow)
    qtbot.addWidget(window)
    evaluator = window.evaluator
    start_engine = evaluator.start
    starts: list[int] = []
    # the engine "loads" until the test starts it (on the first paint, or after 1.5 s,
    # the window would): a request waits for it meanwhile
    monkeypatch.setattr(evaluator, "start", lambda: starts.append(1))
    try:
        window.resize(1000, 700)
        with qtbot.waitSignal(window._busy_timer.timeout, timeout=RESULT_TIMEOUT_MS):
            window.show()  # the first request is submitted; the busy delay runs out
        assert evaluator.busy and not evaluator.started and not evaluator.engine_ready
        assert window.last_request is not None
        assert window.busy.isVisible()  # the engine loads: the window says it is busy

        with qtbot.waitSignal(evaluator.engineReady, timeout=RESULT_TIMEOUT_MS):
            start_engine()
        # loaded, and the evaluation is still running: the bar stays
        assert window.busy.isVisible()
        assert evaluator.busy and window.last_result is None
        qtbot.waitUntil(lambda: bool(running), timeout=RESULT_TIMEOUT_MS)  # it reached the engine

        with qtbot.waitSignal(window.resultShown, timeout=RESULT_TIMEOUT_MS):
            gate.set()
        assert window.last_result is not None and window.last_result.error is None
        assert not evaluator.busy
        assert not window.busy.isVisible()
    finally:
        gate.set()
