"""Show as PyTorch: the generated script, run as plain PyTorch, gives the engine's numbers."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradplot.engine import Request, Result, evaluate
from gradplot.engine.namespace import known_names
from gradplot.engine.pytorch_script import (
    KNOWN_NAMES,
    input_variable,
    script_names,
    to_pytorch_script,
)
from gradplot.lessons import builtin_deck
from tests.notebook import CONTROL_FLOW, DETACH, X4

R = (-2.0, 2.5)


def run_script(script: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(script, "<pytorch script>", "exec"), namespace)
    return namespace


def as_numpy(t: torch.Tensor) -> np.ndarray[Any, np.dtype[np.float64]]:
    return t.detach().to(torch.float64).reshape(-1).numpy()


def compare(request: Request, *, scalar_output: bool | None = None) -> Result:
    result = evaluate(request)
    assert result.ok, result.error
    script = to_pytorch_script(request, scalar_output=scalar_output)
    ns = run_script(script)
    names = script_names(request)
    assert names["x"] == input_variable(request)
    x = ns[names["x"]]
    np.testing.assert_allclose(as_numpy(x), result.x, rtol=1e-6, atol=1e-7)
    assert x.grad is not None, script
    rtol, atol = (1e-5, 1e-5) if request.dtype == "float32" else (1e-10, 0.0)
    np.testing.assert_allclose(
        as_numpy(x.grad), result.derivatives[0], rtol=rtol, atol=atol, err_msg=script
    )
    for k in range(2, request.order + 1):
        np.testing.assert_allclose(
            as_numpy(ns[names[f"d{k}"]]),
            result.derivatives[k - 1],
            rtol=rtol,
            atol=atol,
            err_msg=script,
        )
    if request.vector_input:
        y = ns[names["y"]]
        expected = result.scalar_value if result.scalar_value is not None else result.f
        assert expected is not None
        want = np.atleast_1d(np.asarray(expected, dtype=np.float64))
        np.testing.assert_allclose(as_numpy(y), want, rtol=rtol, atol=atol)
    else:
        assert result.f is not None
        got = np.asarray(ns[names["values"]], dtype=np.float64)
        np.testing.assert_allclose(got, result.f, rtol=rtol, atol=atol)
    return result


SOURCES = [
    "sin(x)",
    "x**3 - 2*x",
    "exp(-x**2/2)",
    "where(x > 0, x, 0.1*x)",
    "2*dot(x, x)",
    "sqrt(dot(x, x))",
    "relu(x) + sigmoid(x) + tanh(x) + softplus(x)",
    "abs(x) + log1p(x**2) + atan(x) + sinh(x) - cosh(x) / 4",
    "clamp(x, -1, 1) + maximum(x, 0.5*x) + minimum(x, -x)",
    "sign(x) * x**2",
    "norm(x) + sum(x**2) + mean(x) + max(x) + min(x)",
    "max(x, 0.5) + min(x, 0.25)",
    "pi * x + e * x**2",
    "x % 1.5",
    "torch.sin(x) * torch.exp(-x)",
    "F.softplus(x) + torch.nn.functional.relu(x)",
    "x.sin() + x.pow(3) + x.clamp(min=0)",
    "a*sin(b*x)",
    "exp(a) * x + sin(1.0) * x + sqrt(2) * x",
    "sum([x, x**2, 3*x])",
    "(x > 0) * x**2",
    "x * 0.5 + 1e-3 * x**3 + 0x10 * x + 1_000e-3 * x",
    DETACH,
    "def g(t):\n    u = detach(t * t)\n    return u * t\n",
    "def g(t):\n    u = torch.detach(t * t)\n    return u * t + (t.detach() * 2).detach()\n",
    "def f(x):\n    '''doc'''\n    # comment\n    y = 0\n"
    "    for k in range(3):\n        y += x**k\n    return y\n",
    "def f(x):\n    y = x + 0\n    y *= 2\n    y -= 1\n    return y ** 2\n",
]


@pytest.mark.parametrize("source", SOURCES)
def test_vector_mode_matches_the_engine(source: str) -> None:
    compare(Request(source, x_range=R, points=41, params={"a": 1.5, "b": -0.75}))


@pytest.mark.parametrize("source", [DETACH, SOURCES[23], SOURCES[24]])
def test_detach_off_matches_the_engine(source: str) -> None:
    request = Request(source, x_range=R, points=41, detach=False)
    compare(request)
    script = to_pytorch_script(request)
    function = script.split("\ndef g(" if "def g(" in source else "\ndef f(", 1)[1]
    function = function.split("\n\n")[0]
    if ".detach(" in source:
        assert "removed below" in script
        assert "detach" not in function
    else:
        assert "detach(...) changes nothing" in script


@pytest.mark.parametrize(
    "source",
    [
        CONTROL_FLOW,
        "def f(x):\n    if abs(x) <= 1:\n        return 0.5 * x**2\n"
        "    else:\n        return abs(x) - 0.5\n",
        "def f(x):\n    y = x\n    while abs(y) >= 1:\n        y = y / 2\n    return y\n",
        "x**2 + sin(x)",
        "max(x, 0.5) + min(x, 0.0)",
    ],
)
def test_per_point_mode_matches_the_engine(source: str) -> None:
    compare(Request(source, x_range=(-3.0, 3.0), points=40, vector_input=False))


@pytest.mark.parametrize("order", [2, 3, 4])
@pytest.mark.parametrize("vector", [True, False])
@pytest.mark.parametrize("source", ["sin(x) * exp(-x/4)", "x**3 - 3*x", "2*dot(x, x)", "x"])
def test_higher_orders_match_the_engine(source: str, order: int, vector: bool) -> None:
    if not vector and "dot" in source:
        pytest.skip("dot of a 0-d tensor")
    compare(Request(source, x_range=R, points=21, order=order, vector_input=vector))


@pytest.mark.parametrize("passes", [1, 2, 3])
@pytest.mark.parametrize("zero", [True, False])
@pytest.mark.parametrize("order", [1, 2])
@pytest.mark.parametrize("vector", [True, False])
def test_passes_retain_and_zero_grad_match_the_engine(
    passes: int, zero: bool, order: int, vector: bool
) -> None:
    request = Request(
        "x**3 + sin(x)",
        x_range=R,
        points=15,
        backward_passes=passes,
        retain_graph=True,
        zero_grad=zero,
        order=order,
        vector_input=vector,
    )
    compare(request)


def test_float64_and_explicit_values() -> None:
    compare(Request("x**3 * exp(-x)", x_range=(-1.0, 2.0), points=33, dtype="float64"))
    compare(Request("sqrt(dot(x, x))", x_values=X4))
    compare(Request("x**2", x_values=(0.5, -1.25, 3.0), dtype="float64"))
    script = to_pytorch_script(Request("x", x_values=X4))
    assert "torch.arange(4.0, requires_grad=True)" in script
    assert "torch.pi" in to_pytorch_script(Request("x"))  # default range is ±2π


@pytest.mark.parametrize("hint", [None, True, False])
def test_scalar_output_hint(hint: bool | None) -> None:
    request = Request("2*dot(x, x)", x_values=X4)
    if hint is False:
        request = replace(request, source="x*x")
    compare(request, scalar_output=hint)
    script = to_pytorch_script(request, scalar_output=hint)
    if hint is True:
        assert "y.backward()" in script
    elif hint is False:
        assert "y.backward(torch.ones_like(y))" in script


def test_strict_backward_on_a_scalar_is_plain_backward() -> None:
    request = Request("sqrt(dot(x, x))", x_values=X4, strict_backward=True)
    compare(request)
    assert "y.backward()" in to_pytorch_script(request)


@pytest.mark.parametrize(
    ("request_", "kind", "message"),
    [
        (
            Request("sqrt(dot(x, x))", x_values=X4, backward_passes=2),
            "backward_twice",
            "second time",
        ),
        (
            Request(CONTROL_FLOW, x_values=X4, strict_backward=True),
            "nonscalar_backward",
            "scalar outputs",
        ),
        (Request("detach(x) * 2", x_values=X4), "no_grad", "does not require grad"),
    ],
)
def test_errors_are_the_same_errors(request_: Request, kind: str, message: str) -> None:
    result = evaluate(request_)
    assert result.error is not None and result.error.kind == kind
    with pytest.raises(RuntimeError, match=message):
        run_script(to_pytorch_script(request_))


def test_the_notebook_numbers_come_out() -> None:
    ns = run_script(to_pytorch_script(Request("2 * torch.dot(x, x)", x_values=X4)))
    assert ns["x"].grad.tolist() == [0.0, 4.0, 8.0, 12.0]
    request = Request(
        "sqrt(dot(x, x))", x_values=X4, backward_passes=2, retain_graph=True, zero_grad=False
    )
    ns = run_script(to_pytorch_script(request))
    np.testing.assert_allclose(ns["x"].grad.numpy(), [0, 0.5345, 1.0690, 1.6036], atol=1e-4)
    ns = run_script(to_pytorch_script(Request(CONTROL_FLOW, x_values=X4)))
    assert ns["a"].grad.tolist() == [512.0] * 4  # the notebook's own variable name


@pytest.mark.parametrize("slide", builtin_deck("d2l-autograd").slides, ids=lambda s: s.id)
def test_every_builtin_slide_as_pytorch(slide: Any) -> None:
    request = slide.session.to_request()
    if slide.expect_error is not None:
        with pytest.raises((RuntimeError, TypeError)):
            run_script(to_pytorch_script(request))
    else:
        compare(request)


def test_script_runs_in_a_plain_python() -> None:
    request = Request("a*sin(x) + relu(x)", x_range=(-1.0, 1.0), points=5, params={"a": 2.0})
    script = to_pytorch_script(request)
    assert "gradplot" not in "".join(line for line in script.splitlines() if "import" in line)
    done = subprocess.run(
        [sys.executable, "-I", "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "x.grad = tensor(" in done.stdout
    assert done.stderr == ""


def test_known_names_match_the_language() -> None:
    assert known_names() == KNOWN_NAMES


def test_only_the_names_used_are_imported() -> None:
    script = to_pytorch_script(Request("sin(x) + pi"))
    assert "from torch import sin\n" in script and "from math import pi\n" in script
    assert "def norm" not in script and "import builtins" not in script


def test_names_the_user_took_do_not_clash() -> None:
    # parameters called y, gradient, values and f; a function called torch
    compare(Request("y*x + gradient*x**2 + values + f", x_range=R, points=9, params={"y": 2.0}))
    compare(Request("def torch(x):\n    return x * 3\n", x_range=R, points=9))
    compare(Request("def f(x):\n    return x * y\n", x_range=R, points=9, vector_input=False))


def test_unreadable_source_still_gives_a_script() -> None:
    script = to_pytorch_script(Request("sin(x"))
    assert "cannot run this function" in script
    script = to_pytorch_script(Request("y = 1\nz = 2"))
    assert "cannot run this function" in script


# ------------------------------------------------------------------ random compositions

UNARY = ["sin", "cos", "tanh", "sigmoid", "softplus", "atan", "exp", "relu", "abs", "square"]


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from(["x", "x", "a", "0.5", "2", "pi"]))
    choice = draw(st.integers(0, 2))
    if choice == 0:
        fn = draw(st.sampled_from(UNARY))
        inner = draw(expressions(depth - 1))
        if fn == "exp":
            inner = f"tanh({inner})"
        return f"{fn}({inner})"
    op = draw(st.sampled_from(["+", "-", "*"]))
    return f"({draw(expressions(depth - 1))} {op} {draw(expressions(depth - 1))})"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(expressions(), st.booleans(), st.integers(1, 2), st.floats(-2, 2))
def test_random_compositions_match_the_engine(
    source: str, vector: bool, order: int, a: float
) -> None:
    request = Request(
        source, x_range=R, points=11, params={"a": a}, vector_input=vector, order=order
    )
    result = evaluate(request)
    if not result.ok:  # e.g. f without x: no graph to differentiate
        return
    if not re.search(r"\bx\b", source):  # a constant: gradplot draws 0, PyTorch refuses
        return
    compare(request)
