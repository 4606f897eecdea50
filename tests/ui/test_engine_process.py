"""The engine in its own process: faults cost a restart of it, never the window.

Real processes throughout: the window's shared engine is killed (SIGKILL, SIGSEGV),
stopped (SIGSTOP) or made to run a native call past its time limit; each time the
window explains and the next edit is drawn. Fresh interpreters show that the GUI
never imports torch and that no engine outlives the GUI.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from gradplot.engine import Request, Result, evaluate
from gradplot.engine_process import DEFAULT_MEMORY_LIMIT_MB, EngineLink
from gradplot.engine_process.options import watchdog_needed
from gradplot.engine_process.watchdog import MemoryWatch
from gradplot.ui import MainWindow
from gradplot.ui.main_window import MEMORY_LIMIT_KEY
from tests.ui.conftest import wait_result
from tests.ui.test_lazy_imports import run_fresh

# a per-point run that takes a while (so a signal lands in the middle of it)
# .item() keeps every point in the one-at-a-time loop (no group runs them together), so
# the run is still going when the test kills the engine at its first progress report
SLOW_PER_POINT = (
    "def f(x):\n    y = x\n    for i in range(1000):\n        y = y * 0.999 + 0.001\n"
    "    if y.item() > 1e9:\n        y = 2 * y\n    return y\n"
)
# one torch call of O(n²) work: cooperative cancel cannot reach inside it
NATIVE_HANG = "x.diff(n=600000)"
# every step keeps one more tensor of all the samples alive
MEMORY_HOG = (
    "def f(x):\n    parts = [x]\n    for i in range(100000):\n"
    "        parts = parts + [x * i]\n    return x\n"
)
RUNAWAY = "def f(x):\n    b = x\n    while True:\n        b = b + 0\n    return b\n"


def process_state(pid: int) -> str:
    """R running, S sleeping, T stopped, Z zombie (/proc/PID/stat); "" if it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


def alive(pid: int) -> bool:
    """The process exists and is not a zombie (an exited child nobody reaped yet)."""
    return process_state(pid) not in ("", "Z")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {pid}")


def address_space_capped(pid: int) -> bool:
    """Whether the process runs under an RLIMIT_AS soft limit."""
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max address space"):
            return line.split()[3] != "unlimited"
    raise AssertionError(f"no address-space limit listed for {pid}")


def shared_names(gui: int | None = None) -> set[str]:
    """Shared-memory segments of the GUI process ``gui`` (default: this one) still named."""
    prefix = f"gradplot-{gui or os.getpid()}-"
    return {name for name in os.listdir("/dev/shm") if name.startswith(prefix)}


def engine_pid(window: MainWindow) -> int:
    link = window.evaluator.link
    assert link is not None and link.pid is not None
    return link.pid


def edit(qtbot: QtBot, window: MainWindow, source: str) -> Result:
    # generous: a restart imports torch again, on a machine that may be busy
    return wait_result(
        qtbot, window, lambda: window.editor.set_source(source), source=source, timeout=180_000
    )


@pytest.fixture
def engine_window(qtbot: QtBot) -> Iterator[MainWindow]:
    """A window on the shared engine process, its first plot drawn."""
    window = MainWindow("sin(x)", persist=False, restore=False)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    wait_result(qtbot, window)
    yield window
    window.state.time_limit = 2.0


def per_point_run(qtbot: QtBot, window: MainWindow, time_limit: float) -> None:
    """Per-point mode (progress reports) at 200 points under ``time_limit``, drawn once."""
    window.state.time_limit = time_limit
    window.ranges.set_point_count(200)
    window.toggles.vector_input.setChecked(False)
    wait_result(qtbot, window)


def signal_at_first_progress(window: MainWindow, how: int) -> list[int]:
    """The engine's next progress report sends it ``how``, once; the list gets its pid."""
    sent: list[int] = []

    def once(_done: int, _total: int) -> None:
        if not sent:
            window.evaluator.progress.disconnect(once)
            sent.append(engine_pid(window))
            os.kill(sent[0], how)

    window.evaluator.progress.connect(once)
    return sent


pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="signals and /proc: Linux"
)


