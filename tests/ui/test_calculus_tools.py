"""The calculus tools on the real engine: Values dock, secant to tangent, playing sliders.

Every number is checked against an independent computation with torch in the same
dtype. Playback is stepped explicitly; nothing waits for a timer to fire "in time".
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
import pytest
import torch
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from gradplot.engine import Result
from gradplot.ui import MainWindow
from gradplot.ui.motion import Player
from gradplot.ui.secant import PLAY_END, TABLE_STEPS, SecantTool
from gradplot.ui.values_dock import ValuesDock, parse_points, tensor_text
from tests.ui.conftest import RESULT_TIMEOUT_MS, wait_result

TORCH_DTYPES = {"float32": torch.float32, "float64": torch.float64}


def f_torch(x: torch.Tensor) -> torch.Tensor:
    return 3 * x**2 - 4 * x


def values_of(qtbot: QtBot, values: ValuesDock, action: Callable[[], object]) -> Result:
    def newest(result: Result) -> bool:
        return result.request.request_id == values.evaluator.latest_id

    with qtbot.waitSignal(values.evaluator.resultReady, timeout=RESULT_TIMEOUT_MS,
                          check_params_cb=newest) as blocker:
        action()
    result = blocker.args[0]
    assert isinstance(result, Result)
    return result


def secant_of(
    qtbot: QtBot, tool: SecantTool, action: Callable[[], object], source: str | None = None
) -> Result:
    def check(result: Result) -> bool:
        newest = result.request.request_id == tool.evaluator.latest_id
        return newest and (source is None or result.request.source == source)

    with qtbot.waitSignal(tool.computed, timeout=RESULT_TIMEOUT_MS,
                          check_params_cb=check) as blocker:
        action()
    result = blocker.args[0]
    assert isinstance(result, Result)
    return result


def plot_item(window: MainWindow, name: str) -> pg.GraphicsObject:
    found = [it for it in window.plot.getPlotItem().items if it.objectName() == name]
    assert len(found) == 1, name
    return found[0]


# ------------------------------------------------------------------------ Values dock


def test_parse_points() -> None:
    assert parse_points("0, 1, 2, 3") == (0.0, 1.0, 2.0, 3.0)
    assert parse_points(" -1.5;2  1e-3 −2") == (-1.5, 2.0, 0.001, -2.0)
    for bad in ("1, a", "nan", "1, inf"):
        with pytest.raises(ValueError, match="number"):
            parse_points(bad)


def test_tensor_text_prints_as_the_notebook() -> None:
    assert tensor_text(np.array([0.0, 4.0, 8.0, 12.0])) == "tensor([0., 4., 8., 12.])"
    assert tensor_text(np.array([0.0, 0.26726124, 0.5345225, 0.8017837])) == (
        "tensor([0.0000, 0.2673, 0.5345, 0.8018])"
    )
    assert tensor_text(28.0) == "tensor(28.)"
    assert tensor_text(np.array([1.0]), "float64") == "tensor([1.], dtype=torch.float64)"


def test_values_dock_prints_x_grad_and_copies_csv(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window("2*dot(x, x)")
    window.state.dtype = "float32"  # the notebook's x = torch.arange(4.0)
    wait_result(qtbot, window, window.request_now)
    values = window.values
    assert window.findChild(QDockWidget, "valuesDock") is values.dock
    field = window.findChild(QLineEdit, "valuesX")
    assert field is values.input
    values.action.trigger()
    field.setText("0, 1, 2, 3")
    result = values_of(qtbot, values, values.refresh)
    assert result.ok, result.error
    label = window.findChild(QLabel, "valuesTensor")
    assert label is not None and label.text() == "x.grad = tensor([0., 4., 8., 12.])"
    table = window.findChild(QTableWidget, "valuesTable")
    assert table is not None and table.rowCount() == 4
    grads = [float(table.item(i, 2).text()) for i in range(4)]
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    y.backward()
    assert x.grad is not None
    assert grads == x.grad.tolist()
    assert [table.item(i, 1).text() for i in range(4)] == ["28"] * 4

    text = values.copy_csv()
    clipboard = QGuiApplication.clipboard()
    assert clipboard is not None and clipboard.text() == text
    lines = text.strip().splitlines()
    assert len(lines) == 5
    rows = [[float(v) for v in line.split(",")[:3]] for line in lines[1:]]
    assert [r[0] for r in rows] == [0, 1, 2, 3]
    assert [r[2] for r in rows] == [0, 4, 8, 12]

    # a click on a row moves the readout and the tangent there
    table.cellClicked.emit(2, 0)
    assert window.plot.cursor_x == 2.0
    assert window.plot.tangent_visible
    assert "x     = 2" in window.plot.readout.text()


def test_values_follow_the_function_dtype_and_orders(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window("x**3")
    values = window.values
    values.action.trigger()
    values.input.setText("1 2")
    result = values_of(qtbot, values, values.refresh)
    assert values.tensor.text() == "x.grad = tensor([3., 12.], dtype=torch.float64)"
    assert result.request.dtype == window.state.dtype == "float64"
    # a new function re-evaluates the dock's points
    window.toggles.order.setCurrentIndex(1)
    result = values_of(qtbot, values, lambda: window.editor.set_source("x**4"))
    assert result.request.source == "x**4"
    table = values.table
    assert table.columnCount() == 4
    headers = [table.horizontalHeaderItem(j).text() for j in range(4)]
    assert headers == ["x", "f(x)", "f′(x)", "f″(x)"]
    assert [float(table.item(i, 3).text()) for i in range(2)] == [12.0, 48.0]


def test_values_dock_explains_bad_points_and_uses_lesson_points(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window("x * x")
    values = window.values
    values.action.trigger()
    values.input.setText("1, two")
    assert values.refresh() is None
    assert values.message.isVisible() and "'two' is not a number" in values.message.text()
    values.input.setText("")
    window.state.x_values = (0.0, 1.0, 2.0, 3.0)
    result = values_of(qtbot, values, window.request_now)
    assert not values.message.isVisible()
    assert result.request.x_values == (0.0, 1.0, 2.0, 3.0)
    assert values.tensor.text() == "x.grad = tensor([0., 2., 4., 6.], dtype=torch.float64)"


# ------------------------------------------------------------------------ secant


@pytest.fixture
def calculus(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> MainWindow:
    window = make_window("3 * x**2 - 4 * x")
    tool = window.secant
    tool.set_a(1.0)
    tool.set_h(0.1)
    secant_of(qtbot, tool, tool.action.trigger)
    return window


def expected_quotients(a: float, dtype: str) -> list[float]:
    t = TORCH_DTYPES[dtype]
    out = []
    for h in TABLE_STEPS:
        xa, xb = torch.tensor(a, dtype=t), torch.tensor(a + h, dtype=t)
        out.append(float((f_torch(xb) - f_torch(xa)) / torch.tensor(h, dtype=t)))
    return out


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_limit_table_is_the_difference_quotient_in_its_dtype(
    qtbot: QtBot, calculus: MainWindow, dtype: str
) -> None:
    tool = calculus.secant
    result = secant_of(
        qtbot, tool, lambda: (tool.set_dtype(dtype), tool.refresh())  # type: ignore[arg-type]
    )
    assert result.request.dtype == dtype
    table = calculus.findChild(QTableWidget, "limitTable")
    assert table is tool.table and table.rowCount() == 8
    want = expected_quotients(1.0, dtype)
    got = [float(table.item(i, 1).data(256)) for i in range(8)]
    assert got == want
    assert tool.slope == 2.0  # autograd's f′(1)
    errors = np.abs(np.array(want) - 2.0)
    np.testing.assert_allclose([float(table.item(i, 2).data(256)) for i in range(8)], errors)
    if dtype == "float64":  # D2L 2.4 prints these
        np.testing.assert_allclose(got[:5], [2.3, 2.03, 2.003, 2.0003, 2.00003], rtol=1e-9)
    else:  # round-off: the error shrinks, then grows again
        best = int(np.argmin(errors))
        assert 0 < best < 7 and errors[-1] > 100 * errors[best]


def test_secant_and_tangent_lines_on_the_plot(qtbot: QtBot, calculus: MainWindow) -> None:
    tool = calculus.secant
    for kind, name in ((QDoubleSpinBox, "secantA"), (QDoubleSpinBox, "secantH"),
                       (QPushButton, "secantPlay")):
        assert calculus.findChild(kind, name) is not None, name
    assert calculus.findChild(QAction, "secantAction") is tool.action
    assert tool.action in calculus.toolbar.actions()
    secant = plot_item(calculus, "secant")
    points = plot_item(calculus, "secantPoints")
    tangent = plot_item(calculus, "secantTangent")
    assert secant.isVisible() and points.isVisible() and tangent.isVisible()
    a, h = 1.0, 0.1
    t = torch.float32
    fa, fb = f_torch(torch.tensor(a, dtype=t)), f_torch(torch.tensor(a + h, dtype=t))
    _px, py = points.getData()
    assert list(py) == [float(fa), float(fb)]
    sx, sy = secant.getData()
    slope = (sy[1] - sy[0]) / (sx[1] - sx[0])
    want = float((fb - fa) / torch.tensor(h, dtype=t))
    assert slope == pytest.approx(want, rel=1e-9)
    assert tool.secant_slope == want
    tx, ty = tangent.getData()
    assert (ty[1] - ty[0]) / (tx[1] - tx[0]) == pytest.approx(6 * a - 4, rel=1e-12)
    # the tangent y = 2x − 3 at x = 1 (D2L 2.4)
    np.testing.assert_allclose(ty, 2 * tx - 3, rtol=1e-12, atol=1e-12)
    assert "2.3" in tool.slopes.text() and "= 2" in tool.slopes.text()


def test_play_sweeps_h_to_zero_and_the_secant_becomes_the_tangent(
    qtbot: QtBot, calculus: MainWindow
) -> None:
    tool = calculus.secant
    assert tool.play()
    frames = [tool.h]
    while tool.player.playing:
        tool.player.advance()
        frames.append(tool.h)
    assert frames[-1] == pytest.approx(PLAY_END)
    assert all(b <= a for a, b in itertools.pairwise(frames))  # h only shrinks
    assert len(set(frames)) >= 100  # in about 5 decades
    assert not tool.play_button.isChecked()
    tool.set_dtype("float64")
    result = secant_of(qtbot, tool, tool.refresh)
    assert result.request.x_values is not None
    assert tool.secant_slope == pytest.approx(tool.slope, abs=1e-5)


def test_reduced_motion_stops_playback(qtbot: QtBot, calculus: MainWindow) -> None:
    tool = calculus.secant
    assert tool.play() and tool.player.playing
    calculus.motion.set_on(True)
    assert not tool.player.playing
    assert not tool.play_button.isEnabled()
    assert not tool.play()
    calculus.motion.set_on(False)
    assert tool.play_button.isEnabled()


def test_dragging_the_point_moves_a_and_traces_the_slope(
    qtbot: QtBot, calculus: MainWindow
) -> None:
    tool = calculus.secant
    tool.trace_box.setChecked(True)
    assert tool.trace == [(1.0, 2.0)]
    for a in (-0.5, 0.25, 2.0):
        secant_of(qtbot, tool, lambda a=a: tool.handle.setPos(a, 0.0))  # a drag along x
        assert tool.a == a
        assert tool.handle.pos().y() == pytest.approx(float(f_torch(torch.tensor(a))), abs=1e-5)
    trace = plot_item(calculus, "slopeTrace")
    xs, ys = trace.getData()
    np.testing.assert_allclose(xs, [1.0, -0.5, 0.25, 2.0])
    np.testing.assert_allclose(ys, 6 * xs - 4, atol=1e-5)  # the dots draw f′
    tool.clear_trace()
    assert len(trace.getData()[0]) == 0


def test_secant_explains_an_error(qtbot: QtBot, calculus: MainWindow) -> None:
    tool = calculus.secant
    result = secant_of(qtbot, tool, lambda: calculus.editor.set_source("log(x - 5)"),
                       "log(x - 5)")
    assert result.ok  # NaNs are values: no line where f is not finite
    assert not plot_item(calculus, "secant").isVisible()
    result = secant_of(qtbot, tool, lambda: calculus.editor.set_source("x +* 2"), "x +* 2")
    assert result.error is not None
    assert not plot_item(calculus, "secant").isVisible()
    assert tool.slopes.text().startswith("The secant cannot be drawn")
    assert result.error.title in tool.slopes.text()


# ------------------------------------------------------------------------ parameters


def test_every_parameter_row_has_a_play_button_that_changes_the_curves(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window("a * sin(x) + b")
    assert set(window.parameters.names()) == {"a", "b"}
    for name in ("a", "b"):
        row = window.findChild(type(window.parameters.row(name)), f"param_{name}")
        assert row is window.parameters.row(name)
        button = window.findChild(QToolButton, f"play_{name}")
        assert button is not None and button.isEnabled()
    play = window.param_play
    before = np.array(window.plot.curve("f").yData)
    row = window.parameters.row("a")
    lo, hi = row.range()
    value = row.value()
    result = wait_result(qtbot, window, lambda: play.step("a"),
                         predicate=lambda r: r.request.params["a"] != value)
    assert result.request.params["a"] == pytest.approx(value + (hi - lo) / 100)
    after = np.array(window.plot.curve("f").yData)
    assert not np.allclose(after, before)
    np.testing.assert_allclose(after, result.request.params["a"] * np.sin(result.x) + 1.0,
                               rtol=1e-12, atol=1e-12)


def test_loop_bounce_step_and_speed(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> None:
    window = make_window("a * x")
    play = window.param_play
    row = window.parameters.row("a")
    row.lo.setValue(0.0)
    row.hi.setValue(1.0)
    play.set_step("a", 20)
    row.set_value(0.95)
    assert play.step("a") == pytest.approx(1.0)
    assert play.step("a") == pytest.approx(0.0)  # loop: back to the start
    play.set_mode("a", "bounce")
    row.set_value(0.95)
    assert play.step("a") == pytest.approx(1.0)
    assert play.step("a") == pytest.approx(0.95)  # bounce: turned round
    assert row.value() == pytest.approx(0.95)
    play.set_speed("a", 60)
    assert play.players["a"].fps == 60
    button = window.findChild(QToolButton, "play_a")
    assert button is not None
    button.click()
    assert play.players["a"].playing and button.text() == "■"
    button.click()
    assert not play.players["a"].playing and button.text() == "▶"
    # the menu's actions do the same
    menu = button.menu()
    assert menu is not None
    loop = next(a for a in menu.actions() if a.objectName() == "play_a_loop")
    loop.trigger()
    assert play.players["a"].mode == "loop"


def test_reduced_motion_disables_parameter_playback(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window("a * x")
    play = window.param_play
    assert play.play("a")
    window.motion.action.trigger()
    assert window.motion.on
    assert not play.players["a"].playing
    button = window.findChild(QToolButton, "play_a")
    assert button is not None and not button.isEnabled()
    assert not play.play("a")
    # and the setting is remembered
    assert window._settings.value("ui/reduced_motion") in (True, "true")


def test_player_modes_without_a_window(qapp: QCoreApplication) -> None:
    # owned by the application: a QObject only Python owns may be freed by the garbage
    # collector on a worker thread, which Qt does not allow
    player = Player(None, qapp, start=0.0, end=1.0, step=0.4, mode="once")
    seen: list[float] = []
    player.frame.connect(seen.append)
    player.play(0.0)
    while player.playing:
        player.advance()
    assert seen == pytest.approx([0.4, 0.8, 1.0])
    player.mode = "bounce"
    player.value = 0.8
    assert player.advance() == pytest.approx(0.8)  # 1.2 reflected at 1.0
    assert player.advance() == pytest.approx(0.4)


def test_a_tick_waits_while_the_last_frame_is_computed(qapp: QCoreApplication) -> None:
    free = [False]
    player = Player(None, qapp, start=0.0, end=1.0, step=0.25, ready=lambda: free[0])
    player._on_tick()  # what the timer calls
    assert player.value == 0.0 and player.skipped == 1
    free[0] = True
    player._on_tick()
    assert player.value == 0.25


def test_the_tools_speak_chinese(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> None:
    from tests.ui.test_classroom import _visible_english

    window = make_window("a * x**2")
    window.values.action.trigger()
    window.values.input.setText("1, 2")
    values_of(qtbot, window.values, window.values.refresh)
    secant_of(qtbot, window.secant, window.secant.action.trigger)
    room = window.classroom
    try:
        with qtbot.waitSignal(room.languageChanged):
            room.choose_language("zh")
        for dock in (window.secant.dock, window.values.dock):
            assert _visible_english(dock) == []
        row = window.parameters.row("a")
        assert _visible_english(row) == []
        menu = row.play.menu()
        assert menu is not None
        assert [a.text() for a in menu.actions()][:2] == ["循环", "往返"]
        assert "割线斜率" in window.secant.slopes.text()
        headers = [window.secant.table.horizontalHeaderItem(j).text() for j in range(3)]
        assert headers[2] == "与 f′(a) 的误差"
        assert window.motion.action.text() == "减少动画(&M)"
    finally:
        room.choose_language("en")
    assert window.secant.slopes.text().startswith("secant slope")
    assert window.secant.table.horizontalHeaderItem(2).text() == "error vs f′(a)"
