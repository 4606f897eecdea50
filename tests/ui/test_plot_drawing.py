"""What the plot draws equals what pyqtgraph's own automatic settings draw.

The plot sets the downsampling factor itself and switches pyqtgraph's range guard on
only where drawn points lie far off the view (both would otherwise look at all of the
data on every update). A twin plot whose curves use pyqtgraph's automatic factor and
its guard from the start must draw exactly the same points, whatever the view.
"""

from __future__ import annotations

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from gradplot.engine import Request, Result, evaluate
from gradplot.ui.plot_view import COLUMNS_PER_PIXEL, RANGE_LIMIT, PlotView, downsample_factor
from tests.ui.conftest import shown_plot


def pyqtgraph_defaults(plot: PlotView) -> None:
    """The twin: pyqtgraph computes the factor and guards the range on its own."""
    for curve in plot.curves:
        if curve.yData is None:
            continue
        curve.setData(curve.xData, curve.yData, autoDownsampleFactor=COLUMNS_PER_PIXEL)
        curve.setDownsampling(auto=True)
        curve.setDynamicRangeLimit(RANGE_LIMIT)


def show(plot: PlotView, result: Result) -> None:
    plot.set_x_view(*result.request.x_range)
    plot.set_result(result, fit_y=True)


def assert_same_drawing(ours: PlotView, theirs: PlotView) -> None:
    assert ours.x_view() == theirs.x_view() and ours.y_view() == theirs.y_view()
    for a, b in zip(ours.curves, theirs.curves, strict=True):
        assert a.isVisible() == b.isVisible()
        if not a.isVisible():
            continue
        ax, ay = a.getData()
        bx, by = b.getData()
        assert ax is not None and bx is not None
        np.testing.assert_array_equal(ax, bx)
        np.testing.assert_array_equal(ay, by)
        # the data itself is the result's, whole
        assert a.yData is not None and len(a.yData) == len(a.xData)


@pytest.mark.parametrize(
    ("source", "options"),
    [
        ("sin(x) * 3", {"points": 100_000}),
        ("x**3", {"points": 250_001, "order": 2, "dtype": "float32"}),
        ("tan(x)", {"points": 50_000}),
        # a pole: f′ reaches 10^15 next to it, far beyond a million view heights
        ("1 / x**2", {"points": 200_001, "x_range": (-1.0, 1.0)}),
        ("x**2", {"points": 1500}),  # fewer samples than pixels: nothing to downsample
    ],
)
def test_drawn_points_are_pyqtgraphs_own(
    qtbot: QtBot, source: str, options: dict[str, object]
) -> None:
    ours, theirs = shown_plot(qtbot), shown_plot(qtbot)
    result = evaluate(Request(source, **options))  # type: ignore[arg-type]
    assert result.error is None, result.error
    show(ours, result)
    show(theirs, result)
    pyqtgraph_defaults(theirs)
    assert_same_drawing(ours, theirs)
    lo, hi = result.request.x_range
    for view in ((lo / 3, hi / 5), (lo + 0.01 * (hi - lo), lo + 0.02 * (hi - lo)), (lo, hi)):
        for plot in (ours, theirs):
            plot.set_x_view(*view)
        assert_same_drawing(ours, theirs)
    y_lo, y_hi = ours.y_view()
    for plot in (ours, theirs):  # zoomed in on y by 10^4
        plot.set_y_view(y_lo / 1e4, y_hi / 1e4)
    assert_same_drawing(ours, theirs)
    for plot in (ours, theirs):  # a new pixel width: a new factor
        plot.resize(500, 400)
    qtbot.waitUntil(lambda: ours.pixel_width() == theirs.pixel_width() < 500)
    for plot in (ours, theirs):
        plot.set_x_view(lo, hi)
    assert_same_drawing(ours, theirs)


def guarded(plot: PlotView) -> list[str]:
    return [
        str(c.name()) for c in plot.curves
        if c.yData is not None and c.opts["dynamicRangeLimit"] is not None
    ]


def test_the_guard_is_on_only_where_points_lie_far_off(qtbot: QtBot) -> None:
    plot = shown_plot(qtbot)
    show(plot, evaluate(Request("sin(x)", points=100_000)))
    assert guarded(plot) == []
    show(plot, evaluate(Request("1 / x**2", points=200_001, x_range=(-1.0, 1.0))))
    # next to the pole f reaches 10^10 and f′ 10^15, the view a few thousand
    assert guarded(plot) == ["f(x)", "f′(x)"]
    show(plot, evaluate(Request("sin(x)", points=100_000)))  # new data: checked anew
    assert guarded(plot) == []


def test_downsample_factor() -> None:
    x = np.arange(-500_000.0, 500_001.0)  # one sample per unit
    assert downsample_factor(x, 1_000_000.0, 1000.0) == 500  # two columns per pixel
    assert downsample_factor(x, 10_000.0, 1000.0) == 5
    assert downsample_factor(x, 10_000.0, 2000.0) == 2  # 2.5 rounds down, as pyqtgraph's
    assert downsample_factor(x, 100.0, 1000.0) == 1
    assert downsample_factor(x[:1], 20.0, 1000.0) == 1
    assert downsample_factor(np.array([0.0, np.nan]), 20.0, 1000.0) == 1
    assert downsample_factor(x, 20.0, 0.0) == 1
