"""The window against the real engine: every curve is checked against evaluate()."""

from __future__ import annotations

import html
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gradplot.engine import Request, Result, evaluate
from gradplot.engine.evaluation import MAX_TIME_LIMIT
from gradplot.ui import MainWindow
from gradplot.ui.plot_view import CURVE_NAMES, STALE_COLOUR, connect_array
from tests.notebook import CONTROL_FLOW, DETACH
from tests.ui.conftest import RESULT_TIMEOUT_MS, wait_result

RUNAWAY = textwrap.dedent(
    """\
    def f(x):
        b = x
        while True:
            b = b + 0
        return b
    """
)
# allocates nothing, so no work budget ends it: only the time limit or a newer request
INT_RUNAWAY = "def f(x):\n    n = 0\n    while True:\n        n = n + 1\n    return x"


def engine(request: Request) -> Result:
    return evaluate(request)


def curve_y(window: MainWindow, name: str) -> np.ndarray:
    y = window.plot.curve(name).yData
    assert y is not None
    return np.asarray(y)


def assert_matches_engine(window: MainWindow, result: Result) -> Result:
    """The drawn curves are exactly what the engine computes for the window's request."""
    expected = engine(result.request)
    assert expected.error is None, expected.error
    assert expected.f is not None
    plot = window.plot
    np.testing.assert_allclose(plot.curve("df").xData, expected.x)
    if expected.scalar_value is None:
        np.testing.assert_allclose(plot.curve("f").xData, expected.x)
        np.testing.assert_allclose(curve_y(window, "f"), expected.f, equal_nan=True)
    else:
        assert not plot.curve("f").isVisible()
    for k, d in enumerate(expected.derivatives):
        name = CURVE_NAMES[k + 1]
        assert plot.curve(name).isVisible()
        np.testing.assert_allclose(curve_y(window, name), d, rtol=1e-12, equal_nan=True)
    for name in CURVE_NAMES[1 + len(expected.derivatives):]:
        assert not plot.curve(name).isVisible()
    return expected


def use_grid(window: MainWindow, lo: float, hi: float, n: int) -> None:
    window.ranges.set_x_range(lo, hi, quiet=True)
    window.ranges.set_point_count(n)


def set_source(qtbot: QtBot, window: MainWindow, source: str) -> Result:
    return wait_result(qtbot, window, lambda: window.editor.set_source(source), source=source)


def test_object_names(window: MainWindow) -> None:
    from PySide6.QtWidgets import QWidget

    for name in ("editor", "vectorInput", "detach", "retainGraph", "errorPanel", "plot"):
        assert window.findChild(QWidget, name) is not None, name
    assert window.findChild(QWidget, "plot") is window.plot
    for name in CURVE_NAMES:
        assert window.plot.curve(name).objectName() == name


def test_typing_updates_the_curves(qtbot: QtBot, window: MainWindow) -> None:
    editor = window.editor
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    result = wait_result(qtbot, window, lambda: qtbot.keyClicks(editor, "x**3"), source="x**3")
    assert result.error is None
    expected = assert_matches_engine(window, result)
    np.testing.assert_allclose(expected.df, 3 * expected.x**2, rtol=1e-9, atol=1e-9)
    assert not window.error_panel.isVisible()
    assert "forward" in window.timings_label.text()
    assert f"{len(expected.x)} points" in window.timings_label.text()


def test_scalar_f_is_a_label_beside_its_gradient(qtbot: QtBot, window: MainWindow) -> None:
    use_grid(window, 0.0, 3.0, 4)
    result = set_source(qtbot, window, "2*dot(x, x)")
    expected = assert_matches_engine(window, result)
    np.testing.assert_allclose(expected.df, [0, 4, 8, 12])
    assert window.plot.scalar_label.isVisible()
    assert "28" in window.plot.scalar_label.toPlainText()


