"""The window at the edges of files: refusing what is not a file, opening without
changing anything, read-only and linked files, autosave that cannot be switched off
by an exception, and no dialog that waits headless."""

from __future__ import annotations

import math
import os
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from gradplot.io.autosave import AutosaveStore
from gradplot.io.errors import SessionFileError
from gradplot.io.schema import dumps
from gradplot.io.storage import load_file, save_file
from gradplot.model import Deck, GradplotFile, Parameter, Session, Slide, Text
from gradplot.ui import MainWindow, i18n
from gradplot.ui.files import FileController, refusal_text
from tests.ui.conftest import wait_result

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="named pipes and modes: POSIX")


@pytest.fixture
def win(make_window: Callable[..., MainWindow], tmp_path: Path) -> MainWindow:
    window = make_window("sin(x)", persist=False, restore=False)
    files = window.files
    files.store = AutosaveStore(tmp_path / "autosave")
    files.warnings = []  # type: ignore[attr-defined]
    files.warn = lambda title, text: files.warnings.append((title, text))  # type: ignore[attr-defined]
    files.asked = 0  # type: ignore[attr-defined]

    def ask() -> str:
        files.asked += 1  # type: ignore[attr-defined]
        return "discard"

    files.ask_save = ask
    return window


def warnings(window: MainWindow) -> list[tuple[str, str]]:
    return window.files.warnings  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def chinese(qtbot: QtBot) -> Iterator[None]:
    i18n.set_language("zh")
    try:
        yield
    finally:
        i18n.set_language("en")


