"""Files at the edges: what is not a regular file, text that cannot be saved, read-only
files, symbolic links, ranges the dtype cannot hold. After every refusal the file on
disk is byte-identical to before."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradplot.io.autosave import write_autosave
from gradplot.io.errors import SessionFileError
from gradplot.io.schema import dumps, loads
from gradplot.io.storage import atomic_write_bytes, is_read_only, load_file, save_file
from gradplot.model import Deck, GradplotFile, Parameter, Session, Slide, Text, dtype_range_problem
from tests.test_session import decks, sessions

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="named pipes and modes: POSIX")
REPO = Path(__file__).resolve().parents[1]


def _snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _run(code: str) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter: a hang shows as a timeout, not a stuck suite."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env,
        check=False,
    )


# --------------------------------------------------------- not a regular file


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "folder", "device", "link_to_fifo"])
def test_what_is_not_a_regular_file_is_refused_without_waiting(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.gradplot"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "device":
        path = Path("/dev/null")
    else:
        os.mkfifo(tmp_path / "pipe")
        path.symlink_to(tmp_path / "pipe")
    code = f"""
from gradplot.io.errors import SessionFileError
from gradplot.io.storage import load_file
try:
    load_file({str(path)!r})
except SessionFileError as exc:
    print(exc.reason)
    print(exc)
