"""Start-up imports: Qt loads inside run(); pyqtgraph and numpy after the first paint;
superqt and grandalf with their first use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CODE = r"""
import sys, tempfile
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

app = QApplication(["gradplot"])
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
from gradplot.ui import MainWindow

def loaded(name):
    return sorted(m for m in sys.modules if m == name or m.startswith(name + "."))

window = MainWindow("sin(x)", persist=False, restore=False)
assert not loaded("superqt"), loaded("superqt")
assert not loaded("grandalf"), loaded("grandalf")
assert window.parameters.names() == ()

window.parameters.set_names(["a"])
assert "superqt" in sys.modules, "the first parameter did not import superqt"
from superqt import QLabeledDoubleSlider
slider = window.parameters.slider("a")
assert isinstance(slider, QLabeledDoubleSlider), type(slider)
assert window.parameters.names() == ("a",)
assert not loaded("grandalf"), loaded("grandalf")
window.close()
print("lazy imports ok")
"""


def run_fresh(code: str, home: Path, *args: str) -> str:
    """Run ``code`` in a fresh interpreter (offscreen, settings under ``home``); its stdout."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_window_imports_superqt_and_grandalf_only_when_needed(tmp_path: Path) -> None:
    assert "lazy imports ok" in run_fresh(CODE, tmp_path)


RUN_CODE = r"""
import sys
import gradplot.ui.app as gui
assert "PySide6" not in sys.modules and "pyqtgraph" not in sys.modules, "ui.app loaded Qt"
seen = []

def loaded():
    return tuple(name in sys.modules for name in ("pyqtgraph", "numpy", "torch"))

def on_window(window):
    # the window exists and is painted before the plot's libraries load; torch never does
    seen.append(("window", type(window).__name__, window.is_ready, loaded()))
    window.firstPaint.connect(lambda: seen.append(("painted", window.is_ready, loaded())))
    window.ready.connect(lambda: seen.append(("ready", window.is_ready, loaded())))
    window.resultShown.connect(lambda _r: seen.append(("result", window.is_ready, loaded())))

status = gui.run(["--screenshot", sys.argv[1], "sin(x)"], on_window=on_window)
assert status == 0, status
none, plot = (False, False, False), (True, True, False)
assert seen[:4] == [
    ("window", "MainWindow", False, none),
    ("painted", False, none),
    ("ready", True, plot),
    ("result", True, plot),
], seen
from gradplot.ui import MainWindow  # the name other code relies on still resolves
assert MainWindow.__name__ == "MainWindow"
print("run ok")
"""


def test_run_paints_the_window_before_the_plot_libraries_load(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    assert "run ok" in run_fresh(RUN_CODE, tmp_path, str(shot))
    assert shot.stat().st_size > 10_000