# ------------------------------------------------------- not a regular file


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_the_window_refuses_what_is_not_a_file_and_says_so(
    win: MainWindow, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.gradplot"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path("/dev/null")
    before = win.editor.source()
    assert not win.files.open_file(path)
    (title, text), = warnings(win)
    assert title == "The file was not opened"
    word = {"fifo": "named pipe", "folder": "folder", "device": "device"}[kind]
    assert word in text and "Nothing was changed" in text
    assert "not a file" in win.statusBar().currentMessage()
    assert capsys.readouterr().err.startswith("error: ")
    assert win.editor.source() == before and win.files.path is None
    if kind == "fifo":
        assert stat.S_ISFIFO(path.stat().st_mode)


# ------------------------------------------- opening a file changes nothing


R = (-6.0, 6.0)  # shown exactly by the spin boxes: each case below tests its own trigger
UNTOUCHED = {
    "default session": Session(),
    "five decimals": Session(source="x**2", x_range=(-0.123456789, 9.87654321)),
    "tiny range": Session(source="x", x_range=(1e-9, 3e-9), points=50),
    "huge float64 range": Session(source="x", x_range=(-3e9, 2e12), dtype="float64"),
    "unused parameter": Session(
        x_range=R, source="a*sin(x)", parameters=(Parameter("a", 2.0), Parameter("unused", 0.25))
    ),
    "only unused parameters": Session(x_range=R, source="x", parameters=(Parameter("k", 3.0),)),
    "parameters out of first-use order": Session(
        x_range=R, source="a*x + b", parameters=(Parameter("b", -1.0), Parameter("a", 0.5))
    ),
    "parameter decimals": Session(
        x_range=R, source="a*x", parameters=(Parameter("a", 0.000123456, -5.125, 5.0625),)
    ),
    "parameter range beyond the boxes": Session(
        x_range=R, source="a*x", parameters=(Parameter("a", 2.5e6, -1e7, 3e7),)
    ),
    "fourth order": Session(x_range=R, source="x**5", order=4),
    "windows line breaks": Session(x_range=R, source="def f(x):\r\n    return x * x\r\n"),
    "old mac line breaks": Session(x_range=R, source="def f(x):\r    return x * 2\r"),
    "padded reference": Session(x_range=R, source="sin(x)", reference="  cos(x) "),
    "empty reference": Session(x_range=R, source="sin(x)", reference=""),
    "x values": Session(x_range=R, source="2*dot(x, x)", x_values=(0.0, 1.0, 2.0, 3.0)),
}


def work(session: Session) -> Session:
    """The teacher's work: no visible ranges; the reference as its line edit keeps it."""
    return replace(session, view_x=None, view_y=None,
                   reference=(session.reference or "").strip() or None)


@pytest.mark.parametrize("name", list(UNTOUCHED))
def test_an_untouched_file_is_not_modified(
    qtbot: QtBot, win: MainWindow, tmp_path: Path, name: str
) -> None:
    session = UNTOUCHED[name]
    path = tmp_path / "lesson.gradplot"
    save_file(path, session)
    before = path.read_bytes()
    files = win.files
    wait_result(qtbot, win, lambda: files.open_file(path))
    assert not files.is_modified()
    assert not win.isWindowModified()
    # the evaluated grid is the file's, not the spin boxes' rounding
    request = win.last_request
    assert request is not None
    if session.x_values is None:
        assert request.x_range == session.x_range
    assert request.order == session.order
    assert work(files.session()) == work(session)
    # closing asks nothing; saving the untouched file keeps the work exactly
    assert files.maybe_save() and files.asked == 0  # type: ignore[attr-defined]
    assert files.save()
    saved = load_file(path).session
    assert saved is not None and work(saved) == work(session)
    assert not files.is_modified()
    if name == "default session":
        assert path.read_bytes().split(b'"view_x"')[0] == before.split(b'"view_x"')[0]


def test_an_edit_after_opening_is_modified(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "lesson.gradplot"
    save_file(path, UNTOUCHED["five decimals"])
    files = win.files
    wait_result(qtbot, win, lambda: files.open_file(path))
    wait_result(qtbot, win, lambda: win.ranges.x_max.setValue(5.0))
    assert files.is_modified()
    assert win.last_request is not None and win.last_request.x_range[1] == 5.0
    # the left end, untouched, keeps its exact value
    assert win.last_request.x_range[0] == -0.123456789


def test_an_edit_to_the_order_after_a_fourth_order_file(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "o.gradplot"
    save_file(path, UNTOUCHED["fourth order"])
    files = win.files
    wait_result(qtbot, win, lambda: files.open_file(path))
    wait_result(qtbot, win, lambda: win.toggles.order.setCurrentIndex(0))
    assert win.toggles.toggles().order == 1 and files.is_modified()


def test_an_untouched_deck_is_not_modified(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    slides = tuple(
        Slide(Text(f"slide {i}"), s, id=f"s{i}")
        for i, s in enumerate((UNTOUCHED["five decimals"], UNTOUCHED["unused parameter"],
                               UNTOUCHED["windows line breaks"], UNTOUCHED["fourth order"]))
    )
    path = tmp_path / "deck.gradplot"
    save_file(path, GradplotFile(deck=Deck(Text("Edges"), slides), current_slide=0))
    files = win.files
    panel = win.lessons
    assert files.open_file(path)
    for index in range(len(slides)):
        wait_result(qtbot, win, lambda index=index: panel.go_to(index))  # type: ignore[misc]
        assert not files.is_modified(), index
    assert files.maybe_save() and files.asked == 0  # type: ignore[attr-defined]


# ------------------------------------------------------- saving at the edges


@posix_only
def test_saving_over_a_read_only_file_is_refused_and_said(
    qtbot: QtBot, win: MainWindow, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lesson.gradplot"
    save_file(path, Session(source="x"))
    files = win.files
    wait_result(qtbot, win, lambda: files.open_file(path))
    os.chmod(path, 0o444)
    before = path.read_bytes()
    wait_result(qtbot, win, lambda: win.editor.set_source("x**3"))
    assert files.is_modified()
    assert not files.save()
    (title, text), = warnings(win)
    assert title == "The file was not saved"
    assert "read-only" in text and "Save As" in text
    assert "read-only" in capsys.readouterr().err
    assert path.read_bytes() == before and path.stat().st_mode & 0o777 == 0o444
    assert files.is_modified()  # the work is still unsaved, and still here
    assert win.editor.source() == "x**3"
    other = tmp_path / "copy.gradplot"
    assert files.save_as(other)
    assert load_file(other).session is not None and files.path == other.absolute()


@posix_only
def test_saving_through_a_link_keeps_the_link(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    target = real / "lesson.gradplot"
    save_file(target, Session(source="x"))
    link = tmp_path / "lesson.gradplot"
    link.symlink_to(target)
    files = win.files
    wait_result(qtbot, win, lambda: files.open_file(link))
    wait_result(qtbot, win, lambda: win.editor.set_source("x + 2"))
    assert files.save()
    assert link.is_symlink()
    saved = load_file(target).session
    assert saved is not None and saved.source == "x + 2"
    assert sorted(p.name for p in real.iterdir()) == ["lesson.gradplot"]


def test_refusals_in_chinese(chinese: None, tmp_path: Path) -> None:
    read_only = SessionFileError("x", reason="read_only", path=tmp_path / "a.gradplot")
    damaged = SessionFileError("“b.gradplot”: The file is damaged.", reason="damaged",
                               path=tmp_path / "b.gradplot")
    assert "只读" in refusal_text(read_only, saving=True)
    text = refusal_text(damaged, saving=False)
    assert "已损坏" in text and "“b.gradplot”" in text
    assert "The file is damaged" in text  # the exact reason follows


# ----------------------------------------------------------------- autosave


def _unsaveable() -> GradplotFile:
    """Content that bypassed validation (what the reported bug had in memory)."""
    session = Session(source="x")
    object.__setattr__(session, "source", "x\ud800")
    return GradplotFile(session=session)


def test_autosave_failure_is_shown_and_autosave_goes_on(
    qtbot: QtBot, win: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = win.files
    monkeypatch.setattr(files.document, "content", _unsaveable)
    hooked: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: hooked.append(e))
    assert files.autosave_now() is None
    assert "Autosave failed" in win.statusBar().currentMessage()
    # through the timer, as in the app: nothing reaches the excepthook, the timer runs on
    files.autosave_timer.start()
    files.autosave_timer.timeout.emit()
    assert files.autosave_timer.isActive()
    files.autosave_timer.stop()
    with pytest.raises(SessionFileError) as info:
        save_file(Path(files.store.directory) / "never.gradplot", _unsaveable())
    assert info.value.reason == "invalid"
    monkeypatch.undo()
    path = files.autosave_now()
    assert path is not None and load_file(path).session is not None
    assert hooked == []


def test_autosave_failing_in_the_store_is_shown(
    win: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = win.files

    def broken(*_args: object, **_kwargs: object) -> Path:
        raise SessionFileError("Autosave failed: disk full.", reason="io")

    monkeypatch.setattr(files.store, "write_autosave", broken)
    assert files.autosave_now() is None
    assert "disk full" in win.statusBar().currentMessage()


def test_save_as_of_unsaveable_content_is_refused(
    win: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = win.files
    monkeypatch.setattr(files, "content", _unsaveable)
    path = tmp_path / "new.gradplot"
    assert not files.save_as(path)
    assert not path.exists()
    (title, _text), = warnings(win)
    assert title == "The file was not saved"


def test_a_surrogate_file_is_refused_in_the_window(
    win: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "s.gradplot"
    data = b'{"format": "gradplot", "schema": 1, "deck": {"title": "\\ud800", "slides": []}}'
    path.write_bytes(data)
    assert not win.files.open_file(path)
    (_title, text), = warnings(win)
    assert "surrogate" in text
    assert path.read_bytes() == data


# ------------------------------------------------------ nothing waits headless


def test_screenshot_mode_answers_no_dialog(qtbot: QtBot) -> None:
    from PySide6.QtCore import QTimer

    from gradplot.ui.app import _NoDialogs

    said: list[str] = []
    guard = _NoDialogs(said.append)
    guard.install()
    answers: list[object] = []
    try:
        QTimer.singleShot(0, lambda: answers.append(
            QMessageBox.warning(None, "A question", "Nobody can answer this")))
        qtbot.waitUntil(lambda: bool(answers), timeout=30_000)
    finally:
        guard.remove()
    assert said and "A question" in said[0] and "Nobody can answer this" in said[0]
    assert QApplication.activeModalWidget() is None


def test_file_controller_keeps_a_valid_session_through_the_merge(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    # an edit to the function drops the saved-only parameters: they belonged to it
    path = tmp_path / "p.gradplot"
    save_file(path, UNTOUCHED["unused parameter"])
    files: FileController = win.files
    wait_result(qtbot, win, lambda: files.open_file(path))
    assert [p.name for p in files.session().parameters] == ["a", "unused"]
    wait_result(qtbot, win, lambda: win.editor.set_source("a*cos(x)"))
    assert [p.name for p in files.session().parameters] == ["a"]
    assert files.is_modified()
    assert math.isclose(files.session().parameters[0].value, 2.0)
    assert dumps(files.content())  # and it can be saved


# any numbers a valid file may hold: opening never counts as an edit
numbers = st.floats(min_value=-1e8, max_value=1e8, allow_nan=False, allow_infinity=False)


@st.composite
def awkward_sessions(draw: st.DrawFn) -> Session:
    # spans from 1e-6: after far narrower ones pyqtgraph's downsampling overflows (a
    # separate fault of the plot, not of files)
    lo = draw(numbers)
    hi = lo + draw(st.floats(min_value=1e-6, max_value=1e8))
    params = []
    for name in draw(st.lists(st.sampled_from(["a", "b", "k", "unused"]), unique=True,
                              max_size=3)):
        p_lo, p_hi = sorted(draw(st.lists(numbers, min_size=2, max_size=2, unique=True)))
        params.append(Parameter(name, draw(st.floats(p_lo, p_hi)), p_lo, p_hi))
    try:
        return Session(
            source=draw(st.sampled_from(["a*x + b", "sin(k*x)", "x", "a*x\r\n"])),
            x_range=(lo, hi), points=draw(st.integers(2, 2000)),
            order=draw(st.integers(1, 4)), parameters=tuple(params),
            dtype=draw(st.sampled_from(["float32", "float64"])),
        )
    except ValueError:  # not a valid file (e.g. no width in float32)
        reject()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(session=awkward_sessions())
def test_any_valid_file_opens_unmodified(
    qtbot: QtBot, win: MainWindow, tmp_path: Path, session: Session
) -> None:
    path = tmp_path / "any.gradplot"
    if path.exists():
        path.unlink()
    save_file(path, session)
    files = win.files
    wait_result(qtbot, win, lambda: files.open_file(path, ask=False))
    assert not files.is_modified()
    assert work(files.session()) == work(session)
    request = win.last_request
    assert request is not None and request.x_range == session.x_range
