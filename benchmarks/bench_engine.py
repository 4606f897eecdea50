"""Engine timings: evaluate() end to end, by size, mode and derivative order.

A second table sets per-point mode (vector input off) against a plain PyTorch loop
doing the notebook's cell at each point (a fresh 0-d tensor with requires_grad, f(a),
backward(), read a.grad), in one run, on the notebook's function, a piecewise function,
a Newton iteration and a function where every point takes its own path. "loop" is
per-point mode with grouping off (one call of f per point). Wall time and CPU time of
this process are both shown: on a shared host the CPU time is the steadier one.

Prints tables and writes JSON (default benchmarks/results/engine.json). Measures only;
it never fails on time.

    python benchmarks/bench_engine.py [--repeat N] [--json PATH] [--per-point-only]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

import gradplot.engine.evaluation as evaluation
from gradplot.engine import Request, evaluate

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
    ("sin, 2000 pts", Request(source="sin(x)", points=2000)),
    ("sin, 10^6 pts", Request(source="sin(x)", points=1_000_000)),
    ("sin, 10^6 pts, f''", Request(source="sin(x)", points=1_000_000, order=2)),
    ("exp(-x**2/2)*tanh(3*x), 2000 pts", Request(source="exp(-x**2/2)*tanh(3*x)", points=2000)),
    ("sqrt(dot(x,x)), 2000 pts", Request(source="sqrt(dot(x, x))", points=2000)),
    ("control flow, per point, 400 pts",
     Request(source=CONTROL_FLOW, points=400, vector_input=False, x_range=(0.5, 3.0))),
    ("x**4 order 1, 2000 pts", Request(source="x**4 * sin(x)", points=2000, order=1)),
    ("x**4 order 2, 2000 pts", Request(source="x**4 * sin(x)", points=2000, order=2)),
    ("x**4 order 3, 2000 pts", Request(source="x**4 * sin(x)", points=2000, order=3)),
    ("x**4 order 4, 2000 pts", Request(source="x**4 * sin(x)", points=2000, order=4)),
]


def measure(request: Request, repeat: int) -> dict[str, Any]:
    evaluate(request)  # warm: compile cache, torch kernels
    totals: list[float] = []
    phases: dict[str, list[float]] = {}
    nodes = 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = evaluate(request)
        totals.append((time.perf_counter() - start) * 1000)
        assert result.error is None, result.error
        nodes = result.graph_nodes
        for phase, ms in result.timings:
            phases.setdefault(phase, []).append(ms)
    return {
        "median_ms": statistics.median(totals),
        "p95_ms": sorted(totals)[max(0, round(0.95 * len(totals)) - 1)],
        "phases_median_ms": {k: statistics.median(v) for k, v in phases.items()},
        "graph_nodes": nodes,
    }


PIECEWISE = """def f(x):
    if x < -1:
        return -x * x
    elif x < 1:
        return sin(3 * x)
    else:
        return x ** 3 - 2
"""

NEWTON = """def f(x):
    c = 2 + x * x
    y = 1 + abs(x)
    while abs(y * y - c) > 1e-4 * c:
        y = y - (y * y - c) / (2 * y)
    return y
"""

OWN_PATHS = """def f(x):
    y = x
    for k in range(30):
        if sin(7.3 * y) > 0:
            y = y + 0.1 * cos(y)
        else:
            y = y - 0.1 * sin(y)
    return y
