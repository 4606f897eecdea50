"""The plain data that crosses the engine's boundary: Request in, Result out.

This module imports neither torch nor Qt, nor numpy (its arrays are only annotated
here), so the window can build requests and paint before any of them has loaded.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from gradplot.engine.messages import Message
from gradplot.engine.switches import AutogradSwitches

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    # float32 or float64, as the request's dtype: no conversion cost at 10^6 points
    FloatArray = npt.NDArray[np.floating[Any]]

DType = Literal["float32", "float64"]

DEFAULT_RANGE: tuple[float, float] = (-2 * math.pi, 2 * math.pi)
DEFAULT_POINTS = 400
MAX_POINTS = 4_000_000
DEFAULT_TIME_LIMIT = 2.0


@dataclass(frozen=True)
class Request(AutogradSwitches):
    """Everything one evaluation needs: a frozen snapshot built by the caller.

    The autograd switches are keyword-only fields of :class:`AutogradSwitches`.

    ``x_values`` (explicit sample points) wins over ``x_range``/``points``.
    ``params`` gives values for the free names of the source; missing ones are 1.0.
    """

    source: str
    x_range: tuple[float, float] = DEFAULT_RANGE
    points: int = DEFAULT_POINTS
    x_values: tuple[float, ...] | None = None
    params: Mapping[str, float] = field(default_factory=dict)
    dtype: DType = "float32"
    time_limit: float = DEFAULT_TIME_LIMIT
    request_id: int = 0
    # record the backward pass at this x (Result.backprop); None: the graph view is closed
    trace_x: float | None = None


@dataclass(frozen=True)
class ErrorInfo:
    """One user-facing failure, explained.

    ``kind`` is stable (tests, translations and lessons key on it); ``title`` is one
    line; ``explanation`` is two or three plain sentences; ``hint`` is the PyTorch (or
    gradplot) code that fixes it; ``raw`` is the original Python/PyTorch message;
    ``line``/``column`` (1-based) point into the user's source when known; ``fix``,
    when set, is the user's whole source corrected (maths notation -> Python), ready
    to replace the editor's text in one click.

    ``texts`` holds the :class:`~gradplot.engine.messages.Message` that ``title``,
    ``explanation`` and ``hint`` were rendered from (None for a text shown as written,
    such as a fix in Python); the GUI renders them again in its language. Without
    ``texts`` (an ErrorInfo written by hand) every language shows the texts as they are.
    """

    kind: str
    title: str
    explanation: str
    hint: str
    raw: str = ""
    line: int | None = None
    column: int | None = None
    details: Mapping[str, str] = field(default_factory=dict)
    fix: str | None = None
    texts: tuple[Message | None, Message | None, Message | None] | None = None

    def where(self) -> str:
        if self.line is None:
            return ""
        if self.column is None:
            return f"line {self.line}"
        return f"line {self.line}, column {self.column}"


@dataclass(frozen=True)
class Note:
    """Information about a successful evaluation (not an error).

    kinds: ``branch`` (vector mode decided control flow on x), ``nonfinite`` (NaN/Inf
    values became gaps), ``point_timeout`` (per-point mode left runaway points out),
    ``output`` (what the function printed), ``detach_off``, ``info``.
    ``text`` is what ``message`` was rendered from (None: shown as written).
    """

    kind: str
    message: str
    line: int | None = None
    text: Message | None = None

    @classmethod
    def of(cls, kind: str, text: Message, line: int | None = None) -> Note:
        """A note of ``kind`` that says ``text`` (rendered in English)."""
        return cls(kind, text.render(), line, text)


@dataclass(frozen=True)
class GraphNode:
    """One node of the autograd graph as seen from the output."""

    id: int
    name: str
    kind: Literal["op", "leaf", "output", "cut"]  # cut: a detach()ed tensor fed in here
    shape: tuple[int, ...] | None = None


@dataclass(frozen=True)
class GraphInfo:
    nodes: tuple[GraphNode, ...] = ()
    edges: tuple[tuple[int, int], ...] = ()  # (from node id, to node id): input -> consumer

    @property
    def size(self) -> int:
        return len(self.nodes)


@dataclass(frozen=True)
class Result:
    """What one evaluation produced: data, or an ErrorInfo (never both missing).

    ``derivatives[k]`` is the (k+1)-th derivative; ``f_breaks``/``derivative_breaks``
    are boolean arrays of length ``len(x) - 1``: True where no line may join sample i
    to sample i+1 (a pole or a jump).
    """

    request: Request
    x: FloatArray
    f: FloatArray | None = None
    derivatives: tuple[FloatArray, ...] = ()
    scalar_value: float | None = None
    f_breaks: npt.NDArray[np.bool_] | None = None
    derivative_breaks: tuple[npt.NDArray[np.bool_], ...] = ()
    timings: tuple[tuple[str, float], ...] = ()  # (phase, milliseconds), in order
    graph_nodes: int = 0
    # nodes walked back for each derivative: [f's graph, df's graph (create_graph), ...]
    backprop_nodes: tuple[int, ...] = ()
    graph: GraphInfo | None = None
    param_names: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    output: str = ""
    error: ErrorInfo | None = None
    backprop: BackpropTrace | None = None  # only when request.trace_x was given

    @classmethod
    def refused(cls, request: Request, error: ErrorInfo) -> Result:
        """A Result with no samples, only ``error``."""
        import numpy as np  # here, not at import: the window paints before numpy loads

        return cls(request=request, x=np.empty(0), error=error)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def df(self) -> FloatArray | None:
        return self.derivatives[0] if self.derivatives else None

    def timing(self, phase: str) -> float | None:
        for name, ms in self.timings:
            if name == phase:
                return ms
        return None


# --- the backward pass at one x, step by step (recorded only while the graph view is open)
TRACE_VALUE_LIMIT = 8  # values kept per tensor: the notebook's x = arange(4) fits whole


@dataclass(frozen=True)
class TraceValue:
    """A tensor's shape and its first values (flattened), as plain floats."""

    shape: tuple[int, ...]
    values: tuple[float, ...]

    @property
    def complete(self) -> bool:
        return len(self.values) == math.prod(self.shape)


