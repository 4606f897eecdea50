"""Value-only break detection: the vectorised rule against a per-index reference."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gradplot.engine.sampling import _scale, _value_breaks, find_breaks

FloatArray = npt.NDArray[np.float64]


def reference_value_breaks(steps: list[float], scale: float) -> list[bool]:
    """The rule of ``_value_breaks``, one index at a time in plain Python floats."""
    n = len(steps)

    def neighbour_step(j: int) -> float:
        if j < 0 or j >= n:  # a missing neighbour counts as 0
            return 0.0
        value = steps[j]
        return value if math.isfinite(value) else 0.0  # so does a non-finite one

    out: list[bool] = []
    for i, step in enumerate(steps):
        if not math.isfinite(step) or not abs(step) > 0.05 * scale:
            out.append(False)
            continue
        left = neighbour_step(i - 1)
        right = neighbour_step(i + 1)
        neighbour = max(abs(left), abs(right))
        jump = abs(step) > 8.0 * neighbour
        pole = step * left < 0 and step * right < 0 and abs(step) > 2.0 * neighbour
        out.append(jump or pole)
    return out


# small integers hit the 2x / 8x / 5% boundaries exactly; the special values are the
# ones the rule treats specially; any float covers the rest (overflow included)
ELEMENTS = st.one_of(
    st.integers(-20, 20).map(float),
    st.sampled_from([0.0, math.nan, math.inf, -math.inf, 0.05, -0.05, 1e300, -1e300]),
    st.floats(-1.0, 1.0),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
)
STEPS = hnp.arrays(np.float64, st.integers(0, 60), elements=ELEMENTS)
SCALES = st.one_of(
    st.sampled_from([1.0, 2.0, 20.0, 40.0, 100.0]),
    st.floats(1e-6, 1e6, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=400, deadline=None)
@given(STEPS, SCALES)
def test_value_breaks_match_the_per_index_rule(steps: FloatArray, scale: float) -> None:
    original = steps.copy()
    with np.errstate(all="ignore"):  # as find_breaks calls it (overflow is allowed)
        got = _value_breaks(steps, scale)
    assert got.dtype == np.bool_
    assert got.shape == steps.shape
    assert got.tolist() == reference_value_breaks(steps.tolist(), scale)
    np.testing.assert_array_equal(steps, original)  # the input is left alone


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 61), elements=ELEMENTS))
def test_find_breaks_without_derivatives_uses_the_rule(y: FloatArray) -> None:
    x = np.arange(len(y), dtype=np.float64)
    got = find_breaks(x, y)
    assert got.shape == (max(len(y) - 1, 0),)
    if len(y) < 2:
        return
    with np.errstate(all="ignore"):
        steps = np.diff(y)
        scale = _scale(y)
    assert got.tolist() == reference_value_breaks(steps.tolist(), scale)


def test_a_jump_is_one_break_at_the_jump() -> None:
    x = np.linspace(-3.0, 3.0, 400)
    y = np.where(x > 0, 1.0, -1.0)
    at = int(np.flatnonzero(x > 0)[0]) - 1  # the last sample at or below 0
    assert x[at] <= 0 < x[at + 1]
    assert np.flatnonzero(find_breaks(x, y)).tolist() == [at]


def test_a_smooth_curve_has_no_break() -> None:
    x = np.linspace(-2 * np.pi, 2 * np.pi, 500)
    assert not find_breaks(x, np.sin(x)).any()
    assert not find_breaks(x, 3.0 * np.sin(x) + 100.0).any()


def test_tan_breaks_at_its_pole() -> None:
    # an even number of samples centred on the pole: pi/2 falls between two of them
    x = np.linspace(np.pi / 2 - 1.0, np.pi / 2 + 1.0, 400)
    breaks = find_breaks(x, np.tan(x))
    at = int(np.searchsorted(x, np.pi / 2)) - 1
    assert x[at] < np.pi / 2 < x[at + 1]
    assert np.flatnonzero(breaks).tolist() == [at]