"""


def _plain_control_flow(a: torch.Tensor) -> torch.Tensor:
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    c = b if b.sum() > 0 else 100 * b
    return c


def _plain_piecewise(x: torch.Tensor) -> torch.Tensor:
    if x < -1:
        return -x * x
    elif x < 1:
        return torch.sin(3 * x)
    return x**3 - 2


def _plain_newton(x: torch.Tensor) -> torch.Tensor:
    c = 2 + x * x
    y = 1 + torch.abs(x)
    while torch.abs(y * y - c) > 1e-4 * c:
        y = y - (y * y - c) / (2 * y)
    return y


def _plain_own_paths(x: torch.Tensor) -> torch.Tensor:
    y = x
    for _ in range(30):
        if torch.sin(7.3 * y) > 0:  # noqa: SIM108 (the cell as a user writes it)
            y = y + 0.1 * torch.cos(y)
        else:
            y = y - 0.1 * torch.sin(y)
    return y


PER_POINT: list[tuple[str, str, Callable[[torch.Tensor], torch.Tensor]]] = [
    ("notebook while/if", CONTROL_FLOW, _plain_control_flow),
    ("piecewise if/elif/else", PIECEWISE, _plain_piecewise),
    ("Newton iteration", NEWTON, _plain_newton),
    ("every point its own path", OWN_PATHS, _plain_own_paths),
]


def _clocks(run: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _paths(f: Callable[[torch.Tensor], torch.Tensor], xs: list[float]) -> int:
    """How many distinct paths the points take (the sequence of decisions made)."""
    seen: set[tuple[bool, ...]] = set()
    real_bool = torch.Tensor.__bool__
    for v in xs:
        trace: list[bool] = []

        def record(t: torch.Tensor, trace: list[bool] = trace) -> bool:
            trace.append(real_bool(t))
            return trace[-1]

        torch.Tensor.__bool__ = record  # type: ignore[method-assign,assignment]
        try:
            f(torch.tensor(v))
        finally:
            torch.Tensor.__bool__ = real_bool  # type: ignore[method-assign]
        seen.add(tuple(trace))
    return len(seen)


def per_point_table(repeat: int, points: int = 2000) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    print(f"\nper-point mode against a plain PyTorch loop, {points} points, "
          "median ms (wall / CPU)")
    print(f"{'function':26s} {'paths':>5s} {'plain loop':>15s} {'grouped':>15s} "
          f"{'loop':>15s} {'plain/grouped':>14s} {'plain/loop':>11s}")
    for name, source, plain in PER_POINT:
        request = Request(source=source, points=points, x_range=(-5.0, 5.0),
                          vector_input=False, time_limit=60.0)
        first = evaluate(request)
        assert first.error is None, first.error
        xs = [float(v) for v in first.x]

        def plain_loop(xs: list[float] = xs,
                       plain: Callable[[torch.Tensor], torch.Tensor] = plain) -> None:
            for v in xs:
                a = torch.tensor(v, dtype=torch.float32, requires_grad=True)
                d = plain(a)
                torch.autograd.backward(d)
                assert a.grad is not None

        def grouped(request: Request = request) -> None:
            assert evaluate(request).error is None

        def looped(request: Request = request) -> None:
            evaluation.BATCHING = False
            try:
                assert evaluate(request).error is None
            finally:
                evaluation.BATCHING = True

        times: dict[str, list[tuple[float, float]]] = {"plain": [], "grouped": [], "loop": []}
        for _ in range(repeat):
            times["plain"].append(_clocks(plain_loop))
            times["grouped"].append(_clocks(grouped))
            times["loop"].append(_clocks(looped))
        med = {
            k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
            for k, v in times.items()
        }
        row = {
            "paths": _paths(plain, xs),
            "plain_ms": {"wall": med["plain"][0], "cpu": med["plain"][1]},
            "grouped_ms": {"wall": med["grouped"][0], "cpu": med["grouped"][1]},
            "loop_ms": {"wall": med["loop"][0], "cpu": med["loop"][1]},
            "plain_over_grouped": {"wall": med["plain"][0] / med["grouped"][0],
                                   "cpu": med["plain"][1] / med["grouped"][1]},
            "plain_over_loop": {"wall": med["plain"][0] / med["loop"][0],
                                "cpu": med["plain"][1] / med["loop"][1]},
        }
        rows[name] = row

        def pair(key: str, row: dict[str, Any] = row) -> str:
            return f"{row[key]['wall']:7.1f}/{row[key]['cpu']:<7.1f}"

        def ratio(key: str, row: dict[str, Any] = row) -> str:
            return f"{row[key]['wall']:.2f}/{row[key]['cpu']:.2f}x"

        print(f"{name:26s} {row['paths']:5d} {pair('plain_ms'):>15s} {pair('grouped_ms'):>15s} "
              f"{pair('loop_ms'):>15s} {ratio('plain_over_grouped'):>14s} "
              f"{ratio('plain_over_loop'):>11s}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results/engine.json"))
    parser.add_argument("--per-point-only", action="store_true")
    args = parser.parse_args()
    evaluate(Request(source="sin(x)"))
    rows = {}
    if args.per_point_only:
        CASES.clear()
    print(f"{'case':38s} {'median ms':>10s} {'p95 ms':>9s} {'nodes':>6s}  phases (median ms)")
    for name, request in CASES:
        repeat = max(3, args.repeat // 3) if request.points >= 1_000_000 else args.repeat
        row = measure(request, repeat)
        rows[name] = row
        phases = ", ".join(f"{k} {v:.2f}" for k, v in row["phases_median_ms"].items())
        print(f"{name:38s} {row['median_ms']:10.2f} {row['p95_ms']:9.2f} "
              f"{row['graph_nodes']:6d}  {phases}")
    per_point = per_point_table(max(3, args.repeat // 5))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "cases": rows,
        "per_point": per_point,
    }
    args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    print(f"\nwritten: {args.json}")


if __name__ == "__main__":
    main()
