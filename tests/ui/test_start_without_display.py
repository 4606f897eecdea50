"""Starting the window where it cannot open, and ending it with SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from gradplot.io.autosave import AutosaveStore
from gradplot.ui import MainWindow
from gradplot.ui.app import end_on_signal

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 240  # a generous bound on waiting, never an assertion on speed


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(
        PYTHONPATH=str(ROOT),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
    )
    env.update(extra)
    return env


def gradplot(home: Path, *args: str, code: str | None = None, **extra: str
             ) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "gradplot"]
    return subprocess.run(
        [*command, *args], env=env_for(home, **extra), capture_output=True, text=True,
        timeout=START_TIMEOUT_S, check=False,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland check")
def test_no_display_says_so_and_names_the_headless_commands(tmp_path: Path) -> None:
    proc = gradplot(tmp_path, "x**2")
    assert proc.returncode == 1
    assert "no display was found" in proc.stderr
    for command in ("--screenshot", "gradplot eval", "gradplot render"):
        assert command in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "libxcb-cursor0" not in proc.stderr  # Qt's misleading guess never shows
    # and what it names works without a display
    shot = tmp_path / "shot.png"
    done = gradplot(tmp_path, "--screenshot", str(shot), "x**2")
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 10_000


UNREACHABLE_WITH_A_MISSING_LIBRARY = """
import sys
from gradplot.ui import app
app.XCB_LIBRARIES["libgradplot-not-there.so.7"] = "libgradplot-not-there7"
sys.exit(app.run(["x**2"]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb plugin")
def test_a_platform_plugin_that_cannot_load_names_the_package(tmp_path: Path) -> None:
    # a display that does not exist makes Qt's xcb plugin fail as a missing library does
    proc = gradplot(tmp_path, code=UNREACHABLE_WITH_A_MISSING_LIBRARY, DISPLAY=":987")
    assert proc.returncode == 1, proc.stderr  # not Qt's abort (134)
    hint = [line for line in proc.stderr.splitlines() if "sudo apt-get install" in line]
    assert hint and "libgradplot-not-there7" in hint[-1]
    assert "Traceback" not in proc.stderr
    # with every library there, the display itself is named
    plain = gradplot(tmp_path, "x**2", DISPLAY=":987")
    assert plain.returncode == 1, plain.stderr
    assert ("could not open the display :987" in plain.stderr
            or "sudo apt-get install" in plain.stderr)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_saves_like_a_normal_quit(tmp_path: Path) -> None:
    autosave = tmp_path / "data" / "gradplot" / "autosave"
    proc = subprocess.Popen(
        [sys.executable, "-m", "gradplot", "x**3 - a"],
        env=env_for(tmp_path, QT_QPA_PLATFORM="offscreen"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        # wait until the running window has autosaved: a kill now would leave a recovery
        deadline = time.monotonic() + START_TIMEOUT_S
        while not list(autosave.glob("*.gradplot")):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "gradplot never autosaved"
            time.sleep(0.2)
        assert list(autosave.glob("*.running"))
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=START_TIMEOUT_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    # nothing left for the next start to offer: it will not ask "did not close properly"
    assert AutosaveStore(autosave).pending_recovery() is None
    assert not list(autosave.glob("*.running"))
    settings = (tmp_path / "config" / "gradplot" / "gradplot.ini").read_text("utf-8")
    assert "x**3 - a" in settings


@pytest.mark.parametrize("unsaved_deck", [False, True])
def test_end_on_signal_keeps_an_autosave_only_for_unsaved_lesson_edits(
    make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
    unsaved_deck: bool,
) -> None:
    window = make_window("x**2 + a")
    files = window.files
    files.ask_save = lambda: "discard"  # the test's own close at the end asks nothing
    if unsaved_deck:
        window.lessons.new_deck("Mine")
        window.lessons.add_current_slide("one")
        assert files.is_modified()
    files.autosave_now()
    store = files.store
    assert store.autosave_path.exists() == unsaved_deck or store.marker_path.exists()
    exits: list[int] = []
    app = QApplication.instance()
    assert app is not None
    monkeypatch.setattr(app, "exit", lambda code=0: exits.append(code))
    end_on_signal(window)
    assert exits == [0]
    assert store.autosave_path.exists() == unsaved_deck  # unsaved work is never lost
    assert "x**2 + a" in str(QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "gradplot", "gradplot"
    ).value("source"))
