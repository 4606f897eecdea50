"""Controls and the plot bound to one PlotState: both ways, and never in a loop."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from gradplot.model import AUTO_POINTS, Parameter, PlotState, Session
from gradplot.ui.controls import ParameterPanel, RangeControls, ToggleControls
from gradplot.ui.plot_view import PlotView


def events_of(state: PlotState) -> list[str]:
    seen: list[str] = []
    state.events.all.connect(lambda info: seen.append(info.signal.name))
    return seen


def test_toggles_show_the_state_and_write_only_the_users_edits(qtbot: QtBot) -> None:
    state = PlotState()
    toggles = ToggleControls(state)
    qtbot.addWidget(toggles)
    seen = events_of(state)
    state.set_switch("detach", False)
    assert not toggles.detach.isChecked()
    assert seen == ["switches"]  # showing it wrote nothing back
    toggles.retain_graph.click()
    assert state.switches.retain_graph and seen == ["switches", "switches"]
    # an order above the menu's (from a file) stays until the user picks one
    state.set_switch("order", 4)
    assert toggles.order.currentIndex() == 2
    toggles.zero_grad.click()
    assert state.switches.order == 4 and not state.switches.zero_grad
    toggles.order.setCurrentIndex(0)
    assert state.switches.order == 1


def test_a_range_typed_by_hand_samples_a_grid_and_moves_the_view(qtbot: QtBot) -> None:
    state = PlotState(x_values=(0.0, 1.0, 2.0))
    ranges = RangeControls(state)
    qtbot.addWidget(ranges)
    ranges.x_max.setValue(5.0)
    assert state.x_range[1] == 5.0 and state.x_values is None
    assert state.view_x == state.x_range
    seen = events_of(state)
    state.update(x_range=(-0.123456789, 2.0), points=40)
    assert ranges.points.value() == 40 and ranges.x_min.exact() == -0.123456789
    assert seen == ["x_range", "points"]
    ranges.points.setValue(AUTO_POINTS)
    assert state.points == AUTO_POINTS
    assert state.x_range == (-0.123456789, 2.0)  # the untouched end keeps its exact value


def test_sliders_follow_the_state_and_the_state_follows_them(qtbot: QtBot) -> None:
    state = PlotState()
    panel = ParameterPanel(state)
    qtbot.addWidget(panel)
    state.apply(Session(source="a * x", parameters=(Parameter("a", 2.0, -3.0, 3.0),)))
    assert panel.names() == ("a",) and panel.row("a").value() == 2.0
    assert panel.row("a").range() == (-3.0, 3.0)
    seen = events_of(state)
    panel.slider("a").setValue(-1.0)
    assert state.parameters == (Parameter("a", -1.0, -3.0, 3.0),)
    assert seen == ["parameters"]
    panel.row("a").lo.setValue(0.0)  # the slider's range shrinks past the value
    assert state.parameters == (Parameter("a", 0.0, 0.0, 3.0),)
    assert panel.row("a").value() == 0.0


def test_the_plot_shows_the_state_view_and_writes_what_is_on_screen(qtbot: QtBot) -> None:
    state = PlotState()
    plot = PlotView(state=state)
    qtbot.addWidget(plot)
    state.view_x = (-2.0, 3.0)
    assert plot.x_view() == (-2.0, 3.0)
    plot.set_y_view(-4.0, 4.0)
    assert state.view_y == (-4.0, 4.0)
    plot.set_following(False)
    state.apply(Session(source="x", view_x=(0.0, 1.0)))  # no y view of its own: follow
    assert plot.x_view() == (0.0, 1.0) and plot.following
    state.apply(Session(source="x", view_y=(-1.0, 2.0)))
    assert plot.y_view() == (-1.0, 2.0) and not plot.following
