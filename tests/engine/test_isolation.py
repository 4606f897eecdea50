"""The engine imports no Qt, and importing it does not load torch until evaluate is used."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

FORBIDDEN = ("PySide6", "pyqtgraph", "shiboken6", "shiboken", "superqt", "gradplot.ui")


def _run(code: str) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, "-I", "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    data: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    return data


def _forbidden(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]


def test_engine_evaluates_without_qt() -> None:
    data = _run(
        """
        import json, sys
        from gradplot.engine import Request, evaluate
        r = evaluate(Request(source="2*dot(x, x)", x_values=(0.0, 1.0, 2.0, 3.0)))
        print(json.dumps({"df": [float(v) for v in r.df], "modules": sorted(sys.modules)}))
        """
    )
    assert data["df"] == [0.0, 4.0, 8.0, 12.0]
    modules = data["modules"]
    assert isinstance(modules, list)
    assert _forbidden(modules) == []
    assert "torch" in modules


def test_importing_the_engine_does_not_import_torch() -> None:
    data = _run(
        """
        import json, sys
        import gradplot.engine
        from gradplot.engine import Request, Result, ErrorInfo
        print(json.dumps({"modules": sorted(sys.modules)}))
        """
    )
    modules = data["modules"]
    assert isinstance(modules, list)
    assert "torch" not in modules
    assert "gradplot.engine.evaluation" not in modules
    assert _forbidden(modules) == []
