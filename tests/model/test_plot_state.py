"""PlotState without Qt: events, requests, sessions."""

from __future__ import annotations

import dataclasses

import pytest

from gradplot.engine.switches import SWITCHES, AutogradSwitches
from gradplot.model import (
    AUTO_POINTS,
    PARAM_MEMORY,
    Parameter,
    PlotState,
    Session,
    same_work,
)


def test_a_field_emits_once_and_only_when_it_changes() -> None:
    state = PlotState()
    seen: list[str] = []
    state.events.source.connect(seen.append)
    state.source = "x**2"
    state.source = "x**2"
    assert seen == ["x**2"]


def test_every_field_reaches_the_grouped_signal() -> None:
    state = PlotState()
    names: list[str] = []
    state.events.all.connect(lambda info: names.append(info.signal.name))
    state.update(source="cos(x)", points=50, dtype="float32")
    state.set_switch("retain_graph", True)
    assert names == ["source", "points", "dtype", "switches"]


def test_update_refuses_an_unknown_field() -> None:
    with pytest.raises(TypeError, match="no field 'colour'"):
        PlotState().update(colour="red")


@pytest.mark.parametrize("switch", SWITCHES, ids=lambda s: s.name)
def test_each_switch_reaches_the_request_and_the_snapshot(switch) -> None:
    state = PlotState()
    value = (not switch.default) if switch.is_bool else switch.maximum
    state.set_switch(switch.name, value)
    assert getattr(state.to_request(points=10), switch.name) == value
    assert getattr(state.snapshot(), switch.name) == value


def test_switches_survive_a_slide() -> None:
    """A session applied (a slide) brings its own switches; a snapshot gives them back."""
    state = PlotState()
    slide = Session(source="x.detach() * x", detach=False, backward_passes=2,
                    retain_graph=True, points=64)
    replaced: list[Session] = []
    state.replaced.connect(replaced.append)
    state.apply(slide)
    assert replaced == [slide]
    assert AutogradSwitches.of(state.snapshot()) == AutogradSwitches.of(slide)
    assert state.snapshot().points == 64


def test_a_session_round_trips() -> None:
    session = Session(
        source="a * sin(x)", x_range=(-1.0, 3.0), points=128, dtype="float64",
        order=2, parameters=(Parameter("a", 2.0, -4.0, 4.0),), reference="a * cos(x)",
        view_x=(-2.0, 4.0), view_y=(-3.0, 3.0),
    )
    state = PlotState()
    state.apply(session)
    assert state.snapshot() == session
    assert state.to_request(points=128).params == {"a": 2.0}


def test_auto_points_snapshot_the_last_sampled_count() -> None:
    state = PlotState()
    assert state.points == AUTO_POINTS
    assert state.snapshot(points_if_auto=1234).points == 1234
    request = state.to_request(x_range=(2.0, -1.0), points=999)
    assert request.x_range == (-1.0, 2.0) and request.points == 999


def test_a_parameter_value_widens_its_slider() -> None:
    state = PlotState(parameters=(Parameter("k", 1.0, -5.0, 5.0),))
    state.set_parameter("k", 9.0)
    assert state.parameters == (Parameter("k", 9.0, -5.0, 9.0),)


def test_explicit_x_values_open_with_room_around_them() -> None:
    state = PlotState()
    state.apply(Session(source="2 * x @ x", x_values=(0.0, 1.0, 2.0, 3.0)))
    assert state.view_x == (-1.0, 4.0)
    assert state.to_request().x_values == (0.0, 1.0, 2.0, 3.0)


def test_the_reference_is_sampled_where_f_is() -> None:
    state = PlotState(reference="2 * x", source="x**2")
    base = state.to_request(x_range=(0.0, 1.0), points=11, request_id=7)
    ref = state.reference_request(base)
    assert ref is not None
    assert (ref.source, ref.x_range, ref.points, ref.request_id) == ("2 * x", (0.0, 1.0), 11, 7)
    assert AutogradSwitches.of(ref) == AutogradSwitches()
    assert state.reference_request(dataclasses.replace(base)) is not None
    state.reference = "  "
    assert state.reference_request(base) is None


def test_a_name_that_goes_keeps_its_slider_for_when_it_comes_back() -> None:
    state = PlotState()
    state.show_parameters(["a", "b"])
    assert state.parameters == (Parameter("a"), Parameter("b"))
    state.set_parameter("a", 2.5)
    state.show_parameters(["b"])
    assert [p.name for p in state.parameters] == ["b"]
    assert state.params == {"a": 2.5, "b": 1.0}  # typed again, a is evaluated with 2.5
    state.show_parameters(["a", "b"])
    assert state.parameters[0] == Parameter("a", 2.5, -5.0, 5.0)


def test_the_memory_keeps_only_recent_names() -> None:
    state = PlotState()
    state.remember(Parameter(f"old{k}", float(k % 5)) for k in range(40))
    assert len(state.remembered) == PARAM_MEMORY
    assert state.remembered[-1].name == "old39"
    for k in range(PARAM_MEMORY + 5):
        state.show_parameters([f"p{k}"])
    names = {p.name for p in state.remembered}
    assert len(names) == PARAM_MEMORY and f"p{PARAM_MEMORY + 3}" in names and "p0" not in names


def test_remembered_values_reach_the_sliders_shown() -> None:
    state = PlotState(parameters=(Parameter("a"),))
    state.remember([Parameter("a", -1.5, -2.0, 2.0), Parameter("z", 3.0)])
    assert state.parameters == (Parameter("a", -1.5, -2.0, 2.0),)
    assert state.params == {"a": -1.5, "z": 3.0}


def test_a_slider_range_holds_its_value() -> None:
    state = PlotState(parameters=(Parameter("k", 1.0, -5.0, 5.0),))
    state.set_parameter_range("k", 2.0, 4.0)
    assert state.parameters == (Parameter("k", 2.0, 2.0, 4.0),)
    state.set_parameter_range("k", 3.0, 3.0)  # empty: one unit wide
    assert state.parameters == (Parameter("k", 3.0, 3.0, 4.0),)


def test_a_session_forgets_the_remembered_sliders() -> None:
    state = PlotState()
    state.remember([Parameter("a", 4.0)])
    state.apply(Session(source="b * x", parameters=(Parameter("b", 2.0),)))
    assert state.params == {"b": 2.0}
    assert state.snapshot().parameters == (Parameter("b", 2.0),)


def test_the_trace_reaches_the_request_but_not_the_session() -> None:
    state = PlotState(trace_x=0.5)
    assert state.to_request().trace_x == 0.5
    assert state.to_request(trace_x=1.0).trace_x == 1.0
    assert "trace_x" not in {f.name for f in dataclasses.fields(state.snapshot())}


def test_same_work_ignores_the_view() -> None:
    a = Session(source="x", view_x=(0.0, 1.0))
    assert same_work(a, dataclasses.replace(a, view_x=None, view_y=(-1.0, 1.0)))
    assert not same_work(a, dataclasses.replace(a, source="x**2"))
    assert same_work(None, None) and not same_work(a, None)
