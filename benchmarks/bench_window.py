"""Drive the real gradplot window offscreen and time what a teacher feels.

Prints a table and writes JSON (``--json PATH``). Never asserts on time.

* edit -> new curves painted, vector mode, 2000 points (median, p95)
* edit -> painted at 10^6 points (median)
* longest GUI event-loop stall while the worker runs a 2-s runaway loop
* window painted / plot built (the window paints before pyqtgraph loads) / first
  complete plot after launch, idle memory of the GUI and of the engine process (fresh
  processes), and a bare `import torch` timed beside each launch (first plot over it:
  what gradplot adds)
* the engine link's transport at 10^6 points: a round trip minus the timings the
  Result reports (as before), and minus the engine's whole time for the request
  (building the Result included): what the boundary itself costs; beside it, the time
  the window takes to draw a 10^6-point result (which the transport must not exceed)
* memory over a soak of 600 live edits (GUI + engine RSS after 50 and after 600)
* the machine's load (1-minute load average, before and after) and a CPU probe: other
  processes slow every number here; for each launch, the GUI's CPU time until the window
  is painted and its time waiting for a CPU (Linux), which tell the two apart
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

RUNAWAY = "def f(x):\n    b = x\n    while True:\n        b = b + 0\n    return b\n"


def _median(values: Any) -> float:
    """The median; NaN for a part that was not run (a count of 0 on the command line)."""
    values = list(values)
    return statistics.median(values) if values else math.nan


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _rss_mb(pid: int | str = "self") -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _private_mb() -> dict[str, float]:
    """PSS and USS (private pages only: what closing the app gives back), Linux only."""
    out: dict[str, float] = {}
    try:
        text = Path("/proc/self/smaps_rollup").read_text()
    except OSError:
        return out
    kb: dict[str, int] = {}
    for line in text.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            kb[parts[0].rstrip(":")] = int(parts[1])
    if "Pss" in kb:
        out["idle_pss_mb"] = kb["Pss"] / 1024
    if "Private_Clean" in kb and "Private_Dirty" in kb:
        out["idle_uss_mb"] = (kb["Private_Clean"] + kb["Private_Dirty"]) / 1024
    return out


def _cpu_and_wait() -> dict[str, float]:
    """This process's CPU time so far, and (Linux) its time runnable but not running."""
    out = {"gui_cpu_to_paint_s": time.process_time()}
    try:
        _run, wait, _slices = Path("/proc/self/schedstat").read_text().split()
        out["gui_cpu_wait_to_paint_s"] = int(wait) / 1e9
    except (OSError, ValueError):
        pass
    return out


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return math.nan


def cpu_probe_ms() -> float:
    """A fixed pure-Python loop: how fast this machine is right now (it drifts)."""
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i
        best = min(best, time.perf_counter() - t)
    return best * 1000


