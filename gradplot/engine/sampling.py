"""Sample grids for a view, and where a sampled curve must not be joined.

A curve drawn by joining samples with straight lines lies at a pole (``tan``, ``1/x``)
and at a jump (``where(x > 0, 1., -1.)``): it draws a vertical wall that the function
does not have. :func:`find_breaks` finds those places. Where the derivative is known
(autograd gives it for free) a join is kept only when the change between two samples
agrees with what the derivatives at both ends predict; without a derivative a
value-only test looks for a step far larger than its neighbours.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from gradplot.engine.model import MAX_POINTS

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.floating[Any]]


def points_for_width(pixel_width: int, *, per_pixel: float = 2.0, minimum: int = 64) -> int:
    """How many samples a view ``pixel_width`` pixels wide needs to look smooth."""
    return int(min(max(minimum, round(pixel_width * per_pixel)), MAX_POINTS))


def grid(lo: float, hi: float, points: int) -> FloatArray:
    """``points`` evenly spaced samples from ``lo`` to ``hi``, both included (float64)."""
    return np.linspace(lo, hi, points, dtype=np.float64)


def _scale(y: FloatArray) -> float:
    """A robust height of the curve: the 5-95 percentile spread of (a sample of) y."""
    step = max(1, len(y) // 4096)
    sample = y[::step]
    finite = sample[np.isfinite(sample)]
    if finite.size == 0:
        return 1.0
    lo, hi = np.percentile(finite, [5.0, 95.0])
    spread = float(hi - lo)
    return spread if spread > 0 else max(float(np.max(np.abs(finite))), 1.0)


def find_breaks(x: FloatArray, y: FloatArray, dy: FloatArray | None = None) -> BoolArray:
    """A boolean array of length ``len(x) - 1``: True where i and i+1 must not be joined.

    With derivatives ``dy`` (autograd gives them for free) a step between two samples
    that changes y by more than 2% of the curve's height is a break when the
    derivatives cannot explain it: both ends slope the same way but the step goes the
    other way (a pole: ``tan``, ``1/x``), or the step is far steeper than the slope at
    either end (a jump: ``where(x > 0, 1., -1.)``, ``floor``). Without derivatives a
    value-only test looks for a step far larger than its neighbours. Non-finite samples
    need no break here (a plotter leaves them out anyway).
    """
    n = len(x)
    breaks = np.zeros(max(n - 1, 0), dtype=bool)
    if n < 2:
        return breaks
    with np.errstate(all="ignore"):
        steps = np.diff(y)
        scale = _scale(y)
        if dy is None or len(dy) != n:
            return _value_breaks(steps, scale)
        # Only a step of 2% of the height can be a break: test those few candidates
        # (a smooth curve at 10^6 samples has none, so this stays one pass over y).
        i = np.flatnonzero(np.abs(steps) > 0.02 * scale)
        if i.size == 0:
            return breaks
        secant = steps[i] / (x[i + 1] - x[i])
        d0 = dy[i]
        d1 = dy[i + 1]
        against = ((d0 * d1) > 0) & ((secant * d0) < 0)
        steeper = np.abs(secant) > 4.0 * np.maximum(np.abs(d0), np.abs(d1))
        breaks[i] = against | steeper
        return breaks


def _value_breaks(steps: FloatArray, scale: float) -> BoolArray:
    """Steps much larger than both neighbouring steps and than 5% of the curve's scale.

    A step against the direction of both neighbours (and twice their size) is the
    crossing of a pole; a step eight times its neighbours is a jump.
    """
    n = len(steps)
    breaks = np.zeros(n, dtype=bool)
    # two passes over the samples (abs, compare); everything else looks at the few
    # candidates only. A non-finite step is never a candidate, and counts as 0 when it
    # is a neighbour.
    size = np.abs(steps)
    i = np.flatnonzero(size > 0.05 * scale)
    i = i[np.isfinite(size[i])]
    if i.size == 0:
        return breaks
    step = steps[i]
    a = size[i]

    def neighbour_step(j: npt.NDArray[np.intp], inside: BoolArray) -> FloatArray:
        values = steps[np.clip(j, 0, n - 1)]
        return np.where(inside & np.isfinite(values), values, 0.0)

    left = neighbour_step(i - 1, i > 0)
    right = neighbour_step(i + 1, i < n - 1)
    neighbour = np.maximum(np.abs(left), np.abs(right))
    flipped = (step * left < 0) & (step * right < 0) & (a > 2.0 * neighbour)
    breaks[i] = (a > 8.0 * neighbour) | flipped
    return breaks