"""
    proc = _run(code)
    assert proc.returncode == 0, proc.stderr
    reason, message = proc.stdout.splitlines()[:2]
    assert reason == "not_file"
    word = {"fifo": "named pipe", "link_to_fifo": "named pipe", "folder": "folder",
            "device": "device"}[kind]
    assert word in message and "not a file" in message


@posix_only
def test_saving_onto_a_named_pipe_or_folder_is_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "p.gradplot"
    os.mkfifo(pipe)
    folder = tmp_path / "d.gradplot"
    folder.mkdir()
    (folder / "inside").write_bytes(b"keep")
    for target in (pipe, folder):
        with pytest.raises(SessionFileError) as info:
            save_file(target, Session())
        assert info.value.reason == "refuse_overwrite"
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert (folder / "inside").read_bytes() == b"keep"
    # forced, a folder still cannot be replaced by a file
    with pytest.raises(SessionFileError) as info:
        save_file(folder, Session(), force=True)
    assert info.value.reason == "io"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.gradplot", "p.gradplot"]


# ----------------------------------------------------------- unsaveable text


SURROGATE_DOCS = [
    {"deck": {"title": "\ud800", "slides": []}},
    {"deck": {"title": {"en": "ok", "zh-Hans": "a\udfffb"}, "slides": []}},
    {"session": {"source": "x + \ud83d"}},
    {"session": {"source": "x", "reference": "\udc00"}},
    {"deck": {"slides": [{"title": "t", "notes": "\ud800", "session": {"source": "x"}}]}},
    {"deck": {"slides": [{"id": "a", "notice": {"en": "\udbff"}, "session": {"source": "x"}}]}},
    {"deck": {"description": "\ud800\ud800", "slides": []}},
]


@pytest.mark.parametrize("body", SURROGATE_DOCS)
def test_a_lone_surrogate_is_refused_on_reading(tmp_path: Path, body: dict[str, object]) -> None:
    data = json.dumps({"format": "gradplot", "schema": 1, **body}).encode("ascii")
    assert b"\\u" in data  # the surrogate is written as JSON's escape, as in the report
    path = tmp_path / "s.gradplot"
    path.write_bytes(data)
    with pytest.raises(SessionFileError) as info:
        load_file(path)
    assert info.value.reason == "invalid"
    assert "surrogate" in str(info.value) and "s.gradplot" in str(info.value)
    with pytest.raises(SessionFileError):
        save_file(path, Session())  # and the refused file is not overwritten
    assert path.read_bytes() == data


def test_surrogates_cannot_be_built_either() -> None:
    with pytest.raises(ValueError, match="surrogate"):
        Session(source="x\ud800")
    with pytest.raises(ValueError, match="surrogate"):
        Slide(Text("\udc00"), Session())
    with pytest.raises(ValueError, match="surrogate"):
        Deck(Text("d", "\ud800"))


# any text JSON can carry, surrogates included
json_text = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=30
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(title=json_text, notes=json_text, source=json_text, reference=json_text)
def test_whatever_loads_can_be_saved(
    tmp_path_factory: pytest.TempPathFactory, title: str, notes: str, source: str, reference: str
) -> None:
    doc = {
        "format": "gradplot", "schema": 1,
        "session": {"source": source, "reference": reference},
        "deck": {"title": title, "slides": [
            {"title": {"en": title, "zh-Hans": notes}, "notes": notes,
             "session": {"source": source}},
        ]},
    }
    data = json.dumps(doc, ensure_ascii=True).encode("ascii")
    try:
        content = loads(data)
    except SessionFileError as exc:
        assert exc.reason == "invalid", exc
        return
    path = tmp_path_factory.mktemp("save") / "back.gradplot"
    save_file(path, content)
    assert load_file(path) == content
    write_autosave(content, directory=path.parent / "autosave")


# ------------------------------------------------------------------ read-only


@posix_only
@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_a_read_only_file_is_never_replaced(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "lesson.gradplot"
    save_file(path, Session(source="old(x)"))
    os.chmod(path, mode)
    before = path.read_bytes()
    assert is_read_only(path)
    for force in (False, True):
        with pytest.raises(SessionFileError) as info:
            save_file(path, Session(source="x**2"), force=force)
        assert info.value.reason == "read_only"
        assert "read-only" in str(info.value) and "Save As" in str(info.value)
    with pytest.raises(PermissionError):
        atomic_write_bytes(path, b"other bytes")  # exports and pictures too
    assert path.read_bytes() == before
    assert path.stat().st_mode & 0o777 == mode
    assert [p.name for p in tmp_path.iterdir()] == ["lesson.gradplot"]


@posix_only
def test_a_writable_file_is_not_read_only(tmp_path: Path) -> None:
    path = tmp_path / "a.gradplot"
    path.write_bytes(b"")
    os.chmod(path, 0o600)
    assert not is_read_only(path)
    assert not is_read_only(tmp_path / "missing.gradplot")


# ------------------------------------------------------------------ symlinks


@posix_only
@pytest.mark.parametrize("relative", [True, False])
def test_saving_through_a_symlink_writes_the_target_and_keeps_the_link(
    tmp_path: Path, relative: bool
) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    target = real_dir / "lesson.gradplot"
    save_file(target, Session(source="old(x)"))
    os.chmod(target, 0o640)
    links = tmp_path / "links"
    links.mkdir()
    link = links / "lesson.gradplot"
    link.symlink_to(os.path.relpath(target, links) if relative else target)
    save_file(link, Session(source="x**3"))
    assert link.is_symlink()
    assert link.resolve() == target.resolve()
    loaded = load_file(target).session
    assert loaded is not None and loaded.source == "x**3"
    assert target.stat().st_mode & 0o777 == 0o640
    # the temporary file lived next to the target, and nothing is left behind
    assert sorted(p.name for p in links.iterdir()) == ["lesson.gradplot"]
    assert sorted(p.name for p in real_dir.iterdir()) == ["lesson.gradplot"]


@posix_only
def test_a_chain_of_links_and_a_dangling_link(tmp_path: Path) -> None:
    target = tmp_path / "t.gradplot"
    save_file(target, Session(source="x"))
    one = tmp_path / "one.gradplot"
    two = tmp_path / "two.gradplot"
    one.symlink_to(target)
    two.symlink_to(one)
    save_file(two, Session(source="x + 1"))
    assert two.is_symlink() and one.is_symlink()
    assert load_file(target).session == Session(source="x + 1")
    dangling = tmp_path / "d.gradplot"
    dangling.symlink_to(tmp_path / "new.gradplot")
    save_file(dangling, Session(source="x - 1"))
    assert dangling.is_symlink()
    assert load_file(tmp_path / "new.gradplot").session == Session(source="x - 1")


@posix_only
def test_a_link_to_a_read_only_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "t.gradplot"
    save_file(target, Session())
    os.chmod(target, 0o444)
    link = tmp_path / "l.gradplot"
    link.symlink_to(target)
    before = target.read_bytes()
    with pytest.raises(SessionFileError) as info:
        save_file(link, Session(source="x"))
    assert info.value.reason == "read_only"
    assert target.read_bytes() == before and link.is_symlink()


# ------------------------------------------------------- ranges and the dtype


@pytest.mark.parametrize(
    ("values", "dtype", "bad"),
    [
        ((0.0, 1e308), "float32", True),
        ((-3.5e38, 0.0), "float32", True),
        ((0.0, 3.4e38), "float32", False),
        ((0.0, 1e308), "float64", False),
        ((-1.0, 1.0), "float32", False),
    ],
)
def test_a_range_the_dtype_cannot_hold(values: tuple[float, float], dtype: str, bad: bool) -> None:
    problem = dtype_range_problem(values, dtype)
    assert (problem is not None) == bad
    if bad:
        with pytest.raises(ValueError, match="float32"):
            Session(x_range=values, dtype="float32")
        with pytest.raises(ValueError, match="float32"):
            Session(x_values=(1.0, values[0] or values[1]), dtype="float32")
        doc = {"format": "gradplot", "schema": 1,
               "session": {"source": "x", "x_range": list(values), "dtype": "float32"}}
        with pytest.raises(SessionFileError) as info:
            loads(json.dumps(doc))
        assert info.value.reason == "invalid" and "float32" in str(info.value)
    else:
        assert Session(x_range=values, dtype=dtype).x_range == values  # type: ignore[arg-type]


# --------------------------------------------------- what loads saves the same


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(sessions(), st.none() | decks())
def test_a_loaded_file_saves_back_to_the_same_bytes(s: Session, deck: Deck | None) -> None:
    content = GradplotFile(session=s, deck=deck)
    data = dumps(content)
    assert dumps(loads(data)) == data


def test_an_unused_parameter_survives_a_round_trip() -> None:
    s = Session(source="sin(x)", parameters=(Parameter("unused", 0.123456789, -5.25, 5.125),))
    assert loads(dumps(s)).session == s


@pytest.mark.parametrize("rng", [(-2.1e-48, 0.0), (1.0, 1.0 + 1e-9), (1e-50, 2e-50)])
def test_a_range_with_no_width_in_float32_is_refused(rng: tuple[float, float]) -> None:
    with pytest.raises(ValueError, match="same float32 number"):
        Session(x_range=rng, dtype="float32")
    assert Session(x_range=rng, dtype="float64").x_range == rng
