"""The app entry: crash hook and log, the --screenshot path in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gradplot.ui.app import make_excepthook, parse_args, setup_logging

REPO = Path(__file__).resolve().parents[2]


def test_excepthook_logs_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log_path = setup_logging(tmp_path / "logs")
    shown: list[tuple[str, str]] = []
    hook = make_excepthook(log_path, lambda msg, details: shown.append((msg, details)))
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        hook(type(exc), exc, exc.__traceback__)
    text = log_path.read_text(encoding="utf-8")
    assert "boom in a slot" in text and "Traceback" in text
    assert len(shown) == 1
    assert str(log_path) in shown[0][0]
    assert "boom in a slot" in shown[0][1]
    assert "boom in a slot" in capsys.readouterr().err


def test_window_survives_an_exception_in_a_slot(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer

    from gradplot.ui import MainWindow

    window = MainWindow("x")
    qtbot.addWidget(window)
    log_path = setup_logging(tmp_path / "logs")
    shown: list[str] = []
    hook = make_excepthook(log_path, lambda msg, details: shown.append(details))
    old = sys.excepthook
    sys.excepthook = hook
    try:

        def broken() -> None:
            raise ValueError("a bug in a handler")

        with qtbot.capture_exceptions() as caught:
            QTimer.singleShot(0, broken)
            qtbot.waitUntil(lambda: bool(caught), timeout=30_000)
        for exc_type, exc, tb in caught:
            hook(exc_type, exc, tb)
    finally:
        sys.excepthook = old
    assert shown and "a bug in a handler" in shown[0]
    with qtbot.waitSignal(window.resultShown, timeout=30_000):
        window.editor.set_source("x + 1")


def test_parse_args() -> None:
    opts = parse_args(["--screenshot", "out.png", "sin(x)"])
    assert opts.screenshot == "out.png" and opts.source == "sin(x)"
    assert parse_args([]).source is None


def _run_screenshot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "gradplot", *args],
        capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path,
    )


@pytest.mark.parametrize("source", ["sin(x)", "def f(x):\n    return x.pow(3", None])
def test_screenshot_subprocess(tmp_path: Path, source: str | None) -> None:
    out = tmp_path / "shot.png"
    proc = _run_screenshot(tmp_path, "--screenshot", str(out), *([source] if source else []))
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000
    assert not (tmp_path / "config" / "gradplot").exists()  # a screenshot saves no settings
