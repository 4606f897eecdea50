"""An autograd refusal after a working forward pass still returns f (not f′)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from gradplot.engine import Request, evaluate

XS = (-2.0, -0.5, 0.0, 1.0, 3.0)


def torch_forward(fn: object) -> np.ndarray:
    x = torch.tensor(XS, dtype=torch.float64, requires_grad=True)
    return fn(x).detach().numpy()  # type: ignore[operator, no-any-return]


@pytest.mark.parametrize(
    ("source", "switches", "kind", "fn"),
    [
        ("x**3 - x", {"backward_passes": 2}, "backward_twice", lambda x: x**3 - x),
        ("x**3 - x", {"strict_backward": True}, "nonscalar_backward", lambda x: x**3 - x),
        ("(x > 0)*1.0", {"strict_backward": True}, "no_grad", lambda x: (x > 0) * 1.0),
        ("x.detach()*2", {}, "no_grad", lambda x: x.detach() * 2),
    ],
)
def test_f_is_plain_pytorchs_forward_value(
    source: str, switches: dict[str, object], kind: str, fn: object
) -> None:
    r = evaluate(Request(source=source, x_values=XS, dtype="float64", **switches))  # type: ignore[arg-type]
    assert r.error is not None and r.error.kind == kind
    assert r.derivatives == ()
    assert r.f is not None
    np.testing.assert_array_equal(r.f, torch_forward(fn))
    assert r.scalar_value is None


def test_a_scalar_f_keeps_its_one_value() -> None:
    r = evaluate(
        Request(source="sum(x**2)", x_values=XS, dtype="float64", backward_passes=2)
    )
    assert r.error is not None and r.error.kind == "backward_twice"
    expected = float(sum(v * v for v in XS))
    assert r.scalar_value == expected
    assert r.f is not None and np.all(r.f == expected)


@pytest.mark.parametrize(
    "source", ["nosuchfunction(x)", "x[100]", "def f(x):\n    return 1/0 + x\n"]
)
def test_a_failing_forward_pass_has_no_f(source: str) -> None:
    r = evaluate(Request(source=source, x_values=XS, dtype="float64"))
    assert r.error is not None
    assert r.f is None


def test_a_working_evaluation_is_unchanged() -> None:
    r = evaluate(Request(source="x**2", x_values=XS, dtype="float64", backward_passes=2,
                         retain_graph=True, zero_grad=False))
    assert r.error is None
    np.testing.assert_array_equal(r.df, 2 * 2 * np.array(XS))  # two passes accumulate


PER_POINT_XS = (-2.0, -0.5, 0.25, 1.0, 3.0)  # not 0: the notebook's while never ends there


def per_point_forward(fn: object) -> np.ndarray:
    """The notebook's cell at each x, forward only: a fresh 0-d tensor, f(a)."""
    values = []
    for v in PER_POINT_XS:
        a = torch.tensor(v, dtype=torch.float64, requires_grad=True)
        values.append(float(fn(a).detach()))  # type: ignore[operator]
    return np.array(values)


NOTEBOOK_F = (
    "def f(a):\n    b = a * 2\n    while b.norm() < 1000:\n        b = b * 2\n"
    "    if b.sum() > 0:\n        c = b\n    else:\n        c = 100 * b\n    return c\n"
)


def notebook_f(a: torch.Tensor) -> torch.Tensor:
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    return b if b.sum() > 0 else 100 * b


@pytest.mark.parametrize(
    ("source", "switches", "kind", "fn"),
    [
        ("x**3 - x", {"backward_passes": 2}, "backward_twice", lambda x: x**3 - x),
        (NOTEBOOK_F, {"backward_passes": 2}, "backward_twice", notebook_f),
        ("(x > 0)*1.0", {"strict_backward": True}, "no_grad", lambda x: (x > 0) * 1.0),
    ],
)
def test_per_point_mode_draws_f_after_a_refusal_at_its_first_point(
    source: str, switches: dict[str, object], kind: str, fn: object
) -> None:
    r = evaluate(
        Request(
            source=source,
            x_values=PER_POINT_XS,
            dtype="float64",
            vector_input=False,
            **switches,  # type: ignore[arg-type]
        )
    )
    assert r.error is not None and r.error.kind == kind
    assert r.derivatives == ()
    assert r.f is not None
    np.testing.assert_array_equal(r.f, per_point_forward(fn))


def test_per_point_refusal_that_no_switch_avoids_has_no_f() -> None:
    # an in-place change of the leaf x is refused in every run: one retry, then no f
    r = evaluate(
        Request(
            source="def f(x):\n    x.add_(1)\n    return x\n",
            x_values=PER_POINT_XS,
            dtype="float64",
            vector_input=False,
        )
    )
    assert r.error is not None and r.error.kind == "inplace"
    assert r.f is None
