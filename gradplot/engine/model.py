"""The plain data that crosses the engine's boundary: Request in, Result out.

This module imports neither torch nor Qt, so the GUI can build requests and read
results before torch has finished importing on the worker thread.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

# float32 or float64, as the request's dtype: no conversion cost at 10^6 points
FloatArray = npt.NDArray[np.floating[Any]]
DType = Literal["float32", "float64"]

DEFAULT_RANGE: tuple[float, float] = (-2 * math.pi, 2 * math.pi)
DEFAULT_POINTS = 400
MAX_POINTS = 4_000_000
MAX_ORDER = 4
MAX_PASSES = 3
DEFAULT_TIME_LIMIT = 2.0


@dataclass(frozen=True)
class Request:
    """Everything one evaluation needs: a frozen snapshot built by the caller.

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
    vector_input: bool = True
    detach: bool = True
    retain_graph: bool = False
    backward_passes: int = 1
    zero_grad: bool = True
    strict_backward: bool = False
    order: int = 1
    request_id: int = 0


@dataclass(frozen=True)
class ErrorInfo:
    """One user-facing failure, explained.

    ``kind`` is stable (tests, translations and lessons key on it); ``title`` is one
    line; ``explanation`` is two or three plain sentences; ``hint`` is the PyTorch (or
    gradplot) code that fixes it; ``raw`` is the original Python/PyTorch message;
    ``line``/``column`` (1-based) point into the user's source when known.
    """

    kind: str
    title: str
    explanation: str
    hint: str
    raw: str = ""
    line: int | None = None
    column: int | None = None
    details: Mapping[str, str] = field(default_factory=dict)

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
    """

    kind: str
    message: str
    line: int | None = None


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
