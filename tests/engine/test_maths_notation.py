"""A student's maths: every notation from class gets the Python that means it, never a guess.

Each case is typed as a student would; gradplot answers with a ``notation`` error whose
``fix`` is the corrected source. The fix is checked against plain PyTorch, so a
correction that changed the meaning fails here.
"""

from __future__ import annotations

import math
import subprocess
import sys
import warnings
from collections.abc import Callable

import numpy as np
import pytest
import torch

from gradplot.engine import Request, evaluate
from gradplot.engine.notation import RULES, correct
from tests.notebook import CONTROL_FLOW, DETACH

XS = (0.3, 0.7, 1.1, 1.9, 2.6)
T = Callable[[torch.Tensor], torch.Tensor]

# typed -> (the fix offered, the function it means, in plain torch)
CASES: dict[str, tuple[str, T]] = {
    # the list
    "x^2": ("x**2", lambda x: x**2),
    "2x": ("2*x", lambda x: 2 * x),
    "3x^2-4x": ("3*x**2-4*x", lambda x: 3 * x**2 - 4 * x),
    "|x|": ("abs(x)", torch.abs),
    "sqrt x": ("sqrt(x)", torch.sqrt),
    "ln(x)": ("log(x)", torch.log),
    "x²": ("x**2", lambda x: x**2),
    "√x": ("sqrt(x)", torch.sqrt),
    "f(x) = x**2": ("x**2", lambda x: x**2),
    "2(x+1)": ("2*(x+1)", lambda x: 2 * (x + 1)),
    "π*x": ("pi*x", lambda x: math.pi * x),
    # definitions
    "y = x^2": ("x**2", lambda x: x**2),
    "f(x) := x^2": ("x**2", lambda x: x**2),
    "y=2x+1": ("2*x+1", lambda x: 2 * x + 1),
    "f(t) = t^2": ("def f(t):\n    return t**2", lambda x: x**2),
    # powers
    "x³": ("x**3", lambda x: x**3),
    "x⁻¹": ("x**-1", lambda x: 1 / x),
    "e^x": ("e**x", torch.exp),
    "e^(-x^2)": ("e**(-x**2)", lambda x: torch.exp(-(x**2))),
    "2^x": ("2**x", lambda x: 2**x),
    "x^a": ("x**a", lambda x: x**1.0),  # a parameter (1.0): fails at run time on xor
    "sin^2(x)": ("sin(x)**2", lambda x: torch.sin(x) ** 2),
    "sin²(x)": ("sin(x)**2", lambda x: torch.sin(x) ** 2),
    "cos^2 x": ("cos(x)**2", lambda x: torch.cos(x) ** 2),
    "sin^-1(x/3)": ("asin(x/3)", lambda x: torch.asin(x / 3)),
    # products side by side
    "x(x+1)": ("x*(x+1)", lambda x: x * (x + 1)),
    "(x+1)(x-1)": ("(x+1)*(x-1)", lambda x: (x + 1) * (x - 1)),
    "2pi": ("2*pi", lambda x: torch.full_like(x, 2 * math.pi)),
    "2πx": ("2*pi*x", lambda x: 2 * math.pi * x),
    "2sin(x)": ("2*sin(x)", lambda x: 2 * torch.sin(x)),
    "x sin x": ("x * sin(x)", lambda x: x * torch.sin(x)),
    "sin(x)cos(x)": ("sin(x)*cos(x)", lambda x: torch.sin(x) * torch.cos(x)),
    "sin(x)(x+1)": ("sin(x)*(x+1)", lambda x: torch.sin(x) * (x + 1)),
    "(sin(x))(x)": ("(sin(x))*(x)", lambda x: torch.sin(x) * x),
    "a(x+1)": ("a*(x+1)", lambda x: 1.0 * (x + 1)),
    "2 x": ("2 * x", lambda x: 2 * x),
    "0.5x^2": ("0.5*x**2", lambda x: 0.5 * x**2),
    # functions without brackets, glued, or by another name
    "sin x": ("sin(x)", torch.sin),
    "sin 2x": ("sin(2*x)", lambda x: torch.sin(2 * x)),
    "sin x^2 + 1": ("sin(x**2) + 1", lambda x: torch.sin(x**2) + 1),
    "sinx": ("sin(x)", torch.sin),
    "cos2x": ("cos(2*x)", lambda x: torch.cos(2 * x)),
    "ln x": ("log(x)", torch.log),
    "lnx": ("log(x)", torch.log),
    "lg(x)": ("log10(x)", torch.log10),
    "log_2(x)": ("log2(x)", torch.log2),
    "log_10 x": ("log10(x)", torch.log10),
    "arcsin(x/3)": ("asin(x/3)", lambda x: torch.asin(x / 3)),
    "arctan(x)": ("atan(x)", torch.atan),
    "tg(x)": ("tan(x)", torch.tan),
    "arctg x": ("atan(x)", torch.atan),
    "cot(x)": ("(1/tan(x))", lambda x: 1 / torch.tan(x)),
    "sec x": ("(1/cos(x))", lambda x: 1 / torch.cos(x)),
    "sgn(x-1)": ("sign(x-1)", lambda x: torch.sign(x - 1)),
    "Sin(x)": ("sin(x)", torch.sin),
    "√(x²+1)": ("sqrt(x**2+1)", lambda x: torch.sqrt(x**2 + 1)),
    "2√x": ("2*sqrt(x)", lambda x: 2 * torch.sqrt(x)),
    "ln|x|": ("log(abs(x))", lambda x: torch.log(torch.abs(x))),
    # absolute values
    "|x-1| + |x+1|": ("abs(x-1) + abs(x+1)", lambda x: torch.abs(x - 1) + torch.abs(x + 1)),
    "||x|-1|": ("abs(abs(x)-1)", lambda x: torch.abs(torch.abs(x) - 1)),
    "2|x|": ("2*abs(x)", lambda x: 2 * torch.abs(x)),
    # symbols from a maths keyboard or an input method
    "2·x": ("2*x", lambda x: 2 * x),
    "x·2": ("x*2", lambda x: x * 2),  # x·2 is one Python name: a slider
    "x·|x|(x)": ("x*abs(x)*(x)", lambda x: x * torch.abs(x) * x),
    "3×x": ("3*x", lambda x: 3 * x),
    "x÷2": ("x/2", lambda x: x / 2),
    "x−1": ("x-1", lambda x: x - 1),
    "½x": ("(1/2)*x", lambda x: x / 2),
    "sin(30°)*x": ("sin(30*pi/180)*x", lambda x: math.sin(math.pi / 6) * x),
    "x（x+1）": ("x*(x+1)", lambda x: x * (x + 1)),
    "5!*x": ("120*x", lambda x: 120 * x),
    "2,5x": ("2.5*x", lambda x: 2.5 * x),
    "X^2 + 1": ("x**2 + 1", lambda x: x**2 + 1),
    "3X": ("3*x", lambda x: 3 * x),
    "x^{2}": ("x**(2)", lambda x: x**2),
    "e^{-x}": ("e**(-x)", lambda x: torch.exp(-x)),
    "x^(1/2)": ("x**(1/2)", torch.sqrt),
    "abs x": ("abs(x)", torch.abs),
    # inside a function
    "def f(x):\n    return 2x": ("def f(x):\n    return 2*x", lambda x: 2 * x),
    "def f(x):\n    y = x^x\n    return y": (
        "def f(x):\n    y = x**x\n    return y", lambda x: x**x
    ),
}

