"""The graph dock's contents: the graph, an x to trace at, and backward() step by step.

With a recorded :class:`~gradplot.engine.model.BackpropTrace` (the engine makes one
while this dock is open) every node shows its forward value at x and what it saved
for backward; ``graphStepForward`` / ``graphStepBack`` / ``graphReset`` (→ ← Home)
walk the backward pass in autograd's own order, highlighting the node that runs and
showing the gradient that flowed into it. Without a trace the plain graph is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gradplot.engine import ErrorInfo, Result
from gradplot.engine.model import BackpropTrace, TraceGraph, TraceNode
from gradplot.ui.backprop_steps import NodeState, Stepper, format_value
from gradplot.ui.graph_view import GraphView, NodeText, _shape_text, uses_detach
from gradplot.ui.i18n import current_language, localize_error, tr, trf

DEFAULT_X = 1.0
PRIMES = ("f′", "f″", "f‴", "f⁗", "f⁽⁵⁾")  # the derivative each graph is walked for


def graph_label(order: int) -> str:
    """The combo box entry for the graph walked for the ``order``-th derivative."""
    if order == 1:
        return tr("f's graph (backward gives f′)")
    return trf("The graph create_graph built for %1 (backward gives %2)",
               PRIMES[order - 2], PRIMES[min(order - 1, len(PRIMES) - 1)])


def _title(node: TraceNode) -> tuple[str, str]:
    shape = _shape_text(node.value.shape) if node.value is not None else ""
    if node.kind == "leaf":
        return "x  (AccumulateGrad)", tr("leaf: x.grad collects here") + (
            f"  {shape}" if shape else "")
    if node.kind == "output":
        return f"y = f(x)  {node.name}", tr("output") + (f"  {shape}" if shape else "")
    if node.kind == "cut":
        return "✂ detach()", tr("cut: no gradient flows back through this branch")
    return node.name, shape


def node_lines(node: TraceNode, state: NodeState) -> tuple[str, ...]:
    """The value, gradient and saved-tensor lines of one node at one step."""
    value = format_value(node.value)
    if node.kind == "leaf":
        lines = [f"x = {value}"]
        lines.extend(trf("x.grad after pass %1: %2", p, format_value(g))
                     for p, g in state.grads_after)
        return tuple(lines)
    if node.kind == "cut":
        return (trf("value: %1", value), tr("it has no grad_fn: backward() stops here"))
    lines = [trf("value: %1", value)]
    lines.append(trf("grad in: %1", format_value(state.grad_in)) if state.ran else
                 trf("grad in: %1", "·"))
    for saved in node.saved:
        if saved.name in state.freed:
            lines.append(trf("%1: freed", saved.name))
        elif saved.value is not None:
            lines.append(f"{saved.name} = {format_value(saved.value)}")
        else:
            lines.append(f"{saved.name} = {saved.text}")
    return tuple(lines)


def widest_lines(node: TraceNode, graph: TraceGraph) -> tuple[str, ...]:
    """Every line the node can show at any step (the view sizes the box to the widest)."""
    if node.kind == "leaf":
        after = tuple((q + 1, p.grad_after) for q, p in enumerate(graph.passes))
        return node_lines(node, NodeState(grads_after=after))
    grads = [s.grad_in[0] if s.grad_in else None
             for p in graph.passes for s in p.steps if s.node == node.id]
    states = [NodeState(), NodeState(freed=frozenset(sv.name for sv in node.saved))]
    states.extend(NodeState(grad_in=g, ran=True) for g in grads)
    return tuple(dict.fromkeys(line for st in states for line in node_lines(node, st)))


class BackpropPanel(QWidget):
    """Controls above the graph view, an explanation of the current step below it."""

    xChosen = Signal(float)  # the user picked an x to trace at

    def __init__(self, view: GraphView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graphPanel")
        self.view = view
        self._x = DEFAULT_X
        self._result: Result | None = None
        self._stepper: Stepper | None = None
        self._signature: object = None
        self.plot_derivative: Callable[[float], float | None] = lambda _x: None

        self.x_edit = QLineEdit(f"{DEFAULT_X:g}")
        self.x_edit.setObjectName("graphX")
        self.x_edit.setMaximumWidth(110)
        self.x_edit.setAccessibleName("x for the backward pass")
        self.x_edit.setToolTip(
            "The x at which backward() is shown step by step. Type a number and press "
            "Enter, click the plot, or take the cursor's x."
        )
        self.x_edit.editingFinished.connect(self._on_x_typed)
        x_label = QLabel("x =")
        x_label.setBuddy(self.x_edit)
        self.cursor_button = QPushButton("Cursor x")
        self.cursor_button.setObjectName("graphCursor")
        self.cursor_button.setToolTip("Trace at the x of the plot's cursor")
        self.which = QComboBox()
        self.which.setObjectName("graphWhich")
        self.which.setAccessibleName("Which graph to step")
        self.which.setToolTip(
            "f's graph, or the graph create_graph built for a higher derivative "
            "(derivative order 2 or more)"
        )
        self.which.addItem(graph_label(1), 1)
        self.which.currentIndexChanged.connect(self._on_which)

        self.reset_button = QPushButton("Reset")
        self.reset_button.setObjectName("graphReset")
        self.reset_button.setToolTip("Back to before backward() (Home)")
        self.back_button = QPushButton("◀ Step back")
        self.back_button.setObjectName("graphStepBack")
        self.back_button.setToolTip("Undo one step of backward() (Left arrow)")
        self.forward_button = QPushButton("Step ▶")
        self.forward_button.setObjectName("graphStepForward")
        self.forward_button.setToolTip("Run the next node of backward(), in autograd's order "
                                       "(Right arrow)")
        self.reset_button.clicked.connect(self.reset)
        self.back_button.clicked.connect(self.step_back)
        self.forward_button.clicked.connect(self.step_forward)
        self.step_label = QLabel("")
        self.step_label.setObjectName("graphStepLabel")
        self.inspector = QLabel("")
        self.inspector.setObjectName("graphInspector")
        self.inspector.setWordWrap(True)
        self.inspector.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.inspector.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.inspector.setMinimumHeight(self.fontMetrics().height() * 3)

        for key, slot in (("Right", self.step_forward), ("Left", self.step_back),
                          ("Home", self.reset)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

        # short rows: the dock stays narrow beside the plot, also with projector fonts
        self.which.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.which.setMinimumContentsLength(12)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(x_label)
        top.addWidget(self.x_edit)
        top.addWidget(self.cursor_button)
        top.addStretch(1)
        steps = QHBoxLayout()
        steps.setContentsMargins(0, 0, 0, 0)
        steps.addWidget(self.reset_button)
        steps.addWidget(self.back_button)
        steps.addWidget(self.forward_button)
        steps.addStretch(1)
        bold = self.step_label.font()
        bold.setBold(True)
        self.step_label.setFont(bold)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        lay.addLayout(top)
        lay.addWidget(self.which)
        lay.addLayout(steps)
        lay.addWidget(view, 1)
        lay.addWidget(self.step_label)
        lay.addWidget(self.inspector)
        self._update_buttons()

    # --- x -----------------------------------------------------------------------------
    @property
    def trace_x(self) -> float:
        return self._x

    def set_x(self, x: float) -> None:
        """Trace at ``x`` (from a click on the plot, the cursor, or typed)."""
        if not math.isfinite(x):
            return
        self._x = float(x)
        self.x_edit.setText(f"{self._x:.6g}")
        self.x_edit.setStyleSheet("")
        self.xChosen.emit(self._x)

    def _on_x_typed(self) -> None:
        text = self.x_edit.text().strip().replace("−", "-")
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.x_edit.setStyleSheet("QLineEdit { border: 2px solid #B00020; }")
            self.inspector.setText(
                trf("'%1' is not a number. Type x as a plain number, such as 1 or -0.5.",
                    self.x_edit.text())
            )
            return
        if value != self._x or self.x_edit.styleSheet():
            self.set_x(value)

    # --- results -----------------------------------------------------------------------
    @property
    def trace(self) -> BackpropTrace | None:
        result = self._result
        return result.backprop if result is not None else None

    @property
    def stepper(self) -> Stepper | None:
        return self._stepper

    def graph(self) -> TraceGraph | None:
        trace = self.trace
        if trace is None or not trace.graphs:
            return None
        order = self.which.currentData()
        for g in trace.graphs:
            if g.order == order:
                return g
        return trace.graphs[0]

    def set_result(self, result: Result) -> None:
        """Show ``result``: stepped when it carries a trace, else the plain graph."""
        self._result = result
        trace = result.backprop
        # a few samples in vector mode are traced whole: no single x to pick
        whole = trace is not None and trace.whole_vector
        self.x_edit.setEnabled(not whole)
        self.cursor_button.setEnabled(not whole)
        self._sync_which(trace)
        self._take_graph()

    def _sync_which(self, trace: BackpropTrace | None) -> None:
        orders = [g.order for g in trace.graphs] if trace is not None else [1]
        current = [self.which.itemData(i) for i in range(self.which.count())]
        if orders != current:
            chosen = self.which.currentData()
            self.which.blockSignals(True)
            self.which.clear()
            for order in orders or [1]:
                self.which.addItem(graph_label(order), order)
            index = self.which.findData(chosen)
            self.which.setCurrentIndex(max(index, 0))
            self.which.blockSignals(False)
        self.which.setEnabled(self.which.count() > 1)

    def _on_which(self, _index: int) -> None:
        self._take_graph()

    def _take_graph(self) -> None:
        graph = self.graph()
        if graph is None:
            self._stepper = None
            self._signature = None
            result = self._result
            if result is not None:
                self.view.set_graph(
                    result.graph if result.ok else None, result.request, result.graph_nodes
                )
            self._update_buttons()
            self._explain()
            return
        # the same graph at a new x keeps its position: scrub x while stepped
        signature = (
            graph.order,
            tuple((n.name, n.kind) for n in graph.nodes),
            tuple(tuple(s.node for s in p.steps) for p in graph.passes),
        )
        position = self._stepper.position if self._stepper is not None else 0
        self._stepper = Stepper(graph)
        if signature == self._signature:
            self._stepper.go(position)
        self._signature = signature
        self._draw()

    def retranslate(self) -> None:
        for i in range(self.which.count()):
            self.which.setItemText(i, graph_label(int(self.which.itemData(i))))
        if self._stepper is not None:
            self._draw()
        else:
            self._explain()

    # --- stepping ----------------------------------------------------------------------
    def step_forward(self) -> None:
        if self._stepper is not None and self._stepper.forward():
            self._draw()

    def step_back(self) -> None:
        if self._stepper is not None and self._stepper.back():
            self._draw()

    def reset(self) -> None:
        if self._stepper is not None:
            self._stepper.reset()
            self._draw()

    def _update_buttons(self) -> None:
        s = self._stepper
        self.forward_button.setEnabled(s is not None and not s.at_end)
        self.back_button.setEnabled(s is not None and not s.at_start)
        self.reset_button.setEnabled(s is not None and not s.at_start)

    def node_texts(self) -> list[NodeText]:
        """What each node shows at the current step (tests read these)."""
        s = self._stepper
        if s is None:
            return []
        out: list[NodeText] = []
        for node in s.graph.nodes:
            state = s.node_state(node.id)
            title, subtitle = _title(node)
            flag = "failed" if state.failed else ("current" if state.current else (
                "ran" if state.ran else ""))
            widest = widest_lines(node, s.graph)
            rows = len(widest) if node.kind == "leaf" else 0  # one more line per pass
            out.append(NodeText(node.id, node.kind, title, subtitle, node_lines(node, state),
                                flag, widest, rows))
        return out

    def _draw(self) -> None:
        s = self._stepper
        if s is None:
            return
        step = s.step
        flow: set[tuple[int, int]] = set()
        if step is not None:  # the gradient into the running node came from its consumers
            for a, b in s.graph.edges:
                if a == step.node and s.node_state(b).ran:
                    flow.add((a, b))
        self.view.show_steps(self.node_texts(), list(s.graph.edges), flow, self._caption(),
                             (id(s.graph), self._signature))
        self._update_buttons()
        self._explain()

    def _caption(self) -> str:
        trace = self.trace
        parts: list[str] = []
        if trace is not None:
            # the graphs side by side: exercise 1, why f″ costs more than f′
            for g in trace.graphs:
                parts.append(trf("for %1: %2 nodes", PRIMES[g.order - 1], g.total_nodes))
            graph = self.graph()
            if graph is not None and len(graph.nodes) < graph.total_nodes:
                shown = sum(1 for n in graph.nodes if n.kind != "cut")
                parts.append(trf("showing the first %1 of %2", shown, graph.total_nodes))
            if graph is not None and any(n.kind == "cut" for n in graph.nodes):
                parts.append(tr("dashed: cut by detach()"))
            request = self._result.request if self._result is not None else None
            if request is not None and not request.detach and uses_detach(request.source):
                parts.append(tr("detach() is switched off: the branch stays in the graph"))
        return " · ".join(parts)

    # --- the explanation below the graph ----------------------------------------------------
    def explanation(self) -> str:
        """The inspector's text for the current step (plain text)."""
        result = self._result
        trace = self.trace
        if result is None:
            return ""
        if trace is None:
            return tr("Open this view to see the backward pass step by step.") if (
                result.request.trace_x is None and result.ok) else ""
        if trace.error is not None:
            info = localize_error(trace.error)
            return trf("f could not be traced at x = %1: %2", format_value(trace.x), info.title)
        s = self._stepper
        if s is None:
            return tr("No autograd graph at this x: f is not connected to x by tensor "
                      "operations.")
        x_text = format_value(trace.x)
        graph = s.graph
        primes = PRIMES[graph.order - 1]
        if s.at_start:
            text = trf("Forward pass done: each node shows its value at x = %1. Step ▶ runs "
                       "backward() one node at a time, in the order autograd runs them.", x_text)
            if trace.whole_vector:
                text += _gap() + trf("x is the whole vector of %1 samples.", len(trace.x.values))
            if any(n.kind == "cut" for n in graph.nodes):
                text += _gap() + tr("The dashed node is a detach(): its value is used, but it has "
                                 "no grad_fn, so no gradient flows back through it.")
            return text
        step = s.step
        # the step number is in the label just above
        error = s.error
        if step is None:
            assert error is not None
            return self._error_text(trf("Pass %1 did not start.", s.pass_index + 1), error)
        node = next(n for n in graph.nodes if n.id == step.node)
        grad_in = format_value(step.grad_in[0] if step.grad_in else None)
        text = trf("%1 receives the gradient %2.", node.name, grad_in)
        if error is not None:
            return self._error_text(text, error)
        names = {n.id: n.name for n in graph.nodes}
        for target, grad in zip(step.targets, step.grad_out, strict=False):
            if target >= 0 and grad is not None:
                text += _gap() + trf("It sends %1 to %2.", format_value(grad), names[target])
        if node.kind == "leaf":
            after = format_value(graph.passes[s.pass_index].grad_after)
            request = result.request
            if graph.order == 1 and s.pass_index > 0 and not request.zero_grad:
                text += _gap() + trf("x.grad is now %1, that is %2 × %3(%4).", after,
                                     s.pass_index + 1, primes, x_text)
                text += _gap() + tr("Zero grad is off, so this pass added f′(x) to x.grad "
                                    "again: gradients accumulate.")
            else:
                text += _gap() + trf("x.grad is now %1, that is %2(%3).", after, primes, x_text)
            last = s.pass_index == len(graph.passes) - 1  # the plot shows the last pass
            if graph.order == 1 and last and len(trace.x.values) == 1:
                on_plot = self.plot_derivative(trace.x.values[0])
                if on_plot is not None and math.isfinite(on_plot):
                    text += _gap() + trf("The plot's f′ there: %1.", format_value_number(on_plot))
            freed = any(sv.freed_after == s.pass_index + 1 for n in graph.nodes for sv in n.saved)
            if freed and s.pass_done(s.pass_index):
                text += _gap() + tr("Retain graph is off: PyTorch has freed the saved tensors, so "
                                 "another backward() through this graph fails.")
        return text

    def _error_text(self, head: str, error: ErrorInfo) -> str:
        info = localize_error(error)
        stop = trf("PyTorch stops here: %1.", info.title)
        return f"{head}{_gap()}{stop}{_gap()}{info.explanation}\n{info.hint}"

    def _explain(self) -> None:
        s = self._stepper
        if s is None:
            self.step_label.setText("")
        elif s.at_start:
            self.step_label.setText(tr("before backward()"))
        else:
            number, total = s.step_in_pass()
            self.step_label.setText(
                trf("pass %1 · step %2 of %3", s.pass_index + 1, number, total)
            )
        self.inspector.setText(self.explanation())


def _gap() -> str:
    """Between two sentences: a space in English, none in Chinese."""
    return "" if current_language() == "zh" else " "


def format_value_number(v: float) -> str:
    return f"{v:.4g}".replace("-", "−")
