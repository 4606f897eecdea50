"""Property-based: autograd through gradplot agrees with float64 central differences.

Random compositions of the smooth functions a user can type are evaluated in float64;
the first derivative is compared with a central difference of f, the second with a
central difference of df. find_breaks is checked on smooth curves, poles and jumps.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from hypothesis import given, settings
from hypothesis import strategies as st

from gradplot.engine import Request, evaluate
from gradplot.engine.sampling import find_breaks, grid

H = 1e-5
XS = tuple(float(v) for v in np.linspace(-1.9, 1.9, 13))

# unary pieces, each smooth on the whole line
UNARY = [
    "sin({})",
    "cos({})",
    "tanh({})",
    "sigmoid({})",
    "softplus({})",
    "atan({})",
    "exp(tanh({}))",
    "exp(sin({}))",
    "({})**2",
    "sqrt(1 + ({})**2)",
    "log(1 + ({})**2)",
]


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> str:
    """A random smooth expression in x, whose values stay moderate."""
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        leaf = draw(st.sampled_from(["x", "x", "0.5*x", "(x - 0.3)", "1.5"]))
        return leaf
    kind = draw(st.sampled_from(["unary", "unary", "add", "mul", "poly"]))
    if kind == "unary":
        inner = draw(expressions(depth - 1))
        # squash the argument so exp/powers of it stay bounded
        return draw(st.sampled_from(UNARY)).format(f"tanh({inner})")
    if kind == "poly":
        a, b, c = (draw(st.integers(-3, 3)) for _ in range(3))
        inner = draw(expressions(depth - 1))
        return f"({a} + {b}*({inner}) + {c}*({inner})**3)"
    left = draw(expressions(depth - 1))
    right = draw(expressions(depth - 1))
    return f"({left} {'+' if kind == 'add' else '*'} {right})"


def _values(
    source: str, xs: tuple[float, ...], order: int = 1
) -> tuple[npt.NDArray[np.float64], ...]:
    result = evaluate(Request(source=source, x_values=xs, dtype="float64", order=order))
    assert result.error is None, (source, result.error)
    assert result.f is not None
    derivatives = (np.asarray(d, dtype=np.float64) for d in result.derivatives)
    return (np.asarray(result.f, dtype=np.float64), *derivatives)


@settings(max_examples=60, deadline=None)
@given(expressions())
def test_first_derivative_matches_central_difference(source: str) -> None:
    (_f, df) = _values(source, XS)
    (f_plus,) = _values(source, tuple(v + H for v in XS), order=1)[:1]
    (f_minus,) = _values(source, tuple(v - H for v in XS), order=1)[:1]
    numeric = (f_plus - f_minus) / (2 * H)
    scale = max(1.0, float(np.max(np.abs(df))))
    np.testing.assert_allclose(df, numeric, atol=1e-5 * scale, rtol=1e-5, err_msg=source)


@settings(max_examples=40, deadline=None)
@given(expressions(depth=2))
def test_second_derivative_matches_central_difference_of_df(source: str) -> None:
    _f, _df, d2f = _values(source, XS, order=2)
    _, df_plus, _ = _values(source, tuple(v + H for v in XS), order=2)
    _, df_minus, _ = _values(source, tuple(v - H for v in XS), order=2)
    numeric = (df_plus - df_minus) / (2 * H)
    scale = max(1.0, float(np.max(np.abs(d2f))))
    np.testing.assert_allclose(d2f, numeric, atol=1e-4 * scale, rtol=1e-4, err_msg=source)


@settings(max_examples=30, deadline=None)
@given(expressions(depth=2), st.integers(200, 800))
def test_smooth_functions_have_no_breaks(source: str, points: int) -> None:
    result = evaluate(
        Request(source=source, x_range=(-3.0, 3.0), points=points, dtype="float64")
    )
    assert result.error is None, result.error
    assert result.f_breaks is not None
    assert not result.f_breaks.any(), source
    assert not result.derivative_breaks[0].any(), source


@settings(max_examples=25, deadline=None)
@given(
    st.floats(-2.0, 2.0).filter(lambda c: abs(c) > 1e-3),
    st.floats(-1.0, 1.0),
    st.integers(100, 1000),
)
def test_smooth_find_breaks_direct(a: float, b: float, points: int) -> None:
    x = grid(-4.0, 4.0, points)
    y = a * np.sin(x) + b * x**2
    dy = a * np.cos(x) + 2 * b * x
    assert not find_breaks(x, y, dy).any()
    assert not find_breaks(x, y).any()


def _break_positions(
    x: npt.NDArray[np.float64], breaks: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float64]:
    return (x[:-1][breaks] + x[1:][breaks]) / 2


@settings(max_examples=25, deadline=None)
@given(st.integers(200, 1000), st.floats(0.0, 0.5))
def test_tan_breaks_at_each_pole(points: int, shift: float) -> None:
    x = grid(-4.0 + shift, 4.0 + shift, points)
    with np.errstate(all="ignore"):
        y = np.tan(x)
        dy = 1 / np.cos(x) ** 2
    # with the derivative, as the engine does for f (the value-only test can miss a
    # pole when a sample lands right next to it: 25, -2249, -25)
    for breaks in (find_breaks(x, y, dy),):
        poles = [p for p in (-3 * math.pi / 2, -math.pi / 2, math.pi / 2, 3 * math.pi / 2)
                 if x[0] < p < x[-1]]
        found = _break_positions(x, breaks)
        step = x[1] - x[0]
        for p in poles:
            assert np.any(np.abs(found - p) <= step), (p, found)
        # and nowhere else
        for q in found:
            assert min(abs(q - p) for p in poles) <= step, (q, poles)


@settings(max_examples=25, deadline=None)
@given(st.integers(100, 1000), st.floats(-0.9, 0.9))
def test_reciprocal_and_sign_jumps(points: int, at: float) -> None:
    x = grid(-3.0, 3.0, points)
    step = x[1] - x[0]
    with np.errstate(all="ignore"):
        y = 1 / (x - at)
        dy = -1 / (x - at) ** 2
    found = _break_positions(x, find_breaks(x, y, dy))
    assert len(found) >= 1 and np.all(np.abs(found - at) <= step)

    y = np.sign(x - at)  # when a sample hits the jump, -1, 0, 1 may break twice
    found = _break_positions(x, find_breaks(x, y, np.zeros_like(x)))
    assert 1 <= len(found) <= 2 and np.all(np.abs(found - at) <= step)
    if np.min(np.abs(x - at)) > step / 10:  # value-only: a clean step from -1 to 1
        found = _break_positions(x, find_breaks(x, y))
        assert len(found) == 1 and abs(found[0] - at) <= step


def test_engine_reports_breaks_for_tan_and_jumps() -> None:
    tan = evaluate(Request(source="tan(x)", x_range=(-3.0, 3.0), points=600, dtype="float64"))
    assert tan.f_breaks is not None and tan.f_breaks.sum() == 2
    jump = evaluate(Request(source="where(x > 0.1, 1.0, -1.0) + 0*x", x_range=(-3.0, 3.0),
                            points=601))
    assert jump.f_breaks is not None and jump.f_breaks.sum() == 1
    assert find_breaks(np.array([0.0]), np.array([1.0])).shape == (0,)
