"""A runaway loop is reported the same way whichever limit (time or work) stops it first."""

from __future__ import annotations

import functools

import pytest
import torch

from gradplot.engine import ErrorInfo, Request, evaluate
from gradplot.engine import evaluation as evaluation_module
from gradplot.engine.errors import Refused
from gradplot.engine.namespace import Runtime
from tests.notebook import X4

# allocates a tensor every iteration (it meets the work budget) and never ends
TENSOR_LOOP = "def f(x):\n    b = x\n    while True:\n        b = b + 0\n    return b"
# allocates nothing: only the time limit can stop it
INT_LOOP = "def f(x):\n    n = 0\n    while True:\n        n = n + 1\n    return x"


def runaway(monkeypatch: pytest.MonkeyPatch, source: str, *, budget: int, limit: float
            ) -> ErrorInfo:
    monkeypatch.setattr(
        evaluation_module, "Runtime", functools.partial(Runtime, element_budget=budget)
    )
    result = evaluate(Request(source=source, x_values=X4, time_limit=limit))
    assert result.error is not None
    return result.error


def test_work_budget_and_time_limit_give_the_same_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a tiny budget and a long limit: the budget stops it, whatever the machine's speed
    by_work = runaway(monkeypatch, TENSOR_LOOP, budget=10_000, limit=60.0)
    # no budget to speak of: only the (short) time limit can stop it
    by_time = runaway(monkeypatch, TENSOR_LOOP, budget=10**18, limit=0.3)
    by_time_int = runaway(monkeypatch, INT_LOOP, budget=10_000, limit=0.3)
    assert by_work.details["limit"] == "work"
    assert by_time.details["limit"] == "time" == by_time_int.details["limit"]
    for info in (by_work, by_time, by_time_int):
        assert info.kind == "timeout"
        assert info.line in (3, 4)
        assert (info.title, info.explanation, info.hint) == (
            by_work.title, by_work.explanation, by_work.hint
        )
    # named for what it is: the function kept computing; nothing about memory
    assert "kept computing" in by_work.title and "never ends" in by_work.title
    assert "memory" not in (by_work.title + by_work.explanation + by_work.raw).lower()
    assert "10,000 values" in by_work.raw and "0.3 s" in by_time.raw


def test_per_point_runaway_meets_the_same_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        evaluation_module, "Runtime", functools.partial(Runtime, element_budget=10_000)
    )
    result = evaluate(
        Request(source=TENSOR_LOOP, x_values=X4, time_limit=60.0, vector_input=False)
    )
    assert result.error is not None and result.error.kind == "timeout"
    assert result.error.details["limit"] == "work"


def test_a_genuinely_huge_tensor_is_still_a_memory_refusal() -> None:
    x = torch.zeros(4)
    rt = Runtime(x=x, dtype=torch.float32, detach=True, vector=True, time_limit=1.0)
    with pytest.raises(Refused, match="much larger than x"):
        rt.check(torch.zeros(100_000))
    result = evaluate(Request(source="x.tolist() * 10**6", x_values=X4))
    assert result.error is not None and result.error.kind == "refused"