# valid Python (some of it looks like maths): never corrected, never changes meaning
VALID: dict[str, T] = {
    "x**2": lambda x: x**2,
    "2*dot(x, x)": lambda x: torch.full_like(x, 2 * float(torch.dot(x, x))),
    "where((x > 1) ^ (x > 2), x, 0.)": lambda x: torch.where((x > 1) ^ (x > 2), x, 0.0),
    "where((x > 1) | (x < 0.5), x, 0.)": lambda x: torch.where((x > 1) | (x < 0.5), x, 0.0),
    "abs(x - 1) * sin(x)": lambda x: torch.abs(x - 1) * torch.sin(x),
    "e**x": torch.exp,
    "def f(a):\n    g = sin\n    return g(a)": torch.sin,
    "[sin, cos][1](x)": torch.cos,
    "def f(x):\n    def times(a):\n        return lambda t: a * t\n    return times(3)(x)": (
        lambda x: 3 * x
    ),
    "(lambda t: t * 2)(x)": lambda x: 2 * x,
    "def f(x):\n    sinx = sin(x)\n    return sinx * 2": lambda x: 2 * torch.sin(x),
    "2 * (x + 1)": lambda x: 2 * (x + 1),
    "1e3 * x": lambda x: 1000 * x,
    "0x10 * x": lambda x: 16 * x,
    "max(2,5)*x": lambda x: 5 * x,
    "def f(x):\n    X = 2\n    return X * x": lambda x: 2 * x,
    "where(x > minx, x, 0.)": lambda x: torch.where(x > 1.0, x, 0.0),  # minx: a slider
}


