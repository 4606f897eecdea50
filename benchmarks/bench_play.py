"""Frames per second of a playing parameter slider, in the real window, offscreen.

``a * sin(x) + x`` at 2,000 points in vector mode. A frame counts when the plot has
painted a result for a new value of ``a``: slider moved -> request -> worker -> result
-> curves set -> viewport painted.

* timer: the play button's own QTimer at 30 and 60 frames per second, for a few seconds
* as fast as it goes: the next step as soon as the last one was painted (the ceiling)
* the secant tool's h sweep, stepped the same way (one engine call per frame)

Prints a table and writes JSON (``--json PATH``). Never asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

POINTS = 2000
SOURCE = "a * sin(x) + x"


class Driver:
    def __init__(self) -> None:
        import tempfile

        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        self._tmp = tempfile.TemporaryDirectory()
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, self._tmp.name)
        self.app = QApplication.instance() or QApplication(["bench"])
        from gradplot.ui import MainWindow

        self.window = MainWindow(SOURCE, persist=False, restore=False)
        self.window.resize(1280, 800)
        self.window.show()
        w = self.window
        w.ranges.set_x_range(-10.0, 10.0, quiet=True)
        w.ranges.set_point_count(POINTS)
        self.painted: list[tuple[float, float]] = []  # (time, a) of each painted new value
        self._pending_a: float | None = None
        w.resultShown.connect(self._on_result)
        w.plotPainted.connect(self._on_paint)
        self.spin_until(lambda: "a" in w.parameters.names(), 60)
        self.spin_until(lambda: bool(self.painted), 60)

    def _on_result(self, result: Any) -> None:
        req = self.window.last_request
        if result.ok and req is not None and result.request.request_id == req.request_id:
            self._pending_a = float(result.request.params.get("a", 1.0))

    def _on_paint(self) -> None:
        if self._pending_a is not None:
            self.painted.append((time.perf_counter(), self._pending_a))
            self._pending_a = None

    def spin_until(self, done: Any, timeout: float) -> None:
        from PySide6.QtCore import QEventLoop

        end = time.perf_counter() + timeout
        while not done():
            if time.perf_counter() > end:
                raise TimeoutError("nothing painted")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    def spin_for(self, seconds: float) -> None:
        from PySide6.QtCore import QEventLoop

        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    def timer_play(self, fps: int, seconds: float) -> dict[str, float]:
        play = self.window.param_play
        play.set_speed("a", fps)
        play.players["a"].skipped = 0
        self.painted.clear()
        t0 = time.perf_counter()
        play.play("a")
        self.spin_for(seconds)
        play.stop("a")
        elapsed = time.perf_counter() - t0
        frames = len(self.painted)  # each: a new result on screen (a loop revisits values)
        player = play.players["a"]
        return {"target_fps": fps, "painted_fps": frames / elapsed, "frames": frames,
                "seconds": elapsed, "ticks_skipped": player.skipped}

    def saturated(self, frames: int) -> dict[str, float]:
        play = self.window.param_play
        gaps: list[float] = []
        last = time.perf_counter()
        for _ in range(frames):
            self.painted.clear()
            play.step("a")
            self.spin_until(lambda: bool(self.painted), 30)
            now = self.painted[-1][0]
            gaps.append((now - last) * 1000)
            last = now
        return {
            "fps": 1000 / statistics.mean(gaps),
            "frame_median_ms": statistics.median(gaps),
            "frame_p95_ms": sorted(gaps)[int(0.95 * (len(gaps) - 1))],
            "frames": frames,
        }

    def secant_sweep(self) -> dict[str, float]:
        tool = self.window.secant
        self.window.editor.set_source("3 * x**2 - 4 * x")
        self.spin_until(lambda: self.window.last_result is not None
                        and self.window.last_result.request.source.startswith("3"), 60)
        done: list[float] = []
        tool.computed.connect(lambda _r: done.append(time.perf_counter()))
        tool.action.setChecked(True)
        self.spin_until(lambda: bool(done), 60)
        tool.set_h(1.0)
        self.spin_until(lambda: tool.h == 1.0 and len(done) >= 2, 30)
        tool.play()
        tool.player.stop()  # stepped by hand below: one frame per computed result
        count = 0
        t0 = time.perf_counter()
        while count < 200:
            seen = len(done)
            tool.player.advance()
            count += 1
            self.spin_until(lambda seen=seen: len(done) > seen, 30)
            if tool.h <= 1.0001e-6:
                break
        elapsed = time.perf_counter() - t0
        return {"fps": count / elapsed, "frames": count}

    def close(self) -> None:
        self.window.close()
        self.app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", default="benchmarks/results/play.json")
    parser.add_argument("--seconds", type=float, default=4.0, help="of timer playback each")
    parser.add_argument("--frames", type=int, default=150, help="stepped frames")
    args = parser.parse_args()

    driver = Driver()
    timer = [driver.timer_play(fps, args.seconds) for fps in (30, 60)]
    fastest = driver.saturated(args.frames)
    secant = driver.secant_sweep()
    driver.close()

    numbers = {
        "timer_30_painted_fps": timer[0]["painted_fps"],
        "timer_60_painted_fps": timer[1]["painted_fps"],
        "stepped_fps": fastest["fps"],
        "stepped_frame_median_ms": fastest["frame_median_ms"],
        "stepped_frame_p95_ms": fastest["frame_p95_ms"],
        "secant_sweep_fps": secant["fps"],
    }
    targets: dict[str, float | None] = {
        "timer_30_painted_fps": 30,
        "timer_60_painted_fps": 30,
        "stepped_fps": 30,
        "stepped_frame_median_ms": 33,
        "stepped_frame_p95_ms": None,
        "secant_sweep_fps": 30,
    }
    print(f"{SOURCE!r}, {POINTS} points, vector mode")
    print(f"{'measure':28} {'value':>10} {'target':>8}")
    for key, value in numbers.items():
        target = targets[key]
        bound = "≤" if key.endswith("_ms") else "≥"
        shown = "" if target is None else f"{bound} {target}"
        print(f"{key:28} {value:10.1f} {shown:>8}")
    payload = {
        "numbers": numbers,
        "targets": targets,
        "samples": {"timer": timer, "stepped": fastest, "secant": secant},
        "python": sys.version.split()[0],
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(payload, indent=2), encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
