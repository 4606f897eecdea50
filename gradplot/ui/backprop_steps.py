"""Stepping through a recorded backward pass: which node runs, what each node shows.

Qt-free. A :class:`Stepper` walks the steps of one :class:`TraceGraph`, pass after
pass, in the order autograd's engine ran them. Position 0 is before backward (forward
values only); position k has just run the k-th step. :meth:`Stepper.node_state` says
what one node shows at the current position.
"""

from __future__ import annotations

from dataclasses import dataclass

from gradplot.engine.model import ErrorInfo, TraceGraph, TraceStep, TraceValue


@dataclass(frozen=True)
class Entry:
    """One position of the timeline: pass ``pass_index`` (0-based), step ``step_index``
    of it (-1: the pass stopped before any node ran)."""

    pass_index: int
    step_index: int

    def step(self, graph: TraceGraph) -> TraceStep | None:
        steps = graph.passes[self.pass_index].steps
        return steps[self.step_index] if self.step_index >= 0 else None


@dataclass(frozen=True)
class NodeState:
    """What a node shows at one position."""

    grad_in: TraceValue | None = None  # the gradient that flowed in during this pass
    ran: bool = False  # it ran in the current pass
    current: bool = False
    failed: bool = False  # the node where PyTorch refused the pass
    freed: frozenset[str] = frozenset()  # saved attributes already freed
    grads_after: tuple[tuple[int, TraceValue | None], ...] = ()  # leaf: (pass, x.grad)


def timeline(graph: TraceGraph) -> tuple[Entry, ...]:
    entries: list[Entry] = []
    for p, trace_pass in enumerate(graph.passes):
        entries.extend(Entry(p, s) for s in range(len(trace_pass.steps)))
        if trace_pass.error is not None and not trace_pass.steps:
            entries.append(Entry(p, -1))
    return tuple(entries)


class Stepper:
    """The position in one graph's backward pass(es)."""

    def __init__(self, graph: TraceGraph) -> None:
        self.graph = graph
        self.entries = timeline(graph)
        self.position = 0

    # -- moving ---------------------------------------------------------------------------
    @property
    def length(self) -> int:
        return len(self.entries)

    @property
    def at_start(self) -> bool:
        return self.position == 0

    @property
    def at_end(self) -> bool:
        return self.position >= self.length

    def forward(self) -> bool:
        if self.at_end:
            return False
        self.position += 1
        return True

    def back(self) -> bool:
        if self.at_start:
            return False
        self.position -= 1
        return True

    def reset(self) -> None:
        self.position = 0

    def go(self, position: int) -> None:
        self.position = min(max(position, 0), self.length)

    # -- what the position means -------------------------------------------------------------
    @property
    def entry(self) -> Entry | None:
        return self.entries[self.position - 1] if self.position > 0 else None

    @property
    def step(self) -> TraceStep | None:
        entry = self.entry
        return entry.step(self.graph) if entry is not None else None

    @property
    def pass_index(self) -> int:
        entry = self.entry
        return entry.pass_index if entry is not None else 0

    @property
    def error(self) -> ErrorInfo | None:
        """PyTorch's refusal, once the step where it happened is reached."""
        entry = self.entry
        if entry is None:
            return None
        trace_pass = self.graph.passes[entry.pass_index]
        last = entry.step_index == len(trace_pass.steps) - 1 or entry.step_index < 0
        return trace_pass.error if last else None

    def step_in_pass(self) -> tuple[int, int]:
        """(1-based step number in its pass, number of steps of that pass)."""
        entry = self.entry
        if entry is None:
            return 0, 0
        return entry.step_index + 1, len(self.graph.passes[entry.pass_index].steps)

    def pass_done(self, p: int) -> bool:
        """Whether every step of pass ``p`` has run at the current position."""
        entry = self.entry
        if entry is None or entry.pass_index < p:
            return False
        if entry.pass_index > p:
            return True
        return entry.step_index == len(self.graph.passes[p].steps) - 1

    def node_state(self, node_id: int) -> NodeState:
        node = next((n for n in self.graph.nodes if n.id == node_id), None)
        if node is None:
            return NodeState()
        entry = self.entry
        grad: TraceValue | None = None
        ran = False
        current = False
        p = -1
        if entry is not None:
            p = entry.pass_index
            steps = self.graph.passes[p].steps
            for k in range(entry.step_index + 1):
                if steps[k].node == node_id:
                    ran = True
                    grad = steps[k].grad_in[0] if steps[k].grad_in else None
            step = entry.step(self.graph)
            current = step is not None and step.node == node_id
        freed = frozenset(
            s.name
            for s in node.saved
            if s.freed_after is not None
            and (s.freed_after == 0 or p + 1 > s.freed_after or (p + 1 == s.freed_after and ran))
        )
        grads: list[tuple[int, TraceValue | None]] = []
        if node.kind == "leaf":
            for q, trace_pass in enumerate(self.graph.passes):
                if q < p or (q == p and ran):
                    grads.append((q + 1, trace_pass.grad_after))
        failed = current and self.error is not None
        return NodeState(grad, ran, current, failed, freed, tuple(grads))


def format_value(value: TraceValue | None, digits: int = 4) -> str:
    """``0.8415``, or ``[0, 1, 4, 9]`` for a vector; ``…`` when values were left out."""
    if value is None:
        return "—"

    def one(v: float) -> str:
        text = f"{v:.{digits}g}"
        return text.replace("-", "−")

    if not value.shape and len(value.values) == 1:
        return one(value.values[0])
    if len(value.values) == 1 and value.complete:
        return one(value.values[0]) if len(value.shape) <= 1 else f"[{one(value.values[0])}]"
    body = ", ".join(one(v) for v in value.values)
    if not value.complete:
        body += ", …"
    return f"[{body}]"
