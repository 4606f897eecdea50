"""The reference curve: an expected derivative (``4*x``, ``cos(x)``) drawn dashed.

The reference expression goes through the same sandboxed engine as f, on exactly the
x grid of the shown result, and the largest |f′ − reference| is written in the legend:
the notebook's ``x.grad == 4 * x``, made visible.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from gradplot.engine import Request, Result
from gradplot.ui.plot_view import PlotView, make_pen

REFERENCE_COLOUR = "#222222"
REFERENCE_WIDTH = 2.0


def tr(text: str) -> str:
    return QCoreApplication.translate("Reference", text)


def reference_request(result_request: Request, expression: str, request_id: int = 0) -> Request:
    """A plain request for ``expression`` on the grid of ``result_request``."""
    return Request(
        source=expression,
        x_range=result_request.x_range,
        points=result_request.points,
        x_values=result_request.x_values,
        params=dict(result_request.params),
        dtype=result_request.dtype,
        time_limit=result_request.time_limit,
        request_id=request_id,
    )


def max_abs_difference(result: Result, reference: Result) -> float | None:
    """max |f′ − reference| over the samples where both are finite (None: nothing to compare)."""
    if result.df is None or reference.f is None or len(reference.f) != len(result.df):
        return None
    d = np.asarray(result.df, dtype=np.float64) - np.asarray(reference.f, dtype=np.float64)
    d = d[np.isfinite(d)]
    if len(d) == 0:
        return None
    return float(np.max(np.abs(d)))


def format_difference(value: float) -> str:
    if value == 0:
        return "0"
    return f"{value:.3g}".replace("-", "−")


class ReferenceOverlay(QObject):
    """The dashed reference curve on a :class:`PlotView`, with its legend entry.

    ``show(result, reference_result)`` draws it; ``hide()`` removes it. ``difference``
    is the last max |f′ − reference| (``None`` when there was nothing to compare).
    """

    changed = Signal()

    def __init__(self, plot: PlotView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plot = plot
        self.curve = pg.PlotDataItem(
            pen=make_pen(REFERENCE_COLOUR, Qt.PenStyle.DashLine, REFERENCE_WIDTH),
            connect="finite",
        )
        self.curve.setObjectName("reference")
        self.curve.setZValue(15)
        self.curve.setVisible(False)
        plot.getPlotItem().addItem(self.curve)
        self.expression = ""
        self.difference: float | None = None
        self.error_title: str | None = None
        self._label = ""

    def set_width(self, width: float) -> None:
        self.curve.setPen(make_pen(REFERENCE_COLOUR, Qt.PenStyle.DashLine, width))

    @property
    def visible(self) -> bool:
        return bool(self.curve.isVisible())

    def label(self) -> str:
        return self._label

    def show(self, result: Result, reference: Result) -> None:
        self.expression = reference.request.source.strip()
        if reference.error is not None or reference.f is None:
            self.error_title = reference.error.title if reference.error else tr("no values")
            self.difference = None
            self._hide_curve()
            self.changed.emit()
            return
        self.error_title = None
        x = np.asarray(reference.x, dtype=np.float64)
        y = np.asarray(reference.f, dtype=np.float64)
        few = len(x) <= 64
        self.curve.setData(x, y, connect="finite", symbol="x" if few else None, symbolSize=9,
                           symbolPen=pg.mkPen(REFERENCE_COLOUR), symbolBrush=None)
        self.difference = max_abs_difference(result, reference)
        text = tr("reference {expression}").format(expression=self.expression)
        if self.difference is not None:
            text += "  " + tr("(max |f′ − ref| = {value})").format(
                value=format_difference(self.difference)
            )
        self._label = text
        self.curve.setVisible(True)
        self._sync_legend()
        self.changed.emit()

    def hide(self) -> None:
        self.expression = ""
        self.difference = None
        self.error_title = None
        self._hide_curve()
        self.changed.emit()

    def _hide_curve(self) -> None:
        self.curve.setData([], [])
        self.curve.setVisible(False)
        self._label = ""
        self._sync_legend()

    def _sync_legend(self) -> None:
        legend = self.plot.legend
        legend.removeItem(self.curve)
        if self.curve.isVisible() and self._label:
            legend.addItem(self.curve, self._label)
        legend.setVisible(bool(legend.items))

    def resync_legend(self) -> None:
        """Put the entry back after the plot rebuilt its legend."""
        self._sync_legend()


def evaluate_reference(
    result: Result, expression: str, evaluate: Callable[[Request], Result]
) -> Result:
    """Evaluate ``expression`` synchronously on the grid of ``result`` (headless use)."""
    return evaluate(reference_request(result.request, expression))


def is_blank(expression: str | None) -> bool:
    return expression is None or not expression.strip()


__all__ = [
    "ReferenceOverlay",
    "evaluate_reference",
    "format_difference",
    "max_abs_difference",
    "reference_request",
]
