"""Sample grids for a view, and where a sampled curve must not be joined.

A curve drawn by joining samples with straight lines lies at a pole (``tan``, ``1/x``)
and at a jump (``where(x > 0, 1., -1.)``): it draws a vertical wall that the function
does not have. :func:`find_breaks` finds those places. Where the derivative is known
(autograd gives it for free) a join is kept only when the change between two samples
agrees with what the derivatives at both ends predict; without a derivative a
value-only test looks for a step far larger than its neighbours.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from gradplot.engine.model import MAX_POINTS

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


def points_for_width(pixel_width: int, *, per_pixel: float = 2.0, minimum: int = 64) -> int:
    """How many samples a view ``pixel_width`` pixels wide needs to look smooth."""
    return int(min(max(minimum, round(pixel_width * per_pixel)), MAX_POINTS))


def grid(lo: float, hi: float, points: int) -> FloatArray:
    """``points`` evenly spaced samples from ``lo`` to ``hi``, both included (float64)."""
    return np.linspace(lo, hi, points, dtype=np.float64)


def _scale(y: FloatArray) -> float:
    finite = y[np.isfinite(y)]
    if finite.size == 0:
        return 1.0
    lo, hi = np.percentile(finite, [5.0, 95.0])
    spread = float(hi - lo)
    return spread if spread > 0 else max(float(np.max(np.abs(finite))), 1.0)


def find_breaks(x: FloatArray, y: FloatArray, dy: FloatArray | None = None) -> BoolArray:
    """A boolean array of length ``len(x) - 1``: True where i and i+1 must not be joined.

    Non-finite samples need no break here (a plotter skips them anyway).
    """
    n = len(x)
    if n < 2:
        return np.zeros(0, dtype=bool)
    with np.errstate(all="ignore"):
        h = np.diff(x)
        dy_values = np.diff(y)
        scale = _scale(y)
        finite = np.isfinite(dy_values)
        if dy is not None and len(dy) == n:
            d0, d1 = dy[:-1], dy[1:]
            lo = np.minimum(d0, d1)
            hi = np.maximum(d0, d1)
            secant = dy_values / h
            predicted = h * np.clip(secant, lo, hi)
            mismatch = np.abs(dy_values - predicted)
            allowed = np.abs(h) * (3.0 * (hi - lo) + 0.5 * np.maximum(np.abs(d0), np.abs(d1)))
            allowed = np.maximum(allowed, 0.02 * scale)
            usable = finite & np.isfinite(d0) & np.isfinite(d1)
            breaks = usable & (mismatch > allowed)
            # without usable derivatives fall back to the value test for that interval
            fallback = finite & ~usable
            if fallback.any():
                breaks |= fallback & _value_breaks(dy_values, scale)
            return np.asarray(breaks, dtype=bool)
        return np.asarray(finite & _value_breaks(dy_values, scale), dtype=bool)


def _value_breaks(steps: FloatArray, scale: float) -> BoolArray:
    """Steps much larger than both neighbouring steps and than 5% of the curve's scale."""
    a = np.abs(steps)
    a = np.where(np.isfinite(a), a, 0.0)
    left = np.concatenate(([0.0], a[:-1]))
    right = np.concatenate((a[1:], [0.0]))
    neighbour = np.maximum(left, right)
    big = a > 0.05 * scale
    sign = np.sign(np.where(np.isfinite(steps), steps, 0.0))
    left_sign = np.concatenate(([0.0], sign[:-1]))
    right_sign = np.concatenate((sign[1:], [0.0]))
    # a step against the direction of both neighbours is the crossing of a pole
    flipped = (sign * left_sign < 0) & (sign * right_sign < 0) & (a > 2.0 * neighbour)
    return np.asarray(big & ((a > 8.0 * neighbour) | flipped), dtype=bool)