def test_vector_input_toggle(qtbot: QtBot, window: MainWindow) -> None:
    use_grid(window, 0.0, 3.0, 4)
    result = set_source(qtbot, window, CONTROL_FLOW)
    assert_matches_engine(window, result)
    np.testing.assert_allclose(result.df, [512, 512, 512, 512])
    assert window.notes_panel.isVisible()  # vector mode branched on x: a note, not an error
    assert not window.error_panel.isVisible()
    off = wait_result(qtbot, window, lambda: window.toggles.vector_input.click())
    assert off.request.vector_input is False
    expected = assert_matches_engine(window, off)
    assert expected.df is not None and expected.f is not None
    np.testing.assert_allclose(expected.df[1:], expected.f[1:] / expected.x[1:], rtol=1e-6)


def test_detach_toggle(qtbot: QtBot, window: MainWindow) -> None:
    use_grid(window, 0.0, 3.0, 4)
    cut = set_source(qtbot, window, DETACH)
    assert_matches_engine(window, cut)
    np.testing.assert_allclose(cut.df, [0, 1, 4, 9])
    whole = wait_result(qtbot, window, lambda: window.toggles.detach.click())
    assert whole.request.detach is False
    assert_matches_engine(window, whole)
    np.testing.assert_allclose(whole.df, [0, 3, 12, 27])


def test_passes_retain_and_zero_grad(qtbot: QtBot, window: MainWindow) -> None:
    use_grid(window, 0.0, 3.0, 4)
    one = set_source(qtbot, window, "sqrt(dot(x, x))")
    np.testing.assert_allclose(one.df, [0, 0.2673, 0.5345, 0.8018], atol=1e-4)
    twice = wait_result(qtbot, window, lambda: window.toggles.passes.setValue(2))
    assert twice.error is not None and twice.error.kind == "backward_twice"
    assert window.error_panel.isVisible()
    retained = wait_result(qtbot, window, lambda: window.toggles.retain_graph.click())
    assert retained.error is None
    assert not window.error_panel.isVisible()
    assert_matches_engine(window, retained)
    np.testing.assert_allclose(retained.df, one.df, atol=1e-6)  # zeroed between passes
    summed = wait_result(qtbot, window, lambda: window.toggles.zero_grad.click())
    assert summed.request.zero_grad is False
    assert_matches_engine(window, summed)
    np.testing.assert_allclose(summed.df, [0, 0.5345, 1.0690, 1.6036], atol=1e-4)


def test_strict_backward_and_order(qtbot: QtBot, window: MainWindow) -> None:
    use_grid(window, -1.0, 1.0, 50)
    set_source(qtbot, window, "x**4")
    strict = wait_result(qtbot, window, lambda: window.toggles.strict_backward.click())
    assert strict.error is not None and strict.error.kind == "nonscalar_backward"
    assert window.error_panel.isVisible()
    ok = wait_result(qtbot, window, lambda: window.toggles.strict_backward.click())
    assert ok.error is None
    third = wait_result(qtbot, window, lambda: window.toggles.order.setCurrentIndex(2))
    assert third.request.order == 3
    expected = assert_matches_engine(window, third)
    np.testing.assert_allclose(expected.derivatives[2], 24 * expected.x, rtol=1e-6, atol=1e-9)
    assert window.plot.curve("d3f").isVisible()
    legend_labels = [label.text for _sample, label in window.plot.legend.items]
    assert legend_labels == ["f(x)", "f′(x)", "f″(x)", "f‴(x)"]


def test_parameters_make_sliders_that_replot(qtbot: QtBot, window: MainWindow) -> None:
    result = set_source(qtbot, window, "a*sin(b*x)")
    assert set(result.param_names) == {"a", "b"}
    window.parameters.settle_now()  # the pause in typing
    assert set(window.parameters.names()) == {"a", "b"}
    moved = wait_result(
        qtbot, window, lambda: window.parameters.slider("a").setValue(2.5),
        predicate=lambda r: r.request.params.get("a") == 2.5,
    )
    expected = assert_matches_engine(window, moved)
    assert expected.f is not None
    np.testing.assert_allclose(expected.f, 2.5 * np.sin(expected.x), rtol=1e-9, atol=1e-12)
    set_source(qtbot, window, "b*x")
    assert window.parameters.names() == ("b",)
    back = set_source(qtbot, window, "a*x")
    window.parameters.settle_now()
    assert back.request.params["a"] == 2.5  # the value of a came back with the name
    assert window.parameters.row("a").value() == 2.5


