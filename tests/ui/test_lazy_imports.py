"""A plain f(x) window starts without superqt and grandalf: each comes with its first use."""

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


def test_window_imports_superqt_and_grandalf_only_when_needed(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    proc = subprocess.run(
        [sys.executable, "-c", CODE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "lazy imports ok" in proc.stdout
