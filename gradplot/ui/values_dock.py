"""The Values dock: x, f(x), f′(x) (and higher orders) at points the user types.

The points (``0, 1, 2, 3``), or the lesson's own ``x_values`` when none are typed, go
to the engine as ``x_values`` of a copy of the plot's request: the same function,
switches and dtype, so ``2*dot(x, x)`` at 0, 1, 2, 3 is the notebook's cell exactly, and
the dock prints its ``x.grad`` as PyTorch would. Evaluation runs on a worker of its own
(:class:`gradplot.ui.worker.Evaluator`). The table copies as CSV; clicking a row moves
the plot's cursor readout and tangent to that x.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Qt, SignalInstance
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gradplot.engine import Request, Result
from gradplot.ui.actions import ActionRegistry
from gradplot.ui.export import csv_text
from gradplot.ui.i18n import localize_error, tr, trf
from gradplot.ui.plot_view import PlotView, format_number
from gradplot.ui.worker import EvaluateFn, Evaluator

if TYPE_CHECKING:
    from gradplot.engine.model import FloatArray

MAX_VALUES = 1000
PRIMES = ("f′(x)", "f″(x)", "f‴(x)", "f⁗(x)")
_SPLIT = re.compile(r"[,;\s]+")


class ValuesError(ValueError):
    """Typed points that are not a list of numbers (the message says what to type)."""


def parse_points(text: str) -> tuple[float, ...]:
    """``"0, 1, 2, 3"`` -> (0.0, 1.0, 2.0, 3.0). Commas, semicolons or spaces separate."""
    parts = [p for p in _SPLIT.split(text.strip()) if p]
    if len(parts) > MAX_VALUES:
        raise ValuesError(trf("at most %1 points: type fewer numbers", MAX_VALUES))
    out: list[float] = []
    for part in parts:
        try:
            value = float(part.replace("−", "-"))
        except ValueError:
            raise ValuesError(
                trf("'%1' is not a number: type numbers separated by commas, such as 0, 1, 2, 3",
                    part)
            ) from None
        if not math.isfinite(value):
            raise ValuesError(trf("'%1' is not a finite number: type numbers such as 0, 1, 2, 3",
                                  part))
        out.append(value)
    return tuple(out)


def _elements(array: FloatArray) -> list[str]:
    """Each value as PyTorch prints it: ``4.`` when all are whole, else 4 decimals."""
    finite = array[np.isfinite(array)]
    nonzero = np.abs(finite[finite != 0])
    whole = bool(np.all(finite == np.round(finite))) and bool(np.all(np.abs(finite) < 1e8))
    wide = nonzero.size > 0 and (nonzero.max() >= 1e8 or nonzero.min() < 1e-4)
    out: list[str] = []
    for v in array.tolist():
        if not math.isfinite(v):
            out.append("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf"))
        elif whole:
            out.append(f"{v:.0f}.")
        elif wide:
            out.append(f"{v:.4e}")
        else:
            out.append(f"{v:.4f}")
    return out


def tensor_text(values: FloatArray | float, dtype: str = "float32") -> str:
    """PyTorch's print of a tensor, in the notebook's spacing: ``tensor([0., 4., 8.])``.

    A plain float prints as a 0-d tensor (``tensor(28.)``); float64 adds its dtype.
    """
    scalar = isinstance(values, float)
    array = np.asarray(values, dtype=np.float64).reshape(-1)
    body = ", ".join(_elements(array))
    if not scalar:
        body = f"[{body}]"
    suffix = ", dtype=torch.float64" if dtype == "float64" else ""
    return f"tensor({body}{suffix})"


class ValuesDock(QObject):
    """The dock, its worker and its reactions (tests reach it as ``window.values``)."""

    def __init__(
        self,
        window: QMainWindow,
        results: SignalInstance,
        plot: PlotView,
        registry: ActionRegistry,
        *,
        language_changed: SignalInstance | None = None,
        evaluate: EvaluateFn | None = None,
    ) -> None:
        super().__init__(window)
        self.plot = plot
        self.dock = QDockWidget("Values", window)
        self.dock.setObjectName("valuesDock")
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        label = QLabel("&x at:")
        self.input = QLineEdit()
        self.input.setObjectName("valuesX")
        self.input.setPlaceholderText("0, 1, 2, 3")
        self.input.setAccessibleName("Points to evaluate at")
        self.input.setToolTip("Points to evaluate f at, separated by commas (Enter to apply)")
        label.setBuddy(self.input)
        self.copy_button = QPushButton("Copy as CSV")
        self.copy_button.setObjectName("valuesCopy")
        self.copy_button.setToolTip("Copy x, f and its derivatives at these points as CSV")
        row.addWidget(label)
        row.addWidget(self.input, 1)
        row.addWidget(self.copy_button)
        lay.addLayout(row)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("valuesTable")
        self.table.setAccessibleName("Values of f and its derivatives")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        self.tensor = QLabel()
        self.tensor.setObjectName("valuesTensor")
        self.tensor.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tensor.setWordWrap(True)
        self.tensor.setProperty("i18n_exempt", True)  # PyTorch's own print
        lay.addWidget(self.tensor)
        self.message = QLabel()
        self.message.setObjectName("valuesMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.message.setVisible(False)
        lay.addWidget(self.message)
        self.dock.setWidget(body)
        self.dock.setMinimumWidth(300)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.action = registry.add(
            "values", "&Values", self.dock.toggleViewAction(), menu="view", section="tools",
            order=220, shortcut="Ctrl+Shift+L", toolbar=50,
            tooltip="Values of f and its derivatives at chosen points (Ctrl+Shift+L)",
            object_name="valuesAction",
        )

        self.evaluator = Evaluator(self, evaluate=evaluate, preempt=False)  # f goes first
        self.evaluator.resultReady.connect(self._on_values)
        self._base: Request | None = None
        self.result: Result | None = None
        results.connect(self._on_plot_result)
        self.input.returnPressed.connect(self.refresh)
        self.input.editingFinished.connect(self.refresh)
        self.copy_button.clicked.connect(self.copy_csv)
        self.table.cellClicked.connect(self._on_row_clicked)
        self.dock.visibilityChanged.connect(self._on_visible)
        if language_changed is not None:
            language_changed.connect(self._on_language)
        self._set_headers(1)

    # --- requests --------------------------------------------------------------------
    def points(self) -> tuple[float, ...] | None:
        """The typed points, else the lesson's x values; None when there are neither."""
        text = self.input.text().strip()
        if text:
            return parse_points(text)
        if self._base is not None and self._base.x_values:
            return tuple(self._base.x_values)
        return None

    def request(self) -> Request | None:
        if self._base is None:
            return None
        points = self.points()
        if not points:
            return None
        return replace(self._base, x_values=points, request_id=self.evaluator.new_id())

    def refresh(self) -> Request | None:
        """Evaluate at the current points (when the dock is shown)."""
        try:
            request = self.request()
        except ValuesError as exc:
            self._show_message(str(exc))
            return None
        if request is None:
            self._clear()
            return None
        self._show_message("")
        if not self.evaluator.started:
            self.evaluator.start()
        self.evaluator.submit(request)
        return request

    def _on_plot_result(self, result: Result) -> None:
        if result.error is not None and not result.request.source:
            return
        self._base = result.request
        if self.dock.isVisible():
            self.refresh()

    def _on_visible(self, visible: bool) -> None:
        if visible:
            self.refresh()

    # --- results ---------------------------------------------------------------------
    def _on_values(self, result: Result) -> None:
        self.result = result
        if result.error is not None or result.f is None:
            self._clear()
            title = localize_error(result.error).title if result.error else tr("no values")
            self._show_message(trf("No values: %1", title))
            return
        self._show_message("")
        x = result.x
        columns: list[FloatArray] = [x, result.f, *result.derivatives]
        self._set_headers(len(result.derivatives))
        self.table.setRowCount(len(x))
        for i in range(len(x)):
            for j, col in enumerate(columns):
                item = QTableWidgetItem(format_number(float(col[i]), 8))
                item.setData(Qt.ItemDataRole.UserRole, float(col[i]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        grad = result.df
        self.tensor.setText(
            "" if grad is None else "x.grad = " + tensor_text(grad, result.request.dtype)
        )

    def _set_headers(self, orders: int) -> None:
        headers = ["x", "f(x)", *PRIMES[:orders]]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        first = self.table.horizontalHeaderItem(0)
        if first is not None:
            first.setToolTip(tr("the points f was evaluated at"))

    def _clear(self) -> None:
        self.table.setRowCount(0)
        self.tensor.setText("")

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _on_language(self, *_args: object) -> None:
        if self.result is not None and self.result.error is not None:
            self._on_values(self.result)

    # --- user actions ------------------------------------------------------------------
    def csv(self) -> str:
        if self.result is None:
            raise ValueError("there are no values to copy yet")
        return csv_text(self.result)

    def copy_csv(self) -> str:
        try:
            text = self.csv()
        except ValueError as exc:
            self._show_message(str(exc))
            return ""
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(text)
        return text

    def row_x(self, row: int) -> float:
        item = self.table.item(row, 0)
        if item is None:
            raise IndexError(row)
        return float(item.data(Qt.ItemDataRole.UserRole))

    def _on_row_clicked(self, row: int, _column: int) -> None:
        self.show_at(self.row_x(row))

    def show_at(self, x: float) -> None:
        """Move the plot's cursor readout and tangent line to ``x``."""
        self.plot.set_tangent_visible(True)
        self.plot.set_cursor(x)
