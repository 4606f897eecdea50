"""Files that never lose work, export, and ``gradplot render`` in a subprocess."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gradplot.engine import evaluate
from gradplot.io.autosave import AutosaveStore
from gradplot.io.csv import write_csv
from gradplot.io.storage import load_file
from gradplot.ui import MainWindow
from gradplot.ui.export import csv_text, export_png, export_svg, plot_image
from tests.ui.conftest import wait_result

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def win(make_window: Callable[..., MainWindow], tmp_path: Path) -> MainWindow:
    window = make_window("sin(x)", persist=False, restore=False)
    files = window.files
    files.store = AutosaveStore(tmp_path / "autosave")
    files.warnings = []  # type: ignore[attr-defined]
    files.warn = lambda title, text: files.warnings.append(text)  # type: ignore[attr-defined]
    files.ask_save = lambda: "discard"
    return window


def test_deck_editing_round_trips_through_a_file(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    panel = win.lessons
    panel.new_deck("Derivatives")
    wait_result(qtbot, win, lambda: win.editor.set_source("x**2"))
    panel.add_current_slide("Parabola")
    wait_result(qtbot, win, lambda: win.toggles.order.setCurrentIndex(1))
    panel.add_current_slide("Second")
    panel.edit_current_slide(notes="f″ is 2 everywhere", notice="a flat line")
    panel.move_current_slide(-1)
    assert [s.title.en for s in panel.current_deck().slides] == ["Second", "Parabola"]
    assert win.files.is_modified()
    path = tmp_path / "lesson.gradplot"
    assert win.files.save_as(path)
    assert not win.files.is_modified()
    deck = load_file(path).deck
    assert deck is not None and deck.title.en == "Derivatives"
    assert [s.title.en for s in deck.slides] == ["Second", "Parabola"]
    assert deck.slides[0].notes.en == "f″ is 2 everywhere" and deck.slides[0].session.order == 2
    assert deck.slides[1].session.source == "x**2" and deck.slides[1].session.order == 1
    panel.delete_current_slide()
    assert len(panel.current_deck().slides) == 1
    assert win.files.is_modified()
    # opening the saved file brings back both slides, at the slide it was saved on
    assert win.files.open_file(path)
    assert [s.title.en for s in panel.current_deck().slides] == ["Second", "Parabola"]
    assert str(path) in win.files.recent_files()[0]


@pytest.mark.parametrize("data", [b'{"format": "gradplot", "schema": 1, "deck": {',
                                  b'{"format": "gradplot", "schema": 99}', b"\xff\xfe junk"])
def test_damaged_or_newer_file_refused_and_untouched(
    qtbot: QtBot, win: MainWindow, tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "bad.gradplot"
    path.write_bytes(data)
    before = win.editor.source()
    assert not win.files.open_file(path)
    assert win.files.warnings  # type: ignore[attr-defined]
    assert win.files.path is None
    assert win.editor.source() == before
    # saving now cannot hit it: the path was never adopted, and save_as refuses it too
    assert not win.files.save_as(path)
    assert path.read_bytes() == data


def test_drop_opens_a_file(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    from gradplot.io.storage import save_file
    from gradplot.model import Session

    path = tmp_path / "dropped.gradplot"
    save_file(path, Session(source="x**3 - x", x_range=(-2.0, 2.0), points=41))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    # Qt only delivers drops that come from a real drag, so hand it to the handler
    with qtbot.waitSignal(win.files.opened, timeout=30_000):
        assert win.files.eventFilter(win, event)
    result = wait_result(qtbot, win, source="x**3 - x")
    assert result.request.points == 41 and result.request.x_range == (-2.0, 2.0)


def test_autosave_restore_offered_and_restores(
    qtbot: QtBot, win: MainWindow, tmp_path: Path, make_window: Callable[..., MainWindow]
) -> None:
    wait_result(qtbot, win, lambda: win.editor.set_source("tanh(x)"))
    win.lessons.new_deck("Unsaved lesson")
    win.lessons.add_current_slide("Only slide")
    store = win.files.store
    written = win.files.autosave_now()
    assert written is not None and written.exists()
    # pretend that process crashed: its files stay, under a pid that is not running
    dead = tmp_path / "autosave"
    for p in dead.iterdir():
        p.rename(p.with_name(p.name.replace(str(store.pid), "999999999")))

    other = make_window("sin(x)", persist=False, restore=False)
    files = other.files
    files.store = AutosaveStore(dead)
    offered: list[object] = []

    def accept(recovery: object) -> bool:
        offered.append(recovery)
        return True

    files.ask_restore = accept
    files.ask_save = lambda: "discard"
    result = wait_result(qtbot, other, lambda: other.files.start(), source="tanh(x)")
    assert offered and result.ok
    deck = other.lessons.current_deck()
    assert deck is not None and deck.title.en == "Unsaved lesson"
    assert files.is_modified()
    assert files.store.pending_recovery() is None  # handled once


def test_exported_csv_matches_the_engine(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    result = wait_result(qtbot, win, lambda: win.toggles.order.setCurrentIndex(1))
    text = csv_text(result)
    expected = io.StringIO()
    write_csv(evaluate(result.request), expected)
    assert text == expected.getvalue()
    rows = np.loadtxt(io.StringIO(text), delimiter=",", skiprows=1)
    assert text.splitlines()[0] == "x,f,df,d2f"
    np.testing.assert_allclose(rows[:, 2], np.cos(rows[:, 0]), atol=1e-6)


def test_image_exports(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    png = tmp_path / "plot.png"
    export_png(win.plot, png)
    image = QImage(str(png))
    viewport = win.plot.viewport().rect()
    assert (image.width(), image.height()) == (2 * viewport.width(), 2 * viewport.height())
    svg = tmp_path / "plot.svg"
    export_svg(win.plot, svg)
    assert ET.parse(svg).getroot().tag.endswith("svg")
    win.files.copy_image()
    assert not QApplication.clipboard().image().isNull()
    assert plot_image(win.plot, 1.0).width() == viewport.width()


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "gradplot", "render", *args],
        capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path,
    )


def test_render_png_and_svg_subprocess(tmp_path: Path) -> None:
    png = tmp_path / "out.png"
    proc = _run(tmp_path, "sin(x)", "--reference", "cos(x)", "-o", str(png),
                "--width", "640", "--height", "400", "--projector")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    assert (width, height) == (640, 400)
    svg = tmp_path / "out.svg"
    proc = _run(tmp_path, "x**3", "--order", "2", "--x", "0", "1", "2", "3", "-o", str(svg))
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    # an error is explained on stderr, exit status 1, no file
    bad = tmp_path / "bad.png"
    proc = _run(tmp_path, "sin(", "-o", str(bad))
    assert proc.returncode == 1 and "error:" in proc.stderr and "Traceback" not in proc.stderr
    assert not bad.exists()


def test_autosave_comes_during_work_that_never_pauses(qtbot: QtBot) -> None:
    """A slider playing for minutes restarts the pause over and over; the work is still
    autosaved, at the latest after the maximum wait."""
    from PySide6.QtCore import QTimer

    from gradplot.ui.files import AutosaveTimer

    timer = AutosaveTimer(pause_ms=3_600_000, max_wait_ms=50)
    busy = QTimer()
    busy.timeout.connect(timer.start)  # a change every few milliseconds
    busy.start(5)
    try:
        with qtbot.waitSignal(timer.timeout, timeout=60_000):
            timer.start()
        qtbot.waitUntil(timer.isActive, timeout=60_000)  # the burst goes on: a new countdown
    finally:
        busy.stop()
    timer.stop()
    assert not timer.isActive()