# --- the GUI process never imports torch; no engine outlives it -----------------------
NO_TORCH_CODE = r"""
import os, sys
import gradplot.engine_process.boot as boot
import gradplot.ui.app as gui
seen = {}
spawns = []  # (pid, whether Qt was loaded when it was spawned)
spawn = boot.spawn

def spawn_watched(*args, **kwargs):
    qt = "PySide6" in sys.modules
    process, conn = spawn(*args, **kwargs)
    spawns.append((process.pid, qt))
    return process, conn

boot.spawn = spawn_watched

def on_window(window):
    def on_result(result):
        if "pid" not in seen and result.error is None:
            seen["pid"] = window.evaluator.link.pid
            seen["restarts"] = window.evaluator.link.restarts
            seen["torch"] = "torch" in sys.modules
            seen["engine"] = "gradplot.engine" in sys.modules
            seen["model"] = "gradplot.engine.model" in sys.modules
            seen["evaluation"] = "gradplot.engine.evaluation" in sys.modules
    window.resultShown.connect(on_result)

status = gui.run(["--screenshot", sys.argv[1], "sin(x) * x"], on_window=on_window)
assert status == 0, status
assert seen == {"pid": seen["pid"], "restarts": 0, "torch": False, "engine": True,
                "model": True, "evaluation": False}, seen
# one engine, spawned before Qt loaded, answered the first plot: adopted, not replaced
assert spawns == [(seen["pid"], False)], (spawns, seen["pid"])
assert "torch" not in sys.modules
try:
    os.kill(seen["pid"], 0)
except ProcessLookupError:
    print("no engine left")
print("no torch ok")
"""


def test_gui_never_imports_torch_and_closing_leaves_no_engine(tmp_path: Path) -> None:
    out = run_fresh(NO_TORCH_CODE, tmp_path, str(tmp_path / "shot.png"))
    assert "no torch ok" in out
    assert "no engine left" in out


EARLY_CODE = r"""
import os, sys
import gradplot.engine_process as engines
engines.start_early()  # what the app does first, before numpy and Qt
light = not any(name.split(".")[0] in ("numpy", "PySide6", "torch") for name in sys.modules)
from gradplot.engine import Request
link = engines.shared_link()
early = link.pid
result = link.evaluate(Request("x * 2", points=100))
assert result.error is None and result.f[-1] == 2 * result.x[-1], result.error
assert link.pid == early and link.restarts == 0, (link.pid, early)
engines.stop_shared()
try:
    os.kill(early, 0)
except ProcessLookupError:
    print("stopped")
print("light" if light else "heavy", "adopted")
"""


def test_the_engine_starts_before_numpy_and_the_link_adopts_it(tmp_path: Path) -> None:
    out = run_fresh(EARLY_CODE, tmp_path)
    assert "light adopted" in out and "stopped" in out


KILLED_GUI_CODE = r"""
import os, signal, sys
import gradplot.ui.app as gui
restart = sys.argv[1] == "restarted"
engines = []

def on_window(window):
    def on_result(result):
        pid = window.evaluator.link.pid
        if result.error is not None or pid in engines:
            return
        engines.append(pid)
        if restart and len(engines) == 1:
            # killed idle: the next edit starts a new engine, from the worker thread
            os.kill(pid, signal.SIGKILL)
            window.editor.set_source("cos(x)")
            return
        print("engine", pid, flush=True)
        # one long torch call: the engine reads no pipe until it ends, so only a watch
        # of the parent can end it with the GUI
        window.state.time_limit = 60.0
        window.ranges.set_point_count(600_000)
        window.editor.set_source(sys.argv[2])
    window.resultShown.connect(on_result)

gui.run(["sin(x)"], on_window=on_window)
"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


@pytest.mark.parametrize("engine", ["early", "restarted"])
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_gui_leaves_no_engine(
    qtbot: QtBot, tmp_path: Path, how: int, engine: str
) -> None:
    """Busy in one torch call, the engine spawned before Qt (from the main thread: the
    kernel's parent-death signal) and one the worker thread restarted (no such signal:
    the engine's own watch of its parent) both end with the GUI."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    pid = 0
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_GUI_CODE, engine, NATIVE_HANG],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    ) as gui:
        assert gui.stdout is not None
        try:
            line = gui.stdout.readline()  # a result is shown: the engine answered
            assert line.startswith("engine "), line
            pid = int(line.split()[1])
            assert alive(pid)
            # inside the long call: CPU time that an idle engine never spends
            start = cpu_seconds(pid)
            qtbot.waitUntil(lambda: cpu_seconds(pid) > start + 1.0, timeout=120_000)
            gui.send_signal(how)
            gui.wait(60)
            qtbot.waitUntil(lambda: not alive(pid), timeout=30_000)
        finally:
            if pid and alive(pid):  # an engine that outlived a failing test
                os.kill(pid, signal.SIGKILL)
    assert shared_names(gui.pid) == set()  # named only until the engine mapped them


