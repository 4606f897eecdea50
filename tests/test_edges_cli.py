"""The command line at the edges, driven through a subprocess as a user would.

The convention every path follows: exit status 0 on success; 1 on any mistake, with
stderr's first line starting ``error:`` (``error: usage:`` for the command line
itself); never a traceback, never a signal, never a wait for input that cannot come.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradplot.io.arguments import MAX_SOURCE_FILE_BYTES, read_source
from gradplot.io.errors import UsageError

REPO = Path(__file__).resolve().parents[1]
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="named pipes: POSIX")


def run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None, home: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["QT_QPA_PLATFORM"] = "offscreen"
    if home is not None:
        env["XDG_CONFIG_HOME"] = str(home / "config")
        env["XDG_DATA_HOME"] = str(home / "data")
    return subprocess.run(
        [sys.executable, "-m", "gradplot", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=180,  # a hang guard only
        check=False,
        cwd=cwd,
        env=env,
    )


def assert_error(proc: subprocess.CompletedProcess[bytes], *words: str, usage: bool = False) -> str:
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, (proc.returncode, err)
    assert "Traceback" not in err, err
    first = err.splitlines()[0]
    assert first.startswith("error: usage: " if usage else "error: "), err
    for word in words:
        assert word in err, (word, err)
    return err


def csv_x(proc: subprocess.CompletedProcess[bytes]) -> list[float]:
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode().splitlines()
    assert lines[0].startswith("x,f,df")
    return [float(line.split(",")[0]) for line in lines[1:]]


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("lo", "hi"),
    [("-1e-3", "1"), ("-1E3", "-1e-9"), ("-.5", ".5"), ("-5.", "5"), ("-2.5e+1", "1e1"),
     ("-1_000", "0")],
)
def test_every_negative_number_parses_in_a_range(lo: str, hi: str) -> None:
    xs = csv_x(run("eval", "x", "--range", lo, hi, "--points", "2", "--dtype", "float64"))
    assert xs == [float(lo), float(hi)]


def test_negative_numbers_in_scientific_notation_as_x_values() -> None:
    xs = csv_x(run("eval", "x", "--x", "-2e-1", "-1E2", "3", "--dtype", "float64"))
    assert xs == [-0.2, -100.0, 3.0]
    proc = run("eval", "x*x", "--x", "-1e-1", "--param", "-1")  # -1 is a value, not an option
    assert_error(proc, "--param", usage=True)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e12", "0", "-1", "soon", "1e400"])
def test_timeout_is_bounded(value: str) -> None:
    assert_error(run("eval", "x", "--x", "1", "--timeout", value), "--timeout", usage=True)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e12", "0", "-5", "soon"])
def test_window_timeout_is_bounded(tmp_path: Path, value: str) -> None:
    out = tmp_path / "shot.png"
    proc = run("x", "--screenshot", str(out), "--timeout", value, home=tmp_path)
    assert_error(proc, "--timeout", usage=True)
    assert not out.exists()


@pytest.mark.parametrize(
    "size", ["100000x100000", "0x0", "10x10", "1200x0", "8001x600", "axb", "1200", "-5x-5",
             "99999999999x1"],
)
def test_window_size_is_bounded(tmp_path: Path, size: str) -> None:
    out = tmp_path / "shot.png"
    proc = run("x", "--screenshot", str(out), "--size", size, home=tmp_path)
    assert_error(proc, "--size", usage=True)
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--range", "0", "1e308"), ("float32",)),
        (("--range", "-1e39", "0"), ("float32",)),
        (("--x", "1", "4e38"), ("float32",)),
        (("--range", "-1e308", "1e308", "--dtype", "float64"), ("too wide",)),
        (("--range", "1", "1"), ("below",)),
        (("--range", "2", "1"), ("below",)),
        (("--range", "nan", "1"), ("finite",)),
        (("--x", "inf"), ("finite",)),
    ],
)
def test_a_range_the_dtype_cannot_hold_is_refused(args: tuple[str, ...], words: tuple[str]) -> None:
    assert_error(run("eval", "x", "--points", "3", *args), *words, usage=True)
    assert_error(run("render", "x", "-o", "never.png", "--points", "3", *args), *words,
                 usage=True)


def test_float64_holds_what_float32_cannot() -> None:
    xs = csv_x(run("eval", "x", "--range", "0", "1e308", "--points", "2", "--dtype", "float64"))
    assert xs == [0.0, 1e308]


# ------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("source", "param", "free"),
    [("x", "x=5", "none"), ("sin(x)", "sin=2", "none"), ("a*x", "b=1", "a"),
     ("def f(t):\n    return t * k\n", "t=3", "k"), ("a*x + b", "pi=3", "a, b")],
)
def test_a_param_that_is_not_a_free_name_is_an_error(source: str, param: str, free: str) -> None:
    name = param.split("=")[0]
    for command in (("eval", source, "--x", "1"), ("render", source, "-o", "never.png")):
        err = assert_error(run(*command, "--param", param), f"--param {name}", free, usage=True)
        assert "not a free name" in err


def test_a_free_name_param_is_used() -> None:
    proc = run("eval", "a*x + b", "--x", "2", "--param", "a=-1e-1", "--param", "b=1")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().splitlines()[1] == "2,0.800000012,-0.100000001"


def test_an_error_of_f_comes_before_a_param_complaint() -> None:
    assert_error(run("eval", "sin(x", "--param", "q=1"), "syntax")


# ---------------------------------------------------------------- sources


@pytest.mark.parametrize(
    ("data", "outcome"),
    [
        (b"x*2", "ok"),
        (b"\xef\xbb\xbfx*2", "ok"),  # a BOM is dropped
        (b"x*2\r\n", "ok"),
        (b"\xff\xfe x", "not UTF-8"),
        (b"x + \xe9", "not UTF-8"),
        (b"\xed\xa0\x80", "not UTF-8"),  # a UTF-8-encoded surrogate is not UTF-8
    ],
)
def test_stdin_and_a_file_read_a_source_one_way(tmp_path: Path, data: bytes, outcome: str) -> None:
    path = tmp_path / "f.py"
    path.write_bytes(data)
    via_file = run("eval", f"@{path}", "--x", "3")
    via_stdin = run("eval", "-", "--x", "3", stdin=data)
    if outcome == "ok":
        assert via_file.returncode == via_stdin.returncode == 0, via_stdin.stderr
        assert via_file.stdout == via_stdin.stdout
        assert via_stdin.stdout.decode().splitlines()[1] == "3,6,2"
    else:
        assert_error(via_file, outcome, usage=True)
        assert_error(via_stdin, outcome, "standard input", usage=True)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64))
def test_read_source_treats_stdin_and_a_file_alike(data: bytes) -> None:
    # in-process: the same bytes give the same text or the same kind of refusal
    import tempfile

    with tempfile.NamedTemporaryFile(delete=False) as handle:
        handle.write(data)
    try:
        outcomes = []
        for spec, stdin in ((f"@{handle.name}", None), ("-", io.BytesIO(data))):
            try:
                outcomes.append(("text", read_source(spec, stdin)))
            except UsageError as exc:
                outcomes.append(("error", "not UTF-8" in str(exc)))
        assert outcomes[0] == outcomes[1]
    finally:
        os.unlink(handle.name)


@posix_only
def test_a_closed_stdin_is_a_usage_error() -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run(["sh", "-c", f"{sys.executable} -m gradplot eval - --x 1 <&-"],
                          capture_output=True, timeout=180, env=env, check=False)
    assert_error(proc, "no standard input", usage=True)


def test_an_over_long_source_is_refused_either_way(tmp_path: Path) -> None:
    data = b"x" * (MAX_SOURCE_FILE_BYTES + 1)
    path = tmp_path / "big.py"
    path.write_bytes(data)
    assert_error(run("eval", f"@{path}"), "larger than", usage=True)
    assert_error(run("eval", "-", stdin=data), "larger than", usage=True)


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_at_path_that_is_not_a_file_does_not_wait(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "f.py"
    if kind == "fifo":
        os.mkfifo(path)  # nobody will ever write to it
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path("/dev/zero")
    word = {"fifo": "named pipe", "folder": "folder", "device": "device"}[kind]
    assert_error(run("eval", f"@{path}", "--x", "1"), word, usage=True)
    assert_error(run("render", f"@{path}", "-o", str(tmp_path / "o.png")), word, usage=True)
    assert_error(run(f"@{path}", "--screenshot", str(tmp_path / "s.png"), home=tmp_path),
                 word, usage=True)
    assert not (tmp_path / "o.png").exists() and not (tmp_path / "s.png").exists()


# ------------------------------------------------ the window's file argument


DAMAGED = b'{"format": "gradplot", "schema": 1, "deck": {'
NEWER = b'{"format": "gradplot", "schema": 99, "session": {"source": "x"}}'
SURROGATE = b'{"format": "gradplot", "schema": 1, "deck": {"title": "\\ud800", "slides": []}}'


@pytest.mark.parametrize(
    ("kind", "words"),
    [("damaged", ("damaged",)), ("newer", ("newer version",)), ("surrogate", ("surrogate",)),
     ("missing", ("does not exist",)), ("folder", ("folder",)), ("fifo", ("named pipe",)),
     ("not_gradplot", ("not a gradplot file",))],
)
def test_screenshot_of_a_refused_file_fails_and_draws_nothing(
    tmp_path: Path, kind: str, words: tuple[str, ...]
) -> None:
    if kind == "fifo" and sys.platform == "win32":
        pytest.skip("named pipes: POSIX")
    path = tmp_path / "x.gradplot"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind != "missing":
        path.write_bytes({"damaged": DAMAGED, "newer": NEWER, "surrogate": SURROGATE,
                          "not_gradplot": b'{"a": 1}'}[kind])
    before = path.read_bytes() if path.is_file() else None
    out = tmp_path / "shot.png"
    proc = run(str(path), "--screenshot", str(out), home=tmp_path)
    assert_error(proc, "x.gradplot", *words)
    assert not out.exists()
    if before is not None:
        assert path.read_bytes() == before


def test_screenshot_of_a_good_file_works(tmp_path: Path) -> None:
    path = tmp_path / "ok.gradplot"
    path.write_bytes(b'{"format": "gradplot", "schema": 1, "session": {"source": "x*x"}}')
    before = path.read_bytes()
    out = tmp_path / "shot.png"
    proc = run(str(path), "--screenshot", str(out), home=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.read_bytes() == before


def test_a_path_is_not_a_function(tmp_path: Path) -> None:
    (tmp_path / "lessons").mkdir()
    (tmp_path / "f.py").write_text("x*x", encoding="utf-8")
    out = tmp_path / "shot.png"
    cases = [(str(tmp_path / "lessons"), "folder"), ("./lessons", "folder"),
             ("lessons/", "folder"), ("./f.py", "write @./f.py")]
    if sys.platform != "win32":
        os.mkfifo(tmp_path / "pipe")
        cases.append(("./pipe", "not a regular file"))
    for spec, words in cases:
        proc = run(spec, "--screenshot", str(out), cwd=tmp_path, home=tmp_path)
        assert_error(proc, words, usage=True)
    assert not out.exists()


@posix_only
def test_screenshot_through_a_symlink_and_onto_a_read_only_picture(tmp_path: Path) -> None:
    real = tmp_path / "real.png"
    real.write_bytes(b"old")
    link = tmp_path / "link.png"
    link.symlink_to(real)
    proc = run("x", "--screenshot", str(link), home=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert link.is_symlink() and real.read_bytes()[:4] == b"\x89PNG"
    os.chmod(real, 0o444)
    before = real.read_bytes()
    assert_error(run("x", "--screenshot", str(real), home=tmp_path), "read-only")
    assert real.read_bytes() == before


# ------------------------------------------------------------ the convention


@pytest.mark.parametrize(
    "args",
    [("eval",), ("eval", "x", "--bogus"), ("eval", "x", "--points", "many"),
     ("eval", "x", "--range", "1"), ("eval", "x", "--dtype", "float16"),
     ("render", "x"), ("render", "x", "-o", "a.gif"), ("render", "x", "-o", "a.png",
                                                       "--width", "100000"),
     ("--bogus",), ("a", "b"), ("--screenshot",), ("x", "--size", "big")],
)
def test_every_usage_error_is_status_1_with_error_usage_first(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    err = assert_error(run(*args, home=tmp_path, cwd=tmp_path), usage=True)
    assert "usage: gradplot" in err  # the usage line follows the message
    assert not any(tmp_path.glob("*.png"))


def test_help_is_status_0() -> None:
    for args in (("--help",), ("eval", "--help"), ("render", "--help")):
        proc = run(*args)
        assert proc.returncode == 0 and proc.stdout.startswith(b"usage: gradplot")


@posix_only
def test_a_closed_output_pipe_ends_quietly(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    # the reader takes one line and leaves; the writer must not print a traceback
    script = (
        f"{sys.executable!s} -m gradplot eval x --points 200000 2>{tmp_path / 'err'} "
        "| head -n 1"
    )
    proc = subprocess.run(["sh", "-c", script], capture_output=True, timeout=180, env=env,
                          check=False)
    assert proc.stdout == b"x,f,df\n"
    assert b"Traceback" not in (tmp_path / "err").read_bytes()
