"""What recording the backward pass costs: graph view closed, open, and without the code.

For each case, three ways are timed in turns (interleaved, so a slow moment of the
machine hits all three alike):

* ``bare``: the evaluation itself (``evaluation._evaluate``), no recording code at all;
* ``closed``: ``evaluate()`` as the window calls it with the graph view closed
  (``trace_x=None``);
* ``open``: ``evaluate()`` with the view open (``trace_x=1.0``): the extra run of f at
  one x with hooks.

Prints a table and writes JSON (default benchmarks/results/backprop.json). Measures
only; it never fails on time.

    python benchmarks/bench_backprop.py [--repeat N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import pickle
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from gradplot.engine import Request, evaluate
from gradplot.engine.evaluation import _evaluate

LOOP = """def f(x):
    y = x
    for i in range(200):
        y = y * 1.001 + sin(x)
    return y
"""
CONTROL_FLOW = """def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c
"""

CASES: list[tuple[str, Request]] = [
    ("sin(x)*x, 2000 pts", Request(source="sin(x) * x", points=2000)),
    ("sin(x)*x, 10^6 pts", Request(source="sin(x) * x", points=1_000_000)),
    ("sin(x)*x, 2000 pts, f''", Request(source="sin(x) * x", points=2000, order=2)),
    ("exp(-x**2/2)*tanh(3*x), 2000 pts", Request(source="exp(-x**2/2)*tanh(3*x)", points=2000)),
    ("200-step loop, 2000 pts", Request(source=LOOP, points=2000)),
    ("control flow, per point, 400 pts",
     Request(source=CONTROL_FLOW, points=400, vector_input=False, x_range=(0.5, 3.0))),
]


def _time(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000.0


def measure(request: Request, repeat: int) -> dict[str, Any]:
    opened = replace(request, trace_x=1.0)
    ways: dict[str, Callable[[], Any]] = {
        "bare": lambda: _evaluate(request, cancel=None, progress=None),
        "closed": lambda: evaluate(request),
        "open": lambda: evaluate(opened),
    }
    for fn in ways.values():  # warm: compile cache, torch kernels
        fn()
    times: dict[str, list[float]] = {k: [] for k in ways}
    for _ in range(repeat):
        for name, fn in ways.items():
            times[name].append(_time(fn))
    result = evaluate(opened)
    assert result.error is None, result.error
    assert result.backprop is not None
    medians = {k: statistics.median(v) for k, v in times.items()}
    # the ratios from the fastest runs: on a shared machine the minimum is the least noisy
    mins = {k: min(v) for k, v in times.items()}
    return {
        **{f"{k}_median_ms": v for k, v in medians.items()},
        **{f"{k}_min_ms": v for k, v in mins.items()},
        "closed_over_bare": mins["closed"] / mins["bare"],
        "open_over_closed": mins["open"] / mins["closed"],
        "trace_ms": result.timing("trace"),
        "trace_pickle_bytes": len(pickle.dumps(result.backprop)),
        "traced_nodes": [len(g.nodes) for g in result.backprop.graphs],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results/backprop.json"))
    args = parser.parse_args()
    rows = {}
    print("min ms of interleaved runs; ratios of the minima")
    print(f"{'case':36s} {'bare ms':>8s} {'closed':>8s} {'open':>8s} "
          f"{'closed/bare':>11s} {'open/closed':>11s} {'trace ms':>8s} {'bytes':>7s}")
    for name, request in CASES:
        repeat = max(3, args.repeat // 4) if request.points >= 1_000_000 else args.repeat
        row = measure(request, repeat)
        rows[name] = row
        print(f"{name:36s} {row['bare_min_ms']:8.2f} {row['closed_min_ms']:8.2f} "
              f"{row['open_min_ms']:8.2f} {row['closed_over_bare']:11.3f} "
              f"{row['open_over_closed']:11.2f} {row['trace_ms']:8.2f} "
              f"{row['trace_pickle_bytes']:7d}")
    out = {"machine": platform.platform(), "python": platform.python_version(), "cases": rows}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(out, indent=2))
    print(f"\nJSON: {args.json}")


if __name__ == "__main__":
    main()