# --- faults in the window --------------------------------------------------------------
def test_killed_engine_while_idle_the_next_edit_is_drawn_with_an_explanation(
    qtbot: QtBot, engine_window: MainWindow
) -> None:
    window = engine_window
    before = engine_pid(window)
    os.kill(before, signal.SIGKILL)
    result = edit(qtbot, window, "cos(x) + 1")
    assert result.error is None and result.f is not None
    assert result.f[0] == pytest.approx(evaluate(result.request).f[0])  # type: ignore[index]
    assert [n.kind for n in result.notes][:1] == ["engine_restarted"]
    assert "signal 9" in result.notes[0].message
    assert "Engine restarted" in window.notes_panel.label.text()
    assert engine_pid(window) != before and not alive(before)
    # the note belongs to that one result; the next edit is plain again
    result = edit(qtbot, window, "cos(x) + 2")
    assert result.error is None and not any(n.kind == "engine_restarted" for n in result.notes)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGSEGV, signal.SIGSTOP])
def test_engine_failing_mid_per_point_run_is_explained_and_next_edit_drawn(
    qtbot: QtBot, engine_window: MainWindow, how: int
) -> None:
    """Killed or crashed: the run is asked of a new engine and drawn, with a note.
    Stopped: it had begun, so it is not run again; past the time limit plus the grace
    the engine is killed and the window explains."""
    window = engine_window
    per_point_run(qtbot, window, 30.0)
    killed = signal_at_first_progress(window, how)
    try:
        result = edit(qtbot, window, SLOW_PER_POINT)
        assert killed and not alive(killed[0])
        if how == signal.SIGSTOP:
            assert result.error is not None and result.error.kind == "engine_hung", result.error
            assert window.error_panel.error is not None
            assert window.error_panel.error.kind == "engine_hung"
            assert "restarted" in window.error_panel.title.text()
        else:
            assert result.error is None and result.f is not None
            assert result.notes[0].kind == "engine_restarted"
            assert f"signal {int(how)}" in result.notes[0].message
            assert "Engine restarted" in window.notes_panel.label.text()
        assert edit(qtbot, window, "x * 3").error is None
    finally:
        if killed and alive(killed[0]):  # a stopped engine nobody killed
            os.kill(killed[0], signal.SIGKILL)


def test_engine_dying_twice_on_one_function_is_explained_then_next_edit_drawn(
    qtbot: QtBot, engine_window: MainWindow
) -> None:
    window = engine_window
    per_point_run(qtbot, window, 30.0)
    killed: list[int] = []

    def kill_each(_done: int, _total: int) -> None:
        pid = engine_pid(window)
        if pid not in killed:  # the first progress of each engine that runs it
            killed.append(pid)
            os.kill(pid, signal.SIGKILL)

    window.evaluator.progress.connect(kill_each)
    try:
        result = edit(qtbot, window, SLOW_PER_POINT)
    finally:
        window.evaluator.progress.disconnect(kill_each)
    assert len(killed) == 2
    assert result.error is not None and result.error.kind == "engine_crashed"
    assert window.error_panel.error is not None
    assert window.error_panel.error.kind == "engine_crashed"
    assert window.editor.source() == SLOW_PER_POINT  # nothing the user typed is lost
    window.toggles.vector_input.setChecked(True)
    result = edit(qtbot, window, "x * 4")
    assert result.error is None and result.f is not None


def test_stopped_engine_is_killed_past_the_time_limit_and_replaced(
    qtbot: QtBot, engine_window: MainWindow
) -> None:
    window = engine_window
    window.state.time_limit = 1.0
    stopped = engine_pid(window)
    os.kill(stopped, signal.SIGSTOP)
    try:
        result = edit(qtbot, window, "x * 5")
    finally:
        if alive(stopped):
            os.kill(stopped, signal.SIGKILL)
    # it had not begun the request: asked again of a new engine, and drawn
    assert result.error is None, result.error
    assert result.notes[0].kind == "engine_restarted"
    assert "no answer" in result.notes[0].message
    assert not alive(stopped) and engine_pid(window) != stopped


