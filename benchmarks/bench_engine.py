"""Engine timings: evaluate() end to end, by size, mode and derivative order.

Prints a table and writes JSON (default benchmarks/results/engine.json). Measures only;
it never fails on time.

    python benchmarks/bench_engine.py [--repeat N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path
from typing import Any

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results/engine.json"))
    args = parser.parse_args()
    rows = {}
    print(f"{'case':38s} {'median ms':>10s} {'p95 ms':>9s} {'nodes':>6s}  phases (median ms)")
    for name, request in CASES:
        repeat = max(3, args.repeat // 3) if request.points >= 1_000_000 else args.repeat
        row = measure(request, repeat)
        rows[name] = row
        phases = ", ".join(f"{k} {v:.2f}" for k, v in row["phases_median_ms"].items())
        print(f"{name:38s} {row['median_ms']:10.2f} {row['p95_ms']:9.2f} "
              f"{row['graph_nodes']:6d}  {phases}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {"machine": platform.platform(), "python": platform.python_version(), "cases": rows}
    args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    print(f"\nwritten: {args.json}")


if __name__ == "__main__":
    main()