# --- in-process measurements ----------------------------------------------------------
class Driver:
    def __init__(self) -> None:
        import tempfile

        from PySide6.QtCore import QSettings, QTimer
        from PySide6.QtWidgets import QApplication

        self._tmp = tempfile.TemporaryDirectory()
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, self._tmp.name)
        self.app = QApplication.instance() or QApplication(["bench"])
        from gradplot.ui import MainWindow

        self.window = MainWindow("sin(x)", persist=False, restore=False)
        self.window.resize(1280, 800)
        self.window.show()
        self._QTimer = QTimer
        self.wait_result(lambda: None, timeout=60)

    def spin_until(self, done: Any, timeout: float) -> None:
        from PySide6.QtCore import QEventLoop

        end = time.perf_counter() + timeout
        while not done():
            if time.perf_counter() > end:
                raise TimeoutError("no result")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)

    def wait_result(self, action: Any, timeout: float = 30.0) -> Any:
        """Run action; return (result, seconds until the plot painted it)."""
        w = self.window
        state: dict[str, Any] = {"result": None, "painted": None}

        def on_result(result: Any) -> None:
            req = w.last_request
            if req is not None and result.request.request_id == req.request_id:
                state["result"] = result

        def on_paint() -> None:
            if state["result"] is not None and state["painted"] is None:
                state["painted"] = time.perf_counter()

        w.resultShown.connect(on_result)
        w.plotPainted.connect(on_paint)
        try:
            t0 = time.perf_counter()
            action()
            self.spin_until(lambda: state["painted"] is not None, timeout)
            elapsed = state["painted"] - t0
        finally:
            w.resultShown.disconnect(on_result)
            w.plotPainted.disconnect(on_paint)
        return state["result"], elapsed

    def wait_shown(self, action: Any, timeout: float = 30.0) -> Any:
        """Run action; return the result of the newest request once the window shows it
        (an error may leave the plot as it was: no paint to wait for)."""
        w = self.window
        state: dict[str, Any] = {"result": None}

        def on_result(result: Any) -> None:
            req = w.last_request
            if req is not None and result.request.request_id == req.request_id:
                state["result"] = result

        w.resultShown.connect(on_result)
        try:
            action()
            self.spin_until(lambda: state["result"] is not None, timeout)
        finally:
            w.resultShown.disconnect(on_result)
        return state["result"]

    def edits(self, points: int, count: int) -> list[float]:
        if count <= 0:
            return []
        w = self.window
        w.ranges.set_x_range(-10.0, 10.0, quiet=True)
        w.ranges.set_point_count(points)
        self.wait_result(lambda: w.editor.set_source("sin(x)"), timeout=120)
        times = []
        for k in range(count):
            src = f"sin(x) * {1 + (k % 7) * 0.1:.1f} + {k % 5}"
            result, seconds = self.wait_result(lambda s=src: w.editor.set_source(s), timeout=120)
            assert result.error is None, result.error
            times.append(seconds * 1000)
        return times

    def drawing_ms(self, rounds: int = 7) -> float:
        """Median time to draw the shown result again (set_result and a synchronous
        repaint of the plot): the cost the transport is set against."""
        w = self.window
        result = w.last_result
        if result is None or result.error is not None:
            return math.nan
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            w.plot.set_result(result, fit_y=False)
            w.plot.viewport().repaint()
            times.append((time.perf_counter() - t0) * 1000)
        return statistics.median(times)

    def runaway_stall(self) -> tuple[float, float]:
        from PySide6.QtCore import Qt

        w = self.window
        w.ranges.set_point_count(2000)
        w.state.time_limit = 2.0
        ticks: list[float] = []
        timer = self._QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(1)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start()
        try:
            result, seconds = self.wait_result(lambda: w.editor.set_source(RUNAWAY), timeout=30)
        finally:
            timer.stop()
        assert result.error is not None and result.error.kind == "timeout", result.error
        gaps = [b - a for a, b in itertools.pairwise(ticks)]
        return max(gaps) * 1000, seconds

    def soak(self, count: int) -> tuple[float, float]:
        """GUI + engine RSS (MB) after 50 and after ``count`` live edits (errors, runaway
        loops and toggles among them)."""
        w = self.window
        w.ranges.set_point_count(20_000)
        w.state.time_limit = 0.3
        after_50 = math.nan  # fewer than 50 edits: no growth to report
        for k in range(count):
            if k % 10 == 5:
                w.toggles.retain_graph.setChecked(not w.toggles.retain_graph.isChecked())
            if k % 25 == 7:
                w.toggles.order.setCurrentIndex((k // 25) % 3)
            if k % 37 == 0:
                src = RUNAWAY
            elif k % 11 == 0:
                src = f"sin(x) * {k} +"
            else:
                src = f"sin(x * {1 + k % 9}) * {k % 7 + 1} + x ** {k % 3}"
            self.wait_shown(lambda s=src: w.editor.set_source(s), timeout=120)
            if k == 49:
                after_50 = self.total_rss_mb()
        w.state.time_limit = 2.0
        w.toggles.order.setCurrentIndex(0)
        return after_50, self.total_rss_mb()

    def total_rss_mb(self) -> float:
        link = self.window.evaluator.link
        engine = _rss_mb(link.pid) if link is not None and link.pid is not None else 0.0
        return _rss_mb() + engine

    def close(self) -> None:
        self.window.close()
        self.app.processEvents()


def transport_ms(rounds: int = 7) -> tuple[float, float, float]:
    """Medians at 10^6 points (order 2, float64: x, f, f', f'' = 32 MB, and the breaks)
    through the engine link: the round trip; that minus the timings the Result
    reports; that minus the engine's whole time for the request (EngineLink.engine_ms)."""
    from gradplot.engine import Request
    from gradplot.engine_process import EngineLink

    link = EngineLink()
    trips, overheads, beyond = [], [], []
    try:
        link.wait_ready()
        request = Request("sin(x)", points=1_000_000, order=2, dtype="float64")
        link.evaluate(request)
        for _ in range(rounds):
            t = time.perf_counter()
            result = link.evaluate(request)
            trip = (time.perf_counter() - t) * 1000
            trips.append(trip)
            overheads.append(trip - sum(ms for _name, ms in result.timings))
            beyond.append(trip - link.engine_ms)
            del result  # its segment is free for the next round, as in the window
    finally:
        link.stop()
    return statistics.median(trips), statistics.median(overheads), statistics.median(beyond)


# --- launch measurements (fresh interpreter) ------------------------------------------
def child_startup(launched_at: float) -> None:
    """Run in a fresh process: start gradplot as the ``gradplot`` command does
    (:func:`gradplot.ui.app.run`, settings and data in a fresh home) and report
    painted/first-plot times and idle memory as JSON."""
    import tempfile

    home = tempfile.mkdtemp()
    os.environ["XDG_CONFIG_HOME"] = os.path.join(home, "config")
    os.environ["XDG_DATA_HOME"] = os.path.join(home, "data")
    from gradplot.ui.app import run

    out: dict[str, float] = {}
    paint_cpu: dict[str, float] = {}

    def on_window(window: Any) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        def on_paint() -> None:
            if "painted_s" not in out:
                out["painted_s"] = time.time() - launched_at
                paint_cpu.update(_cpu_and_wait())

        def on_ready() -> None:  # the plot exists (the staged window's second step)
            if "plot_built_s" not in out:
                out["plot_built_s"] = time.time() - launched_at
                out["gui_cpu_to_plot_built_s"] = time.process_time()

        def on_result(result: Any) -> None:
            if result.error is None and "result_s" not in out:
                out["result_s"] = time.time() - launched_at

        def on_plot_paint() -> None:
            if "result_s" in out and "first_plot_s" not in out:
                out["first_plot_s"] = time.time() - launched_at
                QTimer.singleShot(1500, finish)

        def finish() -> None:
            out["idle_rss_mb"] = _rss_mb()
            out.update(paint_cpu)
            out.update(_private_mb())
            link = window.evaluator.link
            if link is not None and link.pid is not None:
                out["engine_idle_rss_mb"] = _rss_mb(link.pid)
            print(json.dumps(out), flush=True)
            QApplication.quit()

        window.firstPaint.connect(on_paint)
        window.ready.connect(on_ready)
        window.resultShown.connect(on_result)
        window.plotPainted.connect(on_plot_paint)
        window.resize(1280, 800)
        QTimer.singleShot(60_000, QApplication.quit)

    run(["sin(x) * exp(-x**2 / 8)"], on_window=on_window)


def bare_torch_import() -> tuple[float, float]:
    """Seconds a fresh interpreter takes to ``import torch`` (the floor of a first plot),
    and the whole process from launch to exit."""
    code = "import time; t = time.perf_counter(); import torch; print(time.perf_counter() - t)"
    launched = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    whole = time.perf_counter() - launched
    return float(proc.stdout.strip().splitlines()[-1]), whole


def launch(runs: int) -> list[dict[str, float]]:
    """Fresh processes, as a user starts them: bytecode compiled (pip compiles on install;
    an editable install on the first start), so PYTHONDONTWRITEBYTECODE is dropped."""
    import compileall

    compileall.compile_dir(str(REPO / "gradplot"), quiet=1)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    results = []
    for _ in range(runs):
        torch_s, torch_process_s = bare_torch_import()  # interleaved: the speed drifts
        t0 = time.time()
        proc = subprocess.run(
            [sys.executable, __file__, "--child-startup", repr(t0)],
            capture_output=True, text=True, timeout=120, env=env,
        )
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if proc.returncode != 0 or not lines:
            raise RuntimeError(proc.stderr)
        sample = json.loads(lines[-1])
        sample["bare_torch_import_s"] = torch_s
        sample["bare_torch_process_s"] = torch_process_s
        sample["first_plot_minus_torch_s"] = sample["first_plot_s"] - torch_s
        results.append(sample)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", default="benchmarks/results/window.json",
                        help="where to write the numbers")
    parser.add_argument("--edits", type=int, default=200, help="edits at 2000 points")
    parser.add_argument("--big-edits", type=int, default=12, help="edits at 10^6 points")
    parser.add_argument("--launches", type=int, default=3, help="fresh processes started")
    parser.add_argument("--soak-edits", type=int, default=600, help="0 skips the soak")
    parser.add_argument("--no-runaway", action="store_true", help="skip the runaway loop")
    parser.add_argument("--child-startup", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_startup is not None:
        child_startup(args.child_startup)
        return 0

    load_before = _load()
    probe_before = cpu_probe_ms()
    starts = launch(args.launches)
    driver = Driver()
    small = driver.edits(2000, args.edits)
    big = driver.edits(1_000_000, args.big_edits)
    draw_1e6 = driver.drawing_ms() if big else math.nan
    stall_ms, runaway_s = (math.nan, math.nan) if args.no_runaway else driver.runaway_stall()
    soak_50, soak_600 = driver.soak(args.soak_edits) if args.soak_edits > 0 else (math.nan,) * 2
    driver.close()
    trip_ms, overhead_ms, beyond_ms = transport_ms()
    probe_after = cpu_probe_ms()
    load_after = _load()

    numbers = {
        "edit_to_paint_2000_median_ms": _median(small),
        "edit_to_paint_2000_p95_ms": _percentile(small, 0.95) if small else math.nan,
        "edit_to_paint_1e6_median_ms": _median(big),
        "runaway_longest_stall_ms": stall_ms,
        "runaway_result_after_s": runaway_s,
        "window_painted_s": _median(s["painted_s"] for s in starts),
        "gui_cpu_to_paint_s": _median(
            s.get("gui_cpu_to_paint_s", math.nan) for s in starts
        ),
        "gui_cpu_wait_to_paint_s": _median(
            s.get("gui_cpu_wait_to_paint_s", math.nan) for s in starts
        ),
        "plot_built_s": _median(s.get("plot_built_s", math.nan) for s in starts),
        "gui_cpu_to_plot_built_s": _median(
            s.get("gui_cpu_to_plot_built_s", math.nan) for s in starts
        ),
        "first_plot_s": _median(s["first_plot_s"] for s in starts),
        "idle_rss_mb": _median(s["idle_rss_mb"] for s in starts),
        "idle_uss_mb": _median(s.get("idle_uss_mb", math.nan) for s in starts),
        "engine_idle_rss_mb": _median(
            s.get("engine_idle_rss_mb", math.nan) for s in starts
        ),
        "gui_and_engine_idle_rss_mb": _median(
            s["idle_rss_mb"] + s.get("engine_idle_rss_mb", 0.0) for s in starts
        ),
        "bare_torch_import_s": _median(s["bare_torch_import_s"] for s in starts),
        "first_plot_minus_torch_s": _median(
            s["first_plot_minus_torch_s"] for s in starts
        ),
        "bare_torch_process_s": _median(s["bare_torch_process_s"] for s in starts),
        # whole processes: launch -> first plot painted, against launch -> torch imported
        "first_plot_over_torch": _median(
            [s["first_plot_s"] / s["bare_torch_process_s"] for s in starts]
        ),
        "transport_1e6_round_trip_ms": trip_ms,
        "transport_1e6_overhead_ms": overhead_ms,
        "transport_1e6_beyond_engine_ms": beyond_ms,
        "drawing_1e6_ms": draw_1e6,
        "soak_rss_after_50_mb": soak_50,
        "soak_rss_after_600_mb": soak_600,
        "soak_growth_mb": soak_600 - soak_50,
        "cpu_probe_ms_before": probe_before,
        "cpu_probe_ms_after": probe_after,
        "load_before": load_before,
        "load_after": load_after,
    }
    targets = {
        "edit_to_paint_2000_median_ms": 16,
        "edit_to_paint_2000_p95_ms": 33,
        "edit_to_paint_1e6_median_ms": 60,
        "runaway_longest_stall_ms": 20,
        "runaway_result_after_s": None,
        "window_painted_s": 0.5,
        "gui_cpu_to_paint_s": None,
        "gui_cpu_wait_to_paint_s": None,
        "plot_built_s": None,
        "gui_cpu_to_plot_built_s": None,
        "first_plot_s": None,
        "idle_rss_mb": 150,
        "idle_uss_mb": None,
        "engine_idle_rss_mb": None,
        "gui_and_engine_idle_rss_mb": 380,
        "bare_torch_import_s": None,
        "first_plot_minus_torch_s": None,
        "bare_torch_process_s": None,
        "first_plot_over_torch": 1.15,
        "transport_1e6_round_trip_ms": None,
        "transport_1e6_overhead_ms": None,
        "transport_1e6_beyond_engine_ms": None,
        "drawing_1e6_ms": None,  # the transport beyond the engine should cost less
        "soak_rss_after_50_mb": None,
        "soak_rss_after_600_mb": None,
        "soak_growth_mb": 50,
        "cpu_probe_ms_before": None,  # ~55-60 ms on a quiet machine here; slower = busy host
        "cpu_probe_ms_after": None,
        "load_before": None,  # 1-minute load average; 2 cores: above ~0.5 others are busy
        "load_after": None,
    }
    print(f"{'measure':34} {'value':>10} {'target':>8}")
    for key, value in numbers.items():
        target = targets[key]
        shown = "" if target is None else f"≤ {target}"
        print(f"{key:34} {value:10.2f} {shown:>8}")
    payload = {
        "numbers": numbers,
        "targets": targets,
        "samples": {"edit_2000_ms": small, "edit_1e6_ms": big, "launches": starts},
        "python": sys.version.split()[0],
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(payload, indent=2), encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
