"""The headless CLI, driven as a user would: through a subprocess."""

from __future__ import annotations

import csv
import io
import math
import subprocess
import sys
from pathlib import Path

import pytest


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gradplot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def rows(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout)))


def test_eval_writes_csv_of_x_f_df() -> None:
    proc = run_cli("eval", "2*dot(x, x)", "--x", "0", "1", "2", "3")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "x,f,df"
    table = rows(proc.stdout)
    assert [float(r["df"]) for r in table] == [0.0, 4.0, 8.0, 12.0]
    # a scalar f is repeated on every row
    assert {float(r["f"]) for r in table} == {28.0}


def test_eval_higher_orders_add_columns() -> None:
    proc = run_cli("eval", "x**4", "--range", "-1", "1", "--points", "5", "--order", "4",
                   "--dtype", "float64")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "x,f,df,d2f,d3f,d4f"
    table = rows(proc.stdout)
    assert len(table) == 5
    for r in table:
        x = float(r["x"])
        assert math.isclose(float(r["d3f"]), 24 * x, abs_tol=1e-9)
        assert float(r["d4f"]) == 24.0


def test_eval_toggles_match_the_notebook() -> None:
    base = ("eval", "sqrt(dot(x, x))", "--x", "0", "1", "2", "3")
    one = rows(run_cli(*base).stdout)
    two = rows(run_cli(*base, "--passes", "2", "--retain-graph", "--no-zero-grad").stdout)
    for a, b in zip(one, two, strict=True):
        assert math.isclose(2 * float(a["df"]), float(b["df"]), rel_tol=1e-6)
    detached = "def f(x):\n    y = x * x\n    u = y.detach()\n    return u * x\n"
    cut = rows(run_cli("eval", detached, "--x", "2").stdout)
    through = rows(run_cli("eval", detached, "--x", "2", "--no-detach").stdout)
    assert float(cut[0]["df"]) == 4.0
    assert float(through[0]["df"]) == 12.0


def test_eval_params_and_scalar_mode() -> None:
    proc = run_cli("eval", "a*x + b", "--param", "a=3", "--param", "b=-1", "--x", "2",
                   "--scalar")
    assert proc.returncode == 0, proc.stderr
    (row,) = rows(proc.stdout)
    assert float(row["f"]) == 5.0
    assert float(row["df"]) == 3.0


def test_source_from_stdin_and_file(tmp_path: Path) -> None:
    path = tmp_path / "f.py"
    path.write_text("def f(x):\n    return x * x\n", encoding="utf-8")
    from_file = run_cli("eval", f"@{path}", "--x", "3")
    from_stdin = run_cli("eval", "-", "--x", "3", stdin=path.read_text(encoding="utf-8"))
    assert from_file.returncode == from_stdin.returncode == 0
    assert from_file.stdout == from_stdin.stdout
    assert float(rows(from_file.stdout)[0]["df"]) == 6.0


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (("eval", "sin(x"), "syntax"),
        (("eval", "import os"), "refused"),
        (("eval", "sinn(x)"), "name"),
        (("eval", "x.sum()", "--strict-backward"), "no_grad_or_ok"),
        (("eval", "x*x", "--strict-backward"), "nonscalar_backward"),
        (("eval", "sqrt(dot(x, x))", "--passes", "2"), "backward_twice"),
        (("eval", "x.detach() * 2"), "no_grad"),
        (("eval", "def f(x):\n    while True:\n        pass\n", "--timeout", "0.5"), "timeout"),
        (("eval", "x", "--order", "9"), "request"),
    ],
)
def test_user_errors_exit_1_with_a_kind_and_no_traceback(args: tuple[str, ...], kind: str) -> None:
    proc = run_cli(*args)
    assert "Traceback" not in proc.stderr
    if kind == "no_grad_or_ok":  # a scalar output is fine for strict backward
        assert proc.returncode == 0, proc.stderr
        return
    assert proc.returncode == 1
    first = proc.stderr.splitlines()[0]
    assert first.startswith(f"error: {kind}: "), proc.stderr
    assert proc.stdout == ""


def test_bad_arguments_and_missing_files_are_usage_errors(tmp_path: Path) -> None:
    for args in (("eval",), ("eval", "x", "--points", "many"),
                 ("eval", f"@{tmp_path / 'missing.py'}"), ("eval", "x", "--param", "a")):
        proc = run_cli(*args)
        assert proc.returncode == 1, args
        assert proc.stderr.startswith("error: usage: "), proc.stderr
        assert "Traceback" not in proc.stderr


def test_version() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0
    from gradplot import __version__

    assert proc.stdout.strip() == f"gradplot {__version__}"


def test_notes_go_to_stderr_not_into_the_csv() -> None:
    proc = run_cli("eval", "log(x)", "--range", "-1", "1", "--points", "5")
    assert proc.returncode == 0
    assert "note:" in proc.stderr
    assert all(line.count(",") == 2 for line in proc.stdout.splitlines())