@pytest.mark.parametrize(
    ("source", "setup", "kind"),
    [
        ("sin(x", None, "syntax"),
        ("x*x", "passes", "backward_twice"),
        ("x*x", "strict", "nonscalar_backward"),
        ("x.detach() * 2", None, "no_grad"),
        (RUNAWAY, None, "timeout"),
    ],
)
def test_error_panel_shows_and_clears(
    qtbot: QtBot, window: MainWindow, source: str, setup: str | None, kind: str
) -> None:
    good = set_source(qtbot, window, "x**2")
    good_y = curve_y(window, "f").copy()
    window.state.time_limit = 0.5
    if setup == "passes":
        window.toggles.passes.setValue(2)
    elif setup == "strict":
        window.toggles.strict_backward.setChecked(True)
    bad = set_source(qtbot, window, source)
    assert bad.error is not None
    assert bad.error.kind == kind, bad.error
    panel = window.error_panel
    assert panel.isVisible()
    assert html.escape(bad.error.title) in panel.title.text()
    assert panel.explanation.text()
    assert panel.hint.text() == bad.error.hint
    if bad.error.line is not None:
        assert window.editor.error_position[0] == bad.error.line
    if bad.f is not None:
        # autograd refused after the forward pass: f drawn, f′ not, and why (on the plot)
        assert kind in ("backward_twice", "nonscalar_backward", "no_grad")
        assert not window.plot.stale
        np.testing.assert_allclose(curve_y(window, "f"), bad.f)
        assert not window.plot.curve("df").isVisible()
        assert window.plot.missing_label.isVisible()
    else:
        # the last good curves stay, greyed
        assert kind in ("syntax", "timeout")
        assert window.plot.stale
        np.testing.assert_allclose(curve_y(window, "f"), good_y)
        assert window.plot.curve("f").opts["pen"].color().name() == STALE_COLOUR
    window.toggles.passes.setValue(1)
    window.toggles.strict_backward.setChecked(False)
    fixed = set_source(qtbot, window, "x**2 + 1")
    assert fixed.error is None
    assert not panel.isVisible()
    assert window.editor.error_position == (None, None)
    assert not window.plot.stale
    np.testing.assert_allclose(curve_y(window, "f"), good_y + 1)
    assert good.error is None


def test_raw_message_is_collapsible(qtbot: QtBot, window: MainWindow) -> None:
    window.toggles.strict_backward.setChecked(True)
    bad = set_source(qtbot, window, "x*x")
    assert bad.error is not None and bad.error.raw
    panel = window.error_panel
    assert not panel.raw.isVisible()
    panel.raw_toggle.click()
    assert panel.raw.isVisible()
    assert panel.raw.toPlainText() == bad.error.raw


def test_syntax_error_marks_line_and_column(qtbot: QtBot, window: MainWindow) -> None:
    bad = set_source(qtbot, window, "def f(x):\n    y = x *\n    return y\n")
    assert bad.error is not None and bad.error.kind == "syntax"
    assert bad.error.line == 2
    assert window.editor.error_position == (bad.error.line, bad.error.column)
    marks = window.editor.extraSelections()
    assert any(sel.cursor.block().blockNumber() == 1 for sel in marks[1:])


class RunawayWatch:
    """The real engine, watched: tells the test when INT_RUNAWAY's loop runs and when it ended.

    The engine asks ``cancel()`` from inside the user's loop, so the first call means the
    loop is running on the worker; no sleep has to guess when that happens.
    """

    def __init__(self) -> None:
        self.running = threading.Event()
        self.finished = threading.Event()

    def __call__(self, request: Request, **kwargs: Any) -> Result:
        cancel = kwargs.pop("cancel", None)
        runaway = request.source == INT_RUNAWAY

        def watched() -> bool:
            if runaway:
                self.running.set()
            return bool(cancel and cancel())

        try:
            return evaluate(request, cancel=watched, **kwargs)
        finally:
            if runaway:
                self.finished.set()


