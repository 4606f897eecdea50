"""The reference curve: an expected derivative (``4*x``, ``cos(x)``) drawn dashed.

The evaluation controller sends the reference expression through the same sandboxed
engine as f, on exactly the x grid of the shown result (``referenceReady``); the
overlay draws it and writes the largest |f′ − reference| in the legend: the notebook's
``x.grad == 4 * x``, made visible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal

from gradplot.engine import Result
from gradplot.ui.i18n import localize_error, tr
from gradplot.ui.plot_view import PlotView, make_pen

if TYPE_CHECKING:
    from gradplot.ui.evaluation import EvaluationController

REFERENCE_COLOUR = "#222222"
REFERENCE_WIDTH = 2.0


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
    Bound to an ``evaluation`` controller, it draws each reference it computes (and
    hides the curve when there is none), then emits ``shown``.
    """

    changed = Signal()
    shown = Signal(object)  # the reference Result drawn (or refused), None: hidden

    def __init__(self, plot: PlotView, parent: QObject | None = None, *,
                 evaluation: EvaluationController | None = None) -> None:
        super().__init__(parent)
        self.plot = plot
        self._evaluation = evaluation
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
        if evaluation is not None:
            evaluation.referenceReady.connect(self._on_reference_ready)
            # the plot rebuilds its legend for a result: the entry goes back in
            evaluation.resultReady.connect(self.resync_legend)

    def _on_reference_ready(self, reference: Result | None) -> None:
        result = self._evaluation.last_result if self._evaluation is not None else None
        if reference is None or result is None:
            if self.visible or self.error_title:
                self.hide()
            self.shown.emit(None)
            return
        self.show(result, reference)
        self.shown.emit(reference)

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
            self.error_title = (
                localize_error(reference.error).title if reference.error else tr("no values")
            )
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

    def resync_legend(self, *_result: object) -> None:
        """Put the entry back after the plot rebuilt its legend."""
        self._sync_legend()


__all__ = ["ReferenceOverlay", "format_difference", "max_abs_difference"]
