"""The evaluation controller on its own: a fake engine behind gates the test opens."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from gradplot.engine import Request, Result
from gradplot.model import PlotState, Session
from gradplot.ui.evaluation import EvaluationController

TIMEOUT_MS = 30_000


class FakeEngine:
    """Computes f = x (f′ = 1) on the request's grid; a source in ``gated`` waits at the
    gate until the test opens it. Records every request it was given."""

    def __init__(self) -> None:
        self.seen: list[Request] = []
        self.gated: set[str] = set()
        self.arrived = threading.Event()
        self.gate = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, request: Request, **_kwargs: Any) -> Result:
        with self.lock:
            self.seen.append(request)
        if request.source in self.gated:
            self.arrived.set()
            self.gate.wait(30)
        x = np.asarray(request.x_values or np.linspace(*request.x_range, request.points))
        return Result(request=request, x=x, f=x.copy(), derivatives=(np.ones_like(x),))

    def sources(self) -> list[str]:
        with self.lock:
            return [r.source for r in self.seen]


@pytest.fixture
def engine() -> Iterator[FakeEngine]:
    fake = FakeEngine()
    yield fake
    fake.gate.set()  # nothing waits past the test


@pytest.fixture
def controller(engine: FakeEngine) -> Iterator[EvaluationController]:
    ev = EvaluationController(PlotState(source="x", points=16), evaluate=engine)
    ev.start()
    yield ev
    ev.shutdown()


def test_a_burst_of_changes_is_one_request(
    qtbot: QtBot, engine: FakeEngine, controller: EvaluationController
) -> None:
    state = controller.state
    with qtbot.waitSignal(controller.resultReady, timeout=TIMEOUT_MS) as blocker:
        state.source = "x + 1"
        state.set_switch("detach", False)
        state.update(points=32, x_range=(0.0, 2.0))
        state.set_parameter("a", 2.0)  # no such parameter: nothing changes
        state.source = "x + 2"
    result = blocker.args[0]
    assert engine.sources() == ["x + 2"]
    request = result.request
    assert (request.source, request.detach, request.points, request.x_range) == (
        "x + 2", False, 32, (0.0, 2.0))
    assert controller.last_request is request and controller.last_result is result


def test_a_newer_request_wins(
    qtbot: QtBot, engine: FakeEngine, controller: EvaluationController
) -> None:
    engine.gated.add("slow")
    delivered: list[Result] = []
    controller.resultReady.connect(delivered.append)
    controller.state.source = "slow"
    qtbot.waitUntil(engine.arrived.is_set, timeout=TIMEOUT_MS)  # "slow" waits at the gate
    assert controller.busy
    controller.state.source = "fast"
    qtbot.waitUntil(lambda: controller.last_request is not None
                    and controller.last_request.source == "fast", timeout=TIMEOUT_MS)
    with qtbot.waitSignal(controller.resultReady, timeout=TIMEOUT_MS):
        engine.gate.set()
    qtbot.waitUntil(lambda: controller.evaluator.dropped >= 1, timeout=TIMEOUT_MS)
    assert [r.request.source for r in delivered] == ["fast"]  # "slow" never shows
    assert not controller.busy


def test_a_repeat_is_not_sent_but_a_session_is_shown_again(
    qtbot: QtBot, engine: FakeEngine, controller: EvaluationController
) -> None:
    state = controller.state
    with qtbot.waitSignal(controller.resultReady, timeout=TIMEOUT_MS):
        state.source = "x * 3"
    # there and back in one turn: what the engine computed already
    state.source = "x * 4"
    state.source = "x * 3"
    state.view_y = (-2.0, 2.0)  # the view alone is nothing to compute
    state.show_parameters(["a"])  # a slider at its default value: the same function
    with qtbot.waitSignal(controller.resultReady, timeout=TIMEOUT_MS) as blocker:
        state.apply(Session(source="x * 3", points=16))  # a slide: shown fresh
    assert blocker.args[0].request.source == "x * 3"
    assert engine.sources() == ["x * 3", "x * 3"]
    with qtbot.waitSignal(controller.resultReady, timeout=TIMEOUT_MS):
        controller.request_now()  # asked for: always sent
    assert len(engine.seen) == 3


def test_an_empty_range_is_explained_and_not_sent(
    qtbot: QtBot, engine: FakeEngine, controller: EvaluationController
) -> None:
    with qtbot.waitSignal(controller.resultReady, timeout=TIMEOUT_MS) as blocker:
        controller.state.x_range = (1.0, 1.0)
    result = blocker.args[0]
    assert result.error is not None and result.error.kind == "range"
    assert engine.seen == []
    # the range as it was before: evaluated again, the refusal is not what stays shown
    with qtbot.waitSignal(controller.resultReady, timeout=TIMEOUT_MS) as blocker:
        controller.state.x_range = (0.0, 1.0)
    assert blocker.args[0].ok


def test_the_reference_is_evaluated_on_the_grid_of_f(
    qtbot: QtBot, engine: FakeEngine, controller: EvaluationController
) -> None:
    references: list[Result | None] = []
    controller.referenceReady.connect(references.append)
    with qtbot.waitSignal(controller.resultReady, timeout=TIMEOUT_MS):
        controller.state.x_range = (0.0, 3.0)
    assert references == [None]  # no reference: nothing to draw
    with qtbot.waitSignal(controller.referenceReady, timeout=TIMEOUT_MS,
                          check_params_cb=lambda r: r is not None) as blocker:
        controller.state.reference = "2 * x"
    reference = blocker.args[0]
    f = controller.last_result
    assert f is not None and reference.request.source == "2 * x"
    assert (reference.request.x_range, reference.request.points) == (
        f.request.x_range, f.request.points)
    # a newer f first: the old reference is not drawn over it
    engine.gated.add("late")
    controller.state.reference = "late"
    qtbot.waitUntil(engine.arrived.is_set, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(controller.resultReady, timeout=TIMEOUT_MS):
        controller.state.source = "x - 1"
    with qtbot.waitSignal(controller.referenceReady, timeout=TIMEOUT_MS,
                          check_params_cb=lambda r: r is not None) as blocker:
        engine.gate.set()
    assert blocker.args[0].request.x_range == controller.last_request.x_range  # type: ignore[union-attr]
    assert controller.last_result is not None
    assert controller.last_result.request.source == "x - 1"
