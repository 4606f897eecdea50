"""The graph dock steps the backward pass: driven by its buttons, read from its data."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from gradplot.engine import Result
from gradplot.ui import i18n
from gradplot.ui.backprop_panel import BackpropPanel
from gradplot.ui.main_window import MainWindow
from tests.notebook import DETACH, X4
from tests.ui.conftest import wait_result

SIN_X = "sin(x) * x"


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


def traced(result: Result) -> bool:
    return result.backprop is not None


def open_graph(qtbot: QtBot, window: MainWindow, x: float | None = None) -> BackpropPanel:
    room = window.classroom
    panel = room.graph_panel
    wait_result(qtbot, window, room.graph_dock.show, predicate=traced)
    if x is not None:
        wait_result(qtbot, window, lambda: panel.set_x(x), predicate=traced)
    return panel


def click(qtbot: QtBot, panel: BackpropPanel, name: str, times: int = 1) -> None:
    button = panel.findChild(QPushButton, name)
    assert button is not None
    for _ in range(times):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def state(panel: BackpropPanel) -> dict[str, tuple[str, tuple[str, ...]]]:
    """node title -> (state, lines)"""
    return {t.title: (t.state, t.lines) for t in panel.node_texts()}


def test_stepping_sin_x_times_x_shows_the_hand_gradients(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window(SIN_X)
    panel = open_graph(qtbot, window, 1.0)
    assert window.last_request is not None and window.last_request.trace_x == 1.0
    # before backward: forward values only, nothing highlighted
    nodes = state(panel)
    assert nodes["SinBackward0"] == ("", ("value: 0.8415", "grad in: ·", "_saved_self = 1"))
    assert nodes["x  (AccumulateGrad)"][1] == ("x = 1",)
    assert not panel.back_button.isEnabled() and panel.forward_button.isEnabled()
    click(qtbot, panel, "graphStepForward")
    nodes = state(panel)
    assert nodes["y = f(x)  MulBackward0"][0] == "current"
    assert "grad in: 1" in nodes["y = f(x)  MulBackward0"][1]
    assert "It sends 1 to SinBackward0" in panel.inspector.text()
    assert "It sends 0.8415 to AccumulateGrad" in panel.inspector.text()
    # the gradient ran along the edges from the running node back towards the output
    click(qtbot, panel, "graphStepForward")
    assert state(panel)["SinBackward0"][0] == "current"
    assert "It sends 0.5403 to AccumulateGrad" in panel.inspector.text()
    click(qtbot, panel, "graphStepForward")
    leaf = state(panel)["x  (AccumulateGrad)"]
    expected = math.cos(1) + math.sin(1)
    assert leaf == ("current", ("x = 1", f"x.grad after pass 1: {expected:.4g}"))
    assert f"x.grad is now {expected:.4g}, that is f′(1)" in panel.inspector.text()
    # it equals f′ on the plot at that x
    readout = window.plot.readout_at(1.0)
    assert readout is not None and readout.value("df") == pytest.approx(expected, abs=1e-3)
    assert "The plot's f′ there: 1.38" in panel.inspector.text()  # read between samples
    assert not panel.forward_button.isEnabled()
    # the saved tensors are gone after the pass: retain graph is off
    assert "_saved_self: freed" in state(panel)["SinBackward0"][1]
    assert "Retain graph is off" in panel.inspector.text()


def test_back_reset_and_keys(make_window: Callable[..., MainWindow], qtbot: QtBot) -> None:
    window = make_window(SIN_X)
    panel = open_graph(qtbot, window, 1.0)
    stepper = panel.stepper
    assert stepper is not None
    click(qtbot, panel, "graphStepForward", 2)
    assert stepper.position == 2
    click(qtbot, panel, "graphStepBack")
    assert stepper.position == 1
    assert state(panel)["SinBackward0"][1][1] == "grad in: ·"
    click(qtbot, panel, "graphReset")
    assert stepper.position == 0 and panel.step_label.text() == "before backward()"
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Right)
    qtbot.keyClick(panel.view, Qt.Key.Key_Right)
    assert stepper.position == 2
    qtbot.keyClick(panel.view, Qt.Key.Key_Left)
    assert stepper.position == 1
    qtbot.keyClick(panel.view, Qt.Key.Key_Home)
    assert stepper.position == 0


def test_x_typed_clicked_or_from_the_cursor(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window(SIN_X)
    panel = open_graph(qtbot, window)
    edit = panel.x_edit
    assert edit.objectName() == "graphX"

    def type_x(text: str) -> None:
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClicks(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    result = wait_result(qtbot, window, lambda: type_x("0.5"), predicate=traced)
    assert result.request.trace_x == 0.5
    assert result.backprop is not None and result.backprop.x.values == (0.5,)
    assert window.plot.cursor_x == 0.5
    # a bad number is explained and changes nothing
    type_x("abc")
    assert "'abc' is not a number" in panel.inspector.text()
    assert panel.trace_x == 0.5 and window.state.trace_x == 0.5
    # the cursor's x
    window.plot.set_cursor(-1.25)
    result = wait_result(qtbot, window, panel.cursor_button.click, predicate=traced)
    assert result.request.trace_x == -1.25
    assert edit.text() == "-1.25"


def test_the_stepped_position_stays_when_x_changes(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window(SIN_X)
    panel = open_graph(qtbot, window, 1.0)
    click(qtbot, panel, "graphStepForward", 2)
    wait_result(qtbot, window, lambda: panel.set_x(2.0), predicate=traced)
    assert panel.stepper is not None and panel.stepper.position == 2
    # into sin: x = 2; out of it: 2 cos 2
    assert f"It sends {2 * math.cos(2):.4g}".replace("-", "−") in panel.inspector.text()


def test_a_second_pass_without_retain_stops_at_the_first_freed_node(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window(SIN_X)
    panel = open_graph(qtbot, window, 1.0)
    result = wait_result(qtbot, window, lambda: window.toggles.passes.setValue(2),
                         predicate=traced)
    assert result.error is not None and result.error.kind == "backward_twice"
    stepper = panel.stepper
    assert stepper is not None
    assert stepper.length == 4  # three steps, then the refused one
    click(qtbot, panel, "graphStepForward", 3)
    assert all(
        "freed" in line
        for line in state(panel)["y = f(x)  MulBackward0"][1] if line.startswith("_saved")
    )
    click(qtbot, panel, "graphStepForward")
    assert panel.step_label.text() == "pass 2 · step 1 of 1"
    assert state(panel)["y = f(x)  MulBackward0"][0] == "failed"
    assert "backward() ran twice through a freed graph" in panel.inspector.text()
    assert "retain_graph=True" in panel.inspector.text()
    assert not panel.forward_button.isEnabled()


def test_two_passes_without_zero_grad_show_x_grad_doubled(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window(SIN_X)
    panel = open_graph(qtbot, window, 1.0)

    def switches() -> None:
        window.toggles.retain_graph.setChecked(True)
        window.toggles.zero_grad.setChecked(False)
        window.toggles.passes.setValue(2)

    wait_result(qtbot, window, switches, predicate=lambda r: traced(r) and (
        r.request.backward_passes == 2 and not r.request.zero_grad))
    click(qtbot, panel, "graphStepForward", 3)
    assert "The plot's f′" not in panel.inspector.text()  # the plot shows the last pass
    click(qtbot, panel, "graphStepForward", 3)
    g = math.cos(1) + math.sin(1)
    assert state(panel)["x  (AccumulateGrad)"][1] == (
        "x = 1", f"x.grad after pass 1: {g:.4g}", f"x.grad after pass 2: {2 * g:.4g}")
    assert "gradients accumulate" in panel.inspector.text()
    assert f"x.grad is now {2 * g:.4g}, that is 2 × f′(1)" in panel.inspector.text()
    # what the plot draws (read between its samples, so to 3 digits)
    assert f"The plot's f′ there: {2 * g:.3g}" in panel.inspector.text()


def test_the_notebooks_detach_on_the_whole_vector(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window(DETACH)
    window.state.x_values = X4
    wait_result(qtbot, window, window.request_now)
    panel = open_graph(qtbot, window)
    trace = panel.trace
    assert trace is not None and trace.whole_vector
    cut = [t for t in panel.node_texts() if t.kind == "cut"]
    assert len(cut) == 1
    assert cut[0].lines[0] == "value: [0, 1, 4, 9]"
    assert "backward() stops here" in cut[0].lines[1]
    assert "x is the whole vector of 4 samples" in panel.inspector.text()
    assert not panel.x_edit.isEnabled() and not panel.cursor_button.isEnabled()
    assert "no gradient flows back" in panel.inspector.text()
    click(qtbot, panel, "graphStepForward", 2)
    assert state(panel)["x  (AccumulateGrad)"][1] == (
        "x = [0, 1, 2, 3]", "x.grad after pass 1: [0, 1, 4, 9]")


def test_order_two_shows_the_create_graph_graph_and_both_sizes(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window(SIN_X)
    panel = open_graph(qtbot, window, 1.0)
    result = wait_result(qtbot, window, lambda: window.toggles.order.setCurrentIndex(1),
                         predicate=lambda r: traced(r) and r.request.order == 2)
    assert panel.which.count() == 2 and panel.which.isEnabled()
    first, second = result.backprop.graphs  # type: ignore[union-attr]
    caption = panel.view.caption
    assert f"for f′: {first.total_nodes} nodes" in caption
    assert f"for f″: {second.total_nodes} nodes" in caption
    panel.which.setCurrentIndex(1)
    stepper = panel.stepper
    assert stepper is not None and stepper.graph.order == 2
    assert len(panel.view.nodes) == len(second.nodes)
    while panel.forward_button.isEnabled():
        click(qtbot, panel, "graphStepForward")
    f2 = 2 * math.cos(1) - math.sin(1)
    assert f"x.grad is now {f2:.4g}, that is f″(1)" in panel.inspector.text()


def test_closed_dock_asks_for_no_trace(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window(SIN_X)
    assert window.last_request is not None and window.last_request.trace_x is None
    assert window.last_result is not None and window.last_result.backprop is None
    open_graph(qtbot, window)
    window.classroom.graph_dock.hide()
    result = wait_result(qtbot, window, window.request_now)
    assert result.request.trace_x is None and result.backprop is None


def test_a_click_on_the_plot_picks_x(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window(SIN_X)
    panel = open_graph(qtbot, window)
    box = window.plot.getPlotItem().getViewBox()
    target = box.mapViewToScene(box.viewRect().center())
    view_pos = window.plot.mapFromScene(target)
    expected = box.mapSceneToView(target).x()
    result = wait_result(
        qtbot, window,
        lambda: qtbot.mouseClick(window.plot.viewport(), Qt.MouseButton.LeftButton,
                                 pos=view_pos),
        predicate=traced)
    assert result.request.trace_x == pytest.approx(expected, abs=0.05)
    assert panel.trace_x == result.request.trace_x


def test_steps_in_chinese(make_window: Callable[..., MainWindow], qtbot: QtBot) -> None:
    window = make_window(SIN_X)
    panel = open_graph(qtbot, window, 1.0)
    window.classroom.apply_language("zh")
    click(qtbot, panel, "graphStepForward")
    assert i18n.has_cjk(panel.inspector.text())
    assert i18n.has_cjk(panel.step_label.text())
    lines = state(panel)["SinBackward0"][1]
    assert i18n.has_cjk(lines[0])
    assert i18n.has_cjk(panel.which.itemText(0))


def test_arrows_in_the_graph_dock_step_even_during_a_lesson(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("sin(x)", persist=False, restore=False)
    lessons = window.lessons
    lessons.select_deck(0, apply=False)
    wait_result(qtbot, window, lambda: lessons.go_to(0))
    wait_result(qtbot, window, lambda: window.editor.set_source(SIN_X))
    panel = open_graph(qtbot, window, 1.0)
    window.activateWindow()
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus)
    qtbot.keyClick(panel.view, Qt.Key.Key_Right)
    assert panel.stepper is not None and panel.stepper.position == 1
    assert lessons.slide_index == 0
    # outside the dock the arrows still move between slides
    window.plot.setFocus()
    qtbot.waitUntil(window.plot.hasFocus)
    qtbot.keyClick(window.plot, Qt.Key.Key_Right)
    assert lessons.slide_index == 1
