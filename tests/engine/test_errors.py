"""Every ErrorInfo kind triggered and checked, and the other semantics of evaluate()."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from gradplot.engine import ErrorInfo, Request, Result, evaluate
from tests.notebook import X4

AUTOGRAD_KINDS = {"nonscalar_backward", "backward_twice", "no_grad", "inplace"}


def failure(source: str, kind: str, **kwargs: Any) -> ErrorInfo:
    kwargs.setdefault("x_values", X4)
    result = evaluate(Request(source=source, **kwargs))
    info = result.error
    assert info is not None, f"{source!r} did not fail"
    assert info.kind == kind, (source, info)
    assert info.title.strip() and info.explanation.strip()
    if kind in AUTOGRAD_KINDS:
        assert info.hint.strip()
    for text in (info.title, info.explanation, info.hint, info.raw, *info.details.values()):
        assert "Traceback" not in text
        assert 'File "' not in text
    return info


def ok(source: str, **kwargs: Any) -> Result:
    kwargs.setdefault("x_values", X4)
    result = evaluate(Request(source=source, **kwargs))
    assert result.error is None, result.error
    return result


def test_syntax_error_has_line_and_column() -> None:
    info = failure("def f(x):\n    y = x +\n    return y", "syntax")
    assert info.line == 2 and info.column is not None
    info = failure("sin(x", "syntax")
    assert info.line == 1
    info = failure("x $ 2", "syntax")
    assert (info.line, info.column) == (1, 3)
    failure("   ", "syntax")


def test_refused_names_what_and_where() -> None:
    info = failure("def f(x):\n    return x + open('a')", "refused")
    assert "open" in info.title
    assert (info.line, info.column) == (2, 16)


def test_unknown_function_with_did_you_mean() -> None:
    info = failure("sinn(x)", "name")
    assert "sin" in info.title and "sin" in info.hint
    assert (info.line, info.column) == (1, 1)
    assert "sin" in info.details["suggestions"]


def test_unknown_tensor_method_with_did_you_mean() -> None:
    info = failure("def f(x):\n    return x.sinn()", "name")
    assert "sin" in info.hint
    assert info.line == 2


def test_unknown_torch_member() -> None:
    info = failure("torch.sinn(x)", "name")
    assert "torch.sin" in info.hint


def test_name_used_before_assignment() -> None:
    info = failure("def f(x):\n    if x.sum() > 100:\n        y = x\n    return y", "name")
    assert "y" in info.title and info.line == 4


def test_type_error() -> None:
    info = failure("def f(x):\n    return x + 'a'", "type")
    assert info.line == 2
    failure("x * 1j", "type")


def test_shape_errors() -> None:
    info = failure("dot(x, x[0:2])", "shape")
    assert info.line == 1
    failure("def f(x):\n    return x[0:2]", "shape")
    info = failure("def f(x):\n    if x > 1:\n        return x\n    return -x", "shape")
    assert "all()" in info.hint and info.line == 2


def test_runtime_error() -> None:
    info = failure("def f(x):\n    return x[10]", "shape")
    assert info.line == 2
    info = failure("def f(x):\n    y = 1 / 0\n    return x", "runtime")
    assert info.line == 2


def test_timeout() -> None:
    info = failure("def f(x):\n    while True:\n        x = x\n    return x", "timeout",
                   time_limit=0.3)
    assert info.line is not None and "0.3 s" in info.raw
    assert info.details["limit"] == "time"


def test_nonscalar_backward() -> None:
    info = failure("x * x", "nonscalar_backward", strict_backward=True)
    assert "ones_like" in info.hint
    assert "scalar" in info.raw


def test_backward_twice() -> None:
    info = failure("sin(x)", "backward_twice", backward_passes=2)
    assert "retain_graph" in info.hint
    assert "second time" in info.raw


def test_no_grad_everything_detached() -> None:
    info = failure("def f(x):\n    y = x * x\n    return y.detach()", "no_grad")
    assert "does not require grad" in info.raw


def test_inplace_on_the_leaf() -> None:
    failure("def f(x):\n    x.add_(1)\n    return x", "inplace")
    failure("def f(x):\n    x += 1\n    return x", "inplace")


def test_inplace_on_a_saved_tensor() -> None:
    info = failure("def f(x):\n    y = x.exp()\n    y.add_(1)\n    return y", "inplace")
    assert "in-place" in info.raw or "inplace" in info.raw


@pytest.mark.parametrize(
    "settings",
    [
        {"order": 0},
        {"order": 5},
        {"backward_passes": 0},
        {"backward_passes": 99},
        {"time_limit": 0.0},
        {"time_limit": 1e9},
        {"dtype": "float16"},
        {"x_range": (1.0, 1.0), "x_values": None},
        {"x_range": (math.nan, 1.0), "x_values": None},
        {"points": 0, "x_values": None},
        {"points": 10**9, "x_values": None},
        {"x_values": ()},
        {"x_values": (math.inf,)},
        {"params": {"a": "abc"}},
        {"params": {"a": math.nan}},
    ],
)
def test_request_errors(settings: dict[str, Any]) -> None:
    failure("a * x", "request", **settings)


def test_cancel_stops_early() -> None:
    calls = 0

    def cancel() -> bool:
        nonlocal calls
        calls += 1
        return calls > 3

    result = evaluate(
        Request(source="def f(x):\n    while True:\n        x = x\n    return x", time_limit=5),
        cancel=cancel,
    )
    assert result.error is not None and result.error.kind == "cancelled"
    result = evaluate(Request(source="sin(x)", points=50, vector_input=False), cancel=cancel)
    assert result.error is not None and result.error.kind == "cancelled"


def test_progress_per_point() -> None:
    seen: list[tuple[int, int]] = []
    result = evaluate(
        Request(source="sin(x)", points=250, vector_input=False),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result.error is None
    assert seen and seen[-1] == (250, 250)
    assert all(total == 250 for _, total in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


# -- other semantics -------------------------------------------------------------------------


def test_parameters_are_listed_defaulted_and_used() -> None:
    r = ok("a*sin(b*x)", dtype="float64")
    assert r.param_names == ("a", "b")
    np.testing.assert_allclose(r.f, np.sin(X4))
    r = ok("a*sin(b*x)", params={"a": 2.0, "b": 3.0}, dtype="float64")
    np.testing.assert_allclose(r.f, 2 * np.sin(3 * np.array(X4)))
    np.testing.assert_allclose(r.df, 6 * np.cos(3 * np.array(X4)))


def test_float64_dtype() -> None:
    r = ok("x / 3", dtype="float64")
    assert r.f is not None
    assert float(r.f[1]) == 1 / 3
    r32 = ok("x / 3", dtype="float32")
    assert r32.f is not None and float(r32.f[1]) != 1 / 3


@pytest.mark.parametrize(("order", "expected"), [(1, 108.0), (2, 108.0), (3, 72.0), (4, 24.0)])
def test_orders_of_x_to_the_fourth(order: int, expected: float) -> None:
    r = ok("x**4", order=order, dtype="float64")
    assert len(r.derivatives) == order
    assert r.derivatives[-1][3] == pytest.approx(expected)
    for k in range(2, order + 1):
        assert r.timing(f"order {k}") is not None


def test_scalar_value_for_scalar_f() -> None:
    r = ok("sum(x)")
    assert r.scalar_value == pytest.approx(6.0)
    np.testing.assert_allclose(r.f, [6.0] * 4)
    assert ok("x").scalar_value is None


def test_nonfinite_values_are_a_note_not_an_error() -> None:
    r = ok("log(x)", x_values=(-1.0, 0.0, 1.0, 2.0))
    assert r.f is not None
    assert math.isnan(r.f[0]) and math.isinf(r.f[1])
    assert any(n.kind == "nonfinite" for n in r.notes)


def test_print_output_is_captured() -> None:
    r = ok("def f(x):\n    print('hello', 42, sep='-')\n    return x")
    assert r.output == "hello-42\n"


def test_timings_are_present() -> None:
    r = ok("sin(x)", order=2)
    phases = [name for name, _ in r.timings]
    assert phases[:3] == ["forward", "backward 1", "order 2"]
    assert all(ms >= 0 for _, ms in r.timings)


def test_constant_function() -> None:
    r = ok("3")
    np.testing.assert_allclose(r.f, [3.0] * 4)
    np.testing.assert_allclose(r.df, [0.0] * 4)
    assert any(n.kind == "constant" for n in r.notes)


def test_docstring_comments_and_any_names() -> None:
    source = 'def g(t):\n    """A docstring."""\n    # a comment\n'
    source += '    s = t * 1\n    s += 1\n    return s**2'
    r = ok(source, dtype="float64")
    np.testing.assert_allclose(r.df, 2 * (np.array(X4) + 1))