@dataclass(frozen=True)
class SavedValue:
    """One attribute a node saved for backward (``_saved_self``...).

    ``value`` is a tensor's values, ``text`` anything else (sizes, scalars).
    ``freed_after`` is the pass (1-based) after which PyTorch had freed it, or None.
    """

    name: str
    value: TraceValue | None = None
    text: str = ""
    freed_after: int | None = None


@dataclass(frozen=True)
class TraceNode:
    """A node of the traced graph with its forward value.

    kinds as in :class:`GraphNode`; ``value`` is the op's output (x for the leaf, the
    detached tensor for a cut); None where no single op produced it.
    """

    id: int
    name: str
    kind: Literal["op", "leaf", "output", "cut"]
    value: TraceValue | None = None
    saved: tuple[SavedValue, ...] = ()


@dataclass(frozen=True)
class TraceStep:
    """One node run by autograd's engine: the gradient in, and what it sent on.

    ``grad_out[i]`` goes to the node's i-th input (``next_functions`` order);
    ``targets[i]`` is that input's node id, or -1 when nothing flows there.
    """

    node: int
    grad_in: tuple[TraceValue | None, ...]
    grad_out: tuple[TraceValue | None, ...] = ()
    targets: tuple[int, ...] = ()


@dataclass(frozen=True)
class TracePass:
    """One backward() over the graph: the steps in execution order, x.grad after it.

    ``error`` is set when PyTorch refused the pass (backward_twice: freed saved
    tensors); the last step is then the node that found them gone.
    """

    steps: tuple[TraceStep, ...]
    grad_after: TraceValue | None = None
    error: ErrorInfo | None = None


@dataclass(frozen=True)
class TraceGraph:
    """The graph one derivative walks back: ``order`` 1 is f's graph (walked for f′),
    2 the graph create_graph built for f′ (walked for f″), and so on."""

    order: int
    nodes: tuple[TraceNode, ...]
    edges: tuple[tuple[int, int], ...]  # (input node, consumer), as in GraphInfo
    passes: tuple[TracePass, ...]
    total_nodes: int = 0  # autograd nodes behind the root (up to the count limit)


@dataclass(frozen=True)
class BackpropTrace:
    """The backward pass of f at one x, recorded with autograd's own hooks.

    ``x`` is the traced input: one number, or the whole vector when vector input has
    only a few samples. ``error`` says why nothing could be traced (f failed there).
    """

    x: TraceValue
    whole_vector: bool
    graphs: tuple[TraceGraph, ...] = ()
    error: ErrorInfo | None = None