def test_closing_while_the_engine_hangs_kills_it_at_once(
    qtbot: QtBot, engine_window: MainWindow
) -> None:
    """Stopped mid-run under the longest time limit: only a kill ends the request, so a
    close that returns with the worker finished and the engine gone did not wait."""
    window = engine_window
    link = window.evaluator.link
    assert link is not None
    restarts = link.restarts
    per_point_run(qtbot, window, 60.0)
    stopped = signal_at_first_progress(window, signal.SIGSTOP)
    try:
        window.editor.set_source(SLOW_PER_POINT)
        qtbot.waitUntil(lambda: bool(stopped) and process_state(stopped[0]) == "T",
                        timeout=180_000)
        window.files.ask_save = lambda: "discard"
        assert window.close()
        assert not alive(stopped[0])
        assert window.evaluator._thread.isFinished()  # no worker left waiting on it
        # nor a new engine for the request the closed window no longer wants
        assert not [p for p in multiprocessing.active_children() if p.name == "gradplot-engine"]
    finally:
        if stopped and alive(stopped[0]):
            os.kill(stopped[0], signal.SIGKILL)
    # killed on purpose, not a fault: the next request starts a new engine, and no note
    result = link.evaluate(Request("x * 2", points=16))
    assert result.error is None and result.notes == ()
    assert link.restarts == restarts


def test_one_long_torch_call_is_stopped_by_the_hard_limit(
    qtbot: QtBot, engine_window: MainWindow
) -> None:
    window = engine_window
    window.state.time_limit = 0.5
    window.ranges.set_point_count(600_000)
    hung = engine_pid(window)
    result = edit(qtbot, window, NATIVE_HANG)
    assert result.error is not None and result.error.kind == "engine_hung"
    assert "restarted" in window.error_panel.title.text()
    assert not alive(hung)
    window.state.time_limit = 30.0
    window.ranges.set_point_count(2000)
    result = edit(qtbot, window, "x + 6")
    assert result.error is None and result.f is not None and len(result.f) == 2000


@pytest.mark.parametrize("watchdog", [False, True], ids=["rlimit_as", "watchdog"])
def test_memory_hungry_function_fails_with_an_explanation(
    qtbot: QtBot, isolated_settings: Path, watchdog: bool
) -> None:
    settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                         "gradplot", "gradplot")
    settings.setValue(MEMORY_LIMIT_KEY, 200)
    window = MainWindow("sin(x)", settings=settings, persist=False)
    qtbot.addWidget(window)
    window.show()
    link = window.evaluator.link
    assert link is not None
    try:
        wait_result(qtbot, window)
        if watchdog:  # what Windows and macOS do: the engine is watched, not capped
            link.watchdog = True
            link.stop()
            link.start()
        window.state.time_limit = 20.0
        window.ranges.set_point_count(1_000_000)
        hog = engine_pid(window)
        assert address_space_capped(hog) is not watchdog
        result = edit(qtbot, window, MEMORY_HOG)
        assert result.error is not None and result.error.kind == "engine_memory", result.error
        assert "200 MB" in result.error.title
        assert ("started a new one" in result.error.explanation) is watchdog
        assert window.error_panel.error is not None
        assert window.error_panel.error.kind == "engine_memory"
        assert window.editor.source() == MEMORY_HOG  # nothing the user typed is lost
        window.ranges.set_point_count(2000)
        assert edit(qtbot, window, "x + 7").error is None
        assert (engine_pid(window) != hog) is watchdog
    finally:
        link.set_memory_limit(DEFAULT_MEMORY_LIMIT_MB)
        if link.watchdog != watchdog_needed():
            link.watchdog = watchdog_needed()
            link.stop()
            link.start()


def test_the_watchdog_runs_where_rlimit_as_does_not_hold() -> None:
    assert not watchdog_needed("linux")
    assert watchdog_needed("win32")
    assert watchdog_needed("darwin")


GROWER = (
    "import sys\n"
    "print('ready', flush=True)\n"
    "sys.stdin.readline()\n"
    "held = b'\\x01' * (96 * 2**20)  # 96 MB, every page written\n"
    "print('grown', flush=True)\n"
    "sys.stdin.readline()\n"
)