def test_stale_results_are_dropped(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    watch = RunawayWatch()
    window = make_window(evaluate=watch)
    shown: list[Result] = []
    window.resultShown.connect(shown.append)
    window.state.time_limit = MAX_TIME_LIMIT  # only the newer request may end the loop
    window.editor.set_source(INT_RUNAWAY)
    window.request_now()
    qtbot.waitUntil(watch.running.is_set, timeout=RESULT_TIMEOUT_MS)
    fast = set_source(qtbot, window, "x + 1")
    assert fast.error is None
    qtbot.waitUntil(watch.finished.is_set, timeout=RESULT_TIMEOUT_MS)  # cancelled, not timed out
    qtbot.waitUntil(lambda: window.evaluator.dropped >= 1, timeout=RESULT_TIMEOUT_MS)
    assert all(r.request.source != INT_RUNAWAY for r in shown)
    assert window.last_result is fast
    assert not window.evaluator.busy


def test_gui_keeps_ticking_during_a_runaway_loop(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    from PySide6.QtCore import QTimer

    watch = RunawayWatch()
    window = make_window(evaluate=watch)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    window.state.time_limit = MAX_TIME_LIMIT  # the loop runs until the test replaces it
    timer.start()
    try:
        window.editor.set_source(INT_RUNAWAY)
        window.request_now()
        qtbot.waitUntil(watch.running.is_set, timeout=RESULT_TIMEOUT_MS)
        ticks.clear()
        # the GUI's timer keeps firing while Python code spins on the worker
        qtbot.waitUntil(lambda: len(ticks) >= 20, timeout=RESULT_TIMEOUT_MS)
        assert not watch.finished.is_set()  # ...and all that time the loop was running
    finally:
        timer.stop()
    after = set_source(qtbot, window, "x")
    assert after.error is None
    qtbot.waitUntil(watch.finished.is_set, timeout=RESULT_TIMEOUT_MS)


def test_zoom_resamples_at_screen_resolution(qtbot: QtBot, window: MainWindow) -> None:
    set_source(qtbot, window, "sin(1/x)")
    result = wait_result(
        qtbot, window, lambda: window.plot.set_x_view(0.01, 0.02),
        predicate=lambda r: abs(r.request.x_range[0] - 0.01) < 1e-9,
    )
    assert result.request.x_range == pytest.approx((0.01, 0.02))
    assert result.request.points >= window.plot.pixel_width()
    assert window.ranges.x_range() == pytest.approx((0.01, 0.02), abs=1e-4)
    assert_matches_engine(window, result)


def test_poles_and_jumps_are_not_joined(qtbot: QtBot, window: MainWindow) -> None:
    for source in ("1/x", "where(x > 0, x + 1, x - 1)", "tan(x)"):
        result = set_source(qtbot, window, source)
        expected = assert_matches_engine(window, result)
        assert expected.f is not None and expected.f_breaks is not None
        conn = connect_array(expected.f, expected.f_breaks)
        if source != "tan(x)":
            assert not conn[:-1].all()  # a break or a gap somewhere
        assert not conn[:-1][expected.f_breaks].any()
        drawn = window.plot.curve("f").opts["connect"]
        np.testing.assert_array_equal(drawn, conn)


def test_smooth_curves_with_gaps_use_finite_mode(qtbot: QtBot, window: MainWindow) -> None:
    # no pole or jump: no per-sample connect array, NaN samples (x < 0) are gaps
    result = set_source(qtbot, window, "sqrt(x)")
    expected = assert_matches_engine(window, result)
    assert expected.f is not None and expected.f_breaks is not None
    assert not expected.f_breaks.any()
    assert np.isnan(expected.f).any()
    assert window.plot.curve("f").opts["connect"] == "finite"


def test_hover_readout(qtbot: QtBot, window: MainWindow) -> None:
    result = set_source(qtbot, window, "x**2")
    expected = engine(result.request)
    assert expected.f is not None and expected.df is not None
    plot = window.plot
    i = len(expected.x) // 3
    x0 = float(expected.x[i])
    vb = plot.getPlotItem().getViewBox()
    view_pos = plot.mapFromScene(vb.mapViewToScene(pg_point(x0, 0.0)))
    qtbot.mouseMove(plot.viewport(), view_pos)
    qtbot.waitUntil(lambda: plot.readout.isVisible())
    x_c = plot.cursor_x
    assert x_c is not None
    # the layout may have settled after the move was aimed: compare with where the
    # pointer is in the view now, not with where it was aimed
    x0 = vb.mapSceneToView(plot.mapToScene(view_pos)).x()
    step = float(expected.x[1] - expected.x[0])
    assert x_c == pytest.approx(x0, abs=3 * step)  # within a pixel or so of the target
    readout = plot.readout_at(x_c)
    assert readout is not None
    assert readout.value("f") == pytest.approx(float(np.interp(x_c, expected.x, expected.f)))
    assert readout.value("df") == pytest.approx(float(np.interp(x_c, expected.x, expected.df)))
    text = plot.readout.text()
    assert "f(x)" in text and "f′(x)" in text
    assert f"{readout.value('df'):.6g}".replace("-", "−") in text


def pg_point(x: float, y: float) -> object:
    from PySide6.QtCore import QPointF

    return QPointF(x, y)


def test_tangent_slope_is_the_derivative(qtbot: QtBot, window: MainWindow) -> None:
    result = set_source(qtbot, window, "sin(x) * x")
    expected = engine(result.request)
    assert expected.f is not None and expected.df is not None
    plot = window.plot
    plot.setFocus()
    qtbot.keyClick(plot, Qt.Key.Key_T)
    assert plot.tangent_visible
    i = len(expected.x) // 4
    x0 = float(expected.x[i])
    plot.set_cursor(x0)
    assert plot.tangent.isVisible()
    xs, ys = plot.tangent.getData()
    slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
    assert slope == pytest.approx(float(expected.df[i]), rel=1e-9, abs=1e-12)
    y_at = ys[0] + slope * (x0 - xs[0])
    assert y_at == pytest.approx(float(expected.f[i]), rel=1e-9, abs=1e-12)
    qtbot.keyClick(plot, Qt.Key.Key_T)
    assert not plot.tangent.isVisible()


def test_settings_round_trip(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> None:
    first = make_window(None)
    wait_result(qtbot, first, lambda: first.editor.set_source("a*x**2"), source="a*x**2")
    first.parameters.settle_now()
    wait_result(
        qtbot, first, lambda: first.parameters.slider("a").setValue(-1.5),
        predicate=lambda r: r.request.params.get("a") == -1.5,
    )
    first.toggles.detach.setChecked(False)
    first.toggles.order.setCurrentIndex(1)
    first.ranges.set_x_range(-3.0, 4.0)
    first.ranges.set_point_count(123)
    first.plot.set_tangent_visible(True)
    first.resize(900, 640)
    first.close()
    second = make_window(None)
    assert second.editor.source() == "a*x**2"
    t = second.toggles.toggles()
    assert (t.detach, t.order, t.vector_input) == (False, 2, True)
    assert second.ranges.x_range() == (-3.0, 4.0)
    assert second.ranges.point_count() == 123
    second.parameters.settle_now()
    assert second.parameters.row("a").value() == -1.5
    assert second.plot.tangent_visible
    assert second.last_request is not None
    assert second.last_request.params["a"] == -1.5
    third = make_window("cos(x)")  # a source from the command line wins
    assert third.editor.source() == "cos(x)"


def test_six_hundred_live_updates(qtbot: QtBot, window: MainWindow) -> None:
    result = set_source(qtbot, window, "a*sin(x)")
    window.parameters.settle_now()
    slider = window.parameters.slider("a")
    slider.setRange(-5, 5)
    for k in range(600):
        value = round(-3 + (k % 61) * 0.1, 3)
        if value == window.last_request.params.get("a"):  # type: ignore[union-attr]
            value += 0.05
        result = wait_result(
            qtbot, window, lambda v=value: slider.setValue(v),
            predicate=lambda r, v=value: r.request.params.get("a") == pytest.approx(v),
        )
    expected = assert_matches_engine(window, result)
    assert expected.f is not None


def test_ui_import_does_not_import_torch() -> None:
    code = "import sys, gradplot.ui; sys.exit(1 if 'torch' in sys.modules else 0)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()


def gated_per_point() -> tuple[Callable[..., Result], threading.Event, threading.Event]:
    """The real engine; a per-point run waits after its first progress report for the gate."""
    reported = threading.Event()
    gate = threading.Event()

    def run(request: Request, **kwargs: Any) -> Result:
        progress = kwargs.pop("progress", None)

        def report(done: int, total: int) -> None:
            if progress is not None:
                progress(done, total)
            if not request.vector_input and done < total and not reported.is_set():
                reported.set()
                gate.wait(RESULT_TIMEOUT_MS / 1000)

        return evaluate(request, progress=report, **kwargs)

    return run, reported, gate


def test_per_point_mode_shows_progress(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    run, reported, gate = gated_per_point()
    window = make_window(evaluate=run)
    progress: list[tuple[int, int]] = []
    window.evaluator.progress.connect(lambda d, t: progress.append((d, t)))
    use_grid(window, -2.0, 2.0, 3000)
    window.state.time_limit = MAX_TIME_LIMIT  # no point may be left out while the gate is shut
    set_source(qtbot, window, "x * sin(x)")
    try:
        window.toggles.vector_input.setChecked(False)
        qtbot.waitUntil(reported.is_set, timeout=RESULT_TIMEOUT_MS)
        # the run is part-way: the bar shows how far it got
        qtbot.waitUntil(window.busy.isVisible, timeout=RESULT_TIMEOUT_MS)
        qtbot.waitUntil(lambda: any(d < t for d, t in progress), timeout=RESULT_TIMEOUT_MS)
        qtbot.waitUntil(lambda: window.busy.maximum() == 3000, timeout=RESULT_TIMEOUT_MS)
        assert 0 < window.busy.value() < 3000
        assert window.busy.toolTip() == f"{window.busy.value()} of 3000 points"
        result = wait_result(
            qtbot, window, gate.set, predicate=lambda r: not r.request.vector_input
        )
    finally:
        gate.set()
    assert result.error is None and result.request.vector_input is False
    assert_matches_engine(window, result)
    assert progress[-1] == (3000, 3000)
    assert not window.busy.isVisible()


def test_toggle_shortcuts_and_tooltips(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    window.editor.setFocus()
    before = window.toggles.detach.isChecked()
    result = wait_result(
        qtbot, window,
        lambda: qtbot.keyClick(window.editor, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier),
    )
    assert window.toggles.detach.isChecked() is not before
    assert result.request.detach is not before
    assert window.editor.source() == "sin(x)"  # the shortcut typed nothing
    concepts = {
        "vectorInput": "requires_grad",
        "detach": "detach()",
        "retainGraph": "retain_graph=True",
        "zeroGrad": "x.grad.zero_()",
        "strictBackward": "backward(gradient=",
    }
    from PySide6.QtWidgets import QCheckBox

    for name, concept in concepts.items():
        box = window.findChild(QCheckBox, name)
        assert box is not None
        assert concept in box.toolTip(), name
        assert not box.shortcut().isEmpty()


def test_legend_shows_only_with_curves(qtbot: QtBot) -> None:
    from gradplot.ui.plot_view import PlotView

    plot = PlotView()
    qtbot.addWidget(plot)
    plot.show()
    assert not plot.legend.isVisible()  # no empty box before the first result
    plot.set_result(evaluate(Request(source="sin(x)")))
    assert plot.legend.isVisible()
    assert [label.text for _sample, label in plot.legend.items] == ["f(x)", "f′(x)"]
    plot.clear_data()
    assert not plot.legend.isVisible()
    assert plot.legend.items == []