def fails_with_fix(source: str) -> tuple[str, str]:
    result = evaluate(Request(source=source, x_values=XS, dtype="float64"))
    info = result.error
    assert info is not None, f"{source!r} was drawn as {result.f}"
    assert info.kind == "notation", (source, info)
    assert info.fix is not None and info.hint == info.fix
    assert info.explanation.strip() and info.title.strip()
    return info.fix, info.explanation


@pytest.mark.parametrize("source", sorted(CASES))
def test_maths_notation_gets_its_python(source: str) -> None:
    expected_fix, reference = CASES[source]
    fix, explanation = fails_with_fix(source)
    assert fix == expected_fix
    fixed = evaluate(Request(source=fix, x_values=XS, dtype="float64"))
    assert fixed.error is None, fixed.error
    x = torch.tensor(XS, dtype=torch.float64)
    np.testing.assert_allclose(fixed.f, reference(x).numpy(), rtol=1e-12)
    for sentence in explanation.split(". "):
        assert sentence.strip()


@pytest.mark.parametrize("source", sorted(VALID))
def test_valid_python_is_left_alone(source: str) -> None:
    result = evaluate(Request(source=source, x_values=XS, dtype="float64"))
    assert result.error is None, result.error
    x = torch.tensor(XS, dtype=torch.float64)
    np.testing.assert_allclose(result.f, VALID[source](x).numpy(), rtol=1e-12)


@pytest.mark.parametrize("source", [CONTROL_FLOW, DETACH, "def f(a):\n    return a * 2"])
def test_the_notebooks_functions_are_left_alone(source: str) -> None:
    result = evaluate(Request(source=source, x_values=XS))
    assert result.error is None or result.error.kind != "notation"


def test_every_rule_is_used_and_said() -> None:
    used: set[str] = set()
    for source in CASES:
        fixed = correct(source)
        if fixed is not None:
            used.update(fixed.rules)
    # lint-only cases (valid Python): their rule comes from the compiler
    used.update({"symbols", "times"})
    assert used == set(RULES)


@pytest.mark.parametrize("source", ["x!", "sin(x", "x +* 2", "(x+1)!"])
def test_no_fix_is_offered_when_none_is_known(source: str) -> None:
    result = evaluate(Request(source=source, x_values=XS))
    assert result.error is not None
    assert result.error.fix is None
    assert result.error.explanation.strip()
    if "!" in source:  # still said in plain words: there is no ! in Python
        assert result.error.kind == "notation"
        assert "no ! operator" in result.error.explanation
    else:
        assert result.error.kind == "syntax"


def test_a_fix_is_never_offered_outside_the_sandbox() -> None:
    for source in ("import os", "__import__('os')", "x.__class__", "open('f')", "2x.__class__",
                   "f(x) = __import__('os')", "f(t) = t; import os", "y = x.__class__",
                   "2x + open('f')", "|x|.__class__", "sin x.__dict__"):
        result = evaluate(Request(source=source, x_values=XS))
        assert result.error is not None
        assert result.error.fix is None, source


def test_no_python_warning_is_raised_in_process() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for source in ("2(x+1)", "x is 1", "'\\d' and x", "3(x)"):
            evaluate(Request(source=source, x_values=XS))


def test_the_cli_says_try_and_prints_no_warning() -> None:
    proc = subprocess.run(
        [sys.executable, "-W", "default", "-m", "gradplot", "eval", "2(x+1)", "--points", "3"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 1
    assert "Try: 2*(x+1)" in proc.stderr
    assert "Warning" not in proc.stderr
    assert proc.stdout == ""