def test_memory_watch_reads_a_real_process() -> None:
    # a fresh process: this one's allocator may hand back pages it already holds
    with subprocess.Popen(
        [sys.executable, "-c", GROWER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdin is not None and child.stdout is not None
        assert child.stdout.readline().strip() == "ready"  # its own image, not the fork's
        watch = MemoryWatch(child.pid)
        assert watch.base_mb > 0 and not watch.over(0)  # 0: no cap
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "grown"
        assert watch.over(32) and not watch.over(10_000)
        assert watch.last_mb >= watch.base_mb + 32
        child.stdin.write("\n")
        child.stdin.flush()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait(60)
    assert not MemoryWatch(gone.pid).over(1)  # an ended process is over no cap


def test_watchdog_stops_an_engine_that_outgrows_the_cap_and_a_new_one_answers() -> None:
    """RLIMIT_AS off, the watchdog on (Linux forced to do what Windows and macOS do)."""
    link = EngineLink(memory_limit_mb=200, watchdog=True)
    try:
        link.wait_ready()
        hog = link.pid or 0
        assert not address_space_capped(hog)  # only the watchdog can stop it
        # keeps 400 KB more alive at every step, up to 40 GB: far beyond the cap
        result = link.evaluate(Request(MEMORY_HOG, points=100_000, time_limit=60.0))
        assert result.error is not None and result.error.kind == "engine_memory", result.error
        assert "200 MB" in result.error.title
        assert "started a new one" in result.error.explanation
        assert "200 MB cap" in result.error.raw
        assert not alive(hog) and link.restarts == 1
        # the function is not run again: the next request is answered by a fresh engine
        result = link.evaluate(Request("x * 2", points=1000))
        assert result.error is None and result.f is not None
        assert result.f[-1] == pytest.approx(2 * result.x[-1])
        assert not any(n.kind == "engine_restarted" for n in result.notes)
        assert link.pid not in (None, hog) and link.restarts == 1
        assert not address_space_capped(link.pid or 0)
    finally:
        link.stop()
    assert shared_names() == set()


# --- the link on its own -----------------------------------------------------------------
def test_link_cancels_the_running_request_through_the_shared_flag() -> None:
    link = EngineLink()
    try:
        link.start()
        link.wait_ready()
        owner = object()
        asked: list[bool] = []

        def cancel() -> bool:
            asked.append(True)
            return len(asked) > 1  # raised once the request is on its way

        result = link.evaluate(
            Request(RUNAWAY, points=200, time_limit=30.0), cancel=cancel, owner=owner
        )
        assert result.error is not None and result.error.kind == "cancelled"
        # the engine stopped cooperatively: the same process answers the next request
        pid = link.pid
        result = link.evaluate(Request("x * 2", points=16))
        assert result.error is None and link.pid == pid and link.restarts == 0
        assert result.f is not None and result.f[-1] == pytest.approx(2 * result.x[-1])
    finally:
        pid = link.pid
        link.stop()
        assert pid is None or not alive(pid)


def test_big_results_cross_intact_through_shared_memory() -> None:
    link = EngineLink()
    try:
        request = Request(
            "sin(x) * x", points=1_000_000, order=2, dtype="float64", time_limit=60.0
        )
        result = link.evaluate(request)
        expected = evaluate(request)
        assert result.error is None and result.f is not None and expected.f is not None
        assert (result.x == expected.x).all() and (result.f == expected.f).all()
        for got, want in zip(result.derivatives, expected.derivatives, strict=True):
            assert (got == want).all()
        for got_b, want_b in zip(
            (result.f_breaks, *result.derivative_breaks),
            (expected.f_breaks, *expected.derivative_breaks),
            strict=True,
        ):
            assert got_b is not None and want_b is not None and (got_b == want_b).all()
        assert result.f.flags.writeable and result.f.dtype == expected.f.dtype
        # the arrays are views of one segment that the result leases; no name is left
        assert [leased for _size, leased in link.shared_segments] == [True]
        assert result.f.base is result.x.base is not None
        assert shared_names() == set()
        del result, got, got_b
        assert [leased for _size, leased in link.shared_segments] == [False]
    finally:
        link.stop()
    assert link.shared_segments == () and shared_names() == set()


def test_a_result_keeps_its_values_while_newer_results_arrive() -> None:
    """A segment is written again only once no array of its last result is alive."""
    link = EngineLink()
    try:
        kept = link.evaluate(Request("sin(x)", points=200_000))
        assert kept.f is not None
        values = kept.f.copy()
        for k in range(6):  # each result dropped at once: its segment is free again
            dropped = link.evaluate(Request(f"x * {k}", points=200_000))
            assert dropped.f is not None and dropped.f[-1] == pytest.approx(k * dropped.x[-1])
            del dropped
        newest = link.evaluate(Request("cos(x)", points=200_000))
        assert (kept.f == values).all()
        assert newest.f is not None and newest.f[0] == pytest.approx(np.cos(newest.x[0]))
        # the kept result's segment, and one that takes turns with the others: no more
        assert len(link.shared_segments) == 2
        small = link.evaluate(Request("x + 1", points=50))  # small results come this way too
        assert small.f is not None and small.f.base is not None and small.f[0] == small.x[0] + 1
        assert (kept.f == values).all()
    finally:
        link.stop()


def test_no_shared_memory_outlives_an_engine(qtbot: QtBot) -> None:
    """Killed idle, killed mid-run, stopped before it mapped a new segment: each time
    the next result is right and no segment name is left in /dev/shm."""
    link = EngineLink(grace=0.5)
    try:
        assert link.evaluate(Request("x", points=100_000)).error is None
        os.kill(link.pid or 0, signal.SIGKILL)  # idle
        result = link.evaluate(Request("x * 2", points=100_000))
        assert result.error is None and result.notes[0].kind == "engine_restarted"
        assert shared_names() == set()

        killed: list[int] = []

        def kill_once(_done: int, _total: int) -> None:
            if not killed:
                killed.append(link.pid or 0)
                os.kill(killed[0], signal.SIGKILL)

        slow = Request(SLOW_PER_POINT, points=50, vector_input=False, time_limit=30.0)
        result = link.evaluate(slow, progress=kill_once)  # mid-run: re-requested
        assert killed and result.error is None and result.notes[0].kind == "engine_restarted"
        assert shared_names() == set()

        stopped = link.pid or 0
        os.kill(stopped, signal.SIGSTOP)
        outcome: list[Result] = []
        # bigger than any segment yet: a new one is named, and never mapped
        worker = threading.Thread(target=lambda: outcome.append(
            link.evaluate(Request("x * 3", points=2_000_000, time_limit=0.5))
        ))
        worker.start()
        try:
            qtbot.waitUntil(lambda: bool(shared_names()) or not worker.is_alive(), timeout=60_000)
            assert shared_names(), "the stopped engine was sent a new segment"
            worker.join(120)
        finally:
            if alive(stopped):
                os.kill(stopped, signal.SIGKILL)
        result = outcome[0]
        assert result.error is None and result.notes[0].kind == "engine_restarted"
        assert result.f is not None and result.f[-1] == pytest.approx(3 * result.x[-1])
        assert not alive(stopped) and shared_names() == set()
    finally:
        link.stop()
    assert shared_names() == set()


# --- a soak of live edits ---------------------------------------------------------------
def _soak_edit(k: int) -> str:
    if k % 37 == 0:
        return RUNAWAY
    if k % 11 == 0:
        return f"sin(x) * {k} +"  # a syntax error
    if k % 13 == 0:
        return f"undefined_{k}(x)"
    return f"sin(x * {1 + k % 9}) * {k % 7 + 1} + x ** {k % 3}"


def test_soak_600_live_edits_every_edit_drawn_memory_bounded(
    qtbot: QtBot, engine_window: MainWindow
) -> None:
    window = engine_window
    window.ranges.set_point_count(20_000)
    link = window.evaluator.link
    assert link is not None
    gui = os.getpid()
    baseline = 0.0
    engine_at_50: tuple[int, int] = (0, 0)
    for k in range(600):
        if k % 10 == 5:
            window.toggles.retain_graph.setChecked(not window.toggles.retain_graph.isChecked())
        if k % 25 == 7:
            window.toggles.order.setCurrentIndex((k // 25) % 3)
        source = _soak_edit(k)
        # a runaway loop ends soon; every other edit has time to spare on a busy machine
        window.state.time_limit = 0.3 if source == RUNAWAY else 30.0
        result = edit(qtbot, window, source)
        assert result.request.source == source
        if source == RUNAWAY:
            assert result.error is not None and result.error.kind in ("timeout", "refused")
        elif source[-1] == "+" or source.startswith("undefined_"):
            assert result.error is not None
        else:
            assert result.error is None, result.error
            assert result.f is not None and len(result.f) == 20_000
            assert window.plot.curves[0].getData()[1] is not None
        if k == 49:
            baseline = rss_mb(gui) + rss_mb(engine_pid(window))
            engine_at_50 = (engine_pid(window), link.restarts)
    # the same engine throughout: a restarted one is small, and would pass the bound trivially
    assert (engine_pid(window), link.restarts) == engine_at_50
    total = rss_mb(gui) + rss_mb(engine_pid(window))
    assert total <= baseline + 50, (baseline, total)
