"""The evaluation thread on its own: newest request wins, cancel is cooperative."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from pytestqt.qtbot import QtBot

from gradplot.engine import Request, Result, evaluate
from gradplot.ui import MainWindow
from gradplot.ui.worker import Evaluator


def gated_engine() -> tuple[
    Callable[..., Result], threading.Event, threading.Event, list[tuple[int, bool]]
]:
    """The real engine behind a gate: request 1 says it arrived, then waits for the gate."""
    arrived = threading.Event()
    gate = threading.Event()
    seen: list[tuple[int, bool]] = []

    def run(request: Request, **kwargs: Any) -> Result:
        if request.request_id == 1:
            arrived.set()
            gate.wait(30)
        cancel = kwargs.get("cancel")
        seen.append((request.request_id, bool(cancel and cancel())))
        return evaluate(request, **kwargs)

    return run, arrived, gate, seen


def test_newest_request_wins_and_older_are_cancelled(qtbot: QtBot) -> None:
    run, arrived, gate, seen = gated_engine()
    evaluator = Evaluator(evaluate=run)
    delivered: list[Result] = []
    evaluator.resultReady.connect(delivered.append)
    evaluator.start()
    try:
        evaluator.submit(Request("x", points=16, request_id=1))
        qtbot.waitUntil(arrived.is_set, timeout=30_000)  # request 1 waits at the gate
        for rid in (2, 3, 4):
            evaluator.submit(Request(f"x + {rid}", points=16, request_id=rid))
        assert evaluator.busy
        with qtbot.waitSignal(evaluator.resultReady, timeout=30_000):
            gate.set()
        qtbot.waitUntil(lambda: evaluator.dropped >= 1, timeout=30_000)  # request 1's result
    finally:
        gate.set()
        evaluator.shutdown()
    # request 1 saw its cancel flag raised; 2 and 3 were superseded before they ran
    assert seen[0] == (1, True)
    assert [rid for rid, _ in seen] == [1, 4]
    assert [r.request.request_id for r in delivered] == [4]
    assert delivered[0].f is not None
    assert delivered[0].f[0] == evaluate(Request("x + 4", points=16)).f[0]  # type: ignore[index]
    assert not evaluator.busy


def test_shutdown_is_idempotent_and_submit_after_is_ignored(qtbot: QtBot) -> None:
    evaluator = Evaluator()
    evaluator.start()
    evaluator.shutdown()
    evaluator.shutdown()
    evaluator.submit(Request("x", request_id=1))
    assert not evaluator.busy


def test_window_paints_before_the_engine_loads(qtbot: QtBot) -> None:
    events: list[str] = []
    window = MainWindow("x")
    qtbot.addWidget(window)
    window.firstPaint.connect(lambda: events.append("painted"))
    window.evaluator.engineReady.connect(lambda _s: events.append("engine"))
    window.show()
    qtbot.waitUntil(lambda: "engine" in events, timeout=30_000)
    assert events[0] == "painted"
