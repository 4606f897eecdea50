"""The backward pass at one x, recorded step by step with autograd's own hooks.

Only while the graph view is open (``Request.trace_x`` is set), and after the main
evaluation: f runs once more on the chosen x alone (the whole vector when vector input
has at most :data:`TRACE_VALUE_LIMIT` samples, like the notebook's ``arange(4)``), with
the same switches. What is recorded, all as plain data (:class:`BackpropTrace`):

* every node's forward value, caught as each op returns (a ``TorchFunctionMode``
  active only for this run);
* what each node saved for backward (``_saved_self``...), read from the node, and after
  each pass whether PyTorch has freed it;
* the order autograd's engine runs the nodes in, and the gradient into and out of each
  (``Node.register_prehook`` / ``Node.register_hook``), pass by pass; a pass PyTorch
  refuses (``backward_twice``) ends at the node that found its tensors gone;
* x.grad after each pass; with order >= 2, the same for the graph create_graph built.

Nothing here touches the user's code or the main evaluation's tensors.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, Literal

import numpy as np
import torch
from torch.overrides import TorchFunctionMode

from gradplot.engine.errors import explain
from gradplot.engine.language import compile_source
from gradplot.engine.model import (
    TRACE_VALUE_LIMIT,
    BackpropTrace,
    Request,
    Result,
    SavedValue,
    TraceGraph,
    TraceNode,
    TracePass,
    TraceStep,
    TraceValue,
)
from gradplot.engine.namespace import Runtime
from gradplot.engine.sampling import FloatArray

TRACE_NODE_LIMIT = 60  # nodes shown and hooked; a longer graph is counted, not stepped
TRACE_COUNT_LIMIT = 1_000  # as evaluation's graph count: a deep walk would crash C++
TRACE_TEXT_LIMIT = 40
FORWARD_VALUE_LIMIT = 5_000  # ops whose value is kept (a long loop keeps the first ones)
# no trace for failures that a second run would only repeat (or repeat slowly)
SKIP_KINDS = frozenset({"request", "syntax", "name", "cancelled", "timeout", "internal"})

_DTYPES = {"float32": torch.float32, "float64": torch.float64}
Kind = Literal["op", "leaf", "output", "cut"]


def zero_grad_between_passes(x: torch.Tensor, create_graph: bool) -> None:
    """The notebook's ``x.grad.zero_()`` before another backward pass. A gradient built
    with ``create_graph`` is part of a graph: it is dropped, not zeroed in place."""
    if x.grad is None:
        return
    if create_graph:
        x.grad = None
    else:
        x.grad.zero_()


def with_backprop(
    result: Result,
    cancel: Callable[[], bool] | None = None,
    *,
    time_limit: float | None = None,
) -> Result:
    """``result`` with the backward pass at ``result.request.trace_x`` recorded.

    ``time_limit``: seconds the trace's run of f may take (default: the request's).
    """
    request = result.request
    if request.trace_x is None or len(result.x) == 0:
        return result
    if result.error is not None and result.error.kind in SKIP_KINDS:
        return result
    if not math.isfinite(request.trace_x):
        return result
    try:
        compiled = compile_source(request.source)
    except Exception:  # the main result already explains it
        return result
    params = {name: float(request.params.get(name, 1.0)) for name in compiled.param_names}
    whole = request.vector_input and len(result.x) <= TRACE_VALUE_LIMIT
    points = np.asarray(result.x) if whole else np.array([request.trace_x])
    dtype = _DTYPES.get(request.dtype, torch.float32)
    x = torch.tensor(points, dtype=dtype)
    if not request.vector_input:
        x = x.reshape(())
    x.requires_grad_()
    runtime = Runtime(
        x=x,
        dtype=dtype,
        detach=request.detach,
        vector=request.vector_input,
        time_limit=request.time_limit if time_limit is None else time_limit,
        cancel=cancel,
    )
    recorder = _Recorder(request, x)
    start = time.perf_counter()
    try:
        fn = compiled.bind(runtime.globals_for(params))
        with recorder.forward_mode:
            y = fn(x)
        trace = recorder.backward(y)
    except Exception as exc:
        trace = BackpropTrace(x=_value(x), whole_vector=whole, error=explain(exc))
    finally:
        recorder.close()
    ms = (time.perf_counter() - start) * 1000.0
    return replace(
        result,
        backprop=replace(trace, whole_vector=whole),
        timings=(*result.timings, ("trace", ms)),
    )


def _value(t: torch.Tensor) -> TraceValue:
    t = t.detach()
    if t._is_zerotensor():  # autograd's compact zeros have no storage to read
        t = torch.zeros(t.shape, dtype=t.dtype)
    flat = t.reshape(-1)[:TRACE_VALUE_LIMIT].to(torch.float64)
    values: FloatArray = flat.numpy()
    return TraceValue(shape=tuple(t.shape), values=tuple(float(v) for v in values))


def _maybe_value(t: Any) -> TraceValue | None:
    return _value(t) if isinstance(t, torch.Tensor) and not t.is_complex() else None


def _tensors(obj: Any) -> Iterator[torch.Tensor]:
    if isinstance(obj, torch.Tensor):
        yield obj
    elif isinstance(obj, list | tuple):
        for item in obj:
            if isinstance(item, torch.Tensor):
                yield item


class _ForwardValues(TorchFunctionMode):
    """Catches each op's output as it is made: the value behind its grad_fn, and which
    ops consumed a tensor that detach() cut off (directly or through ops on it)."""

    def __init__(self) -> None:
        super().__init__()
        # id(grad_fn) -> the tensor it made and that tensor's version: read only for the
        # nodes shown, and only if no in-place op changed it since
        self.values: dict[int, tuple[torch.Tensor, int]] = {}
        self.keep: list[Any] = []  # keeps grad_fns and cut tensors alive: ids stay unique
        self.cut_of: dict[int, int] = {}  # id(tensor) -> cut number
        self.cut_values: list[TraceValue] = []
        self.cut_edges: set[tuple[int, int]] = set()  # (cut number, id(consumer grad_fn))

    def __torch_function__(
        self,
        func: Any,
        types: Any,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
    ) -> Any:
        out = func(*args, **(kwargs or {}))
        # most calls are numel(), shape and the like: nothing to record
        if not isinstance(out, torch.Tensor | tuple | list):
            return out
        if len(self.keep) >= FORWARD_VALUE_LIMIT:
            return out
        cuts: set[int] = set()
        if self.cut_of:
            inputs = [t for a in (*args, *(kwargs or {}).values()) for t in _tensors(a)]
            cuts = {self.cut_of[id(t)] for t in inputs if id(t) in self.cut_of}
        if (
            getattr(func, "__name__", "") == "detach"
            and isinstance(args[0] if args else None, torch.Tensor)
            and args[0].requires_grad
        ):
            for t in _tensors(out):
                self.cut_of[id(t)] = len(self.cut_values)
                self.cut_values.append(_value(t))
                self.keep.append(t)
            return out
        for t in _tensors(out):
            node = t.grad_fn
            if node is not None:
                if id(node) not in self.values:
                    self.values[id(node)] = (t, t._version)
                    self.keep.append(node)
                for c in cuts:
                    self.cut_edges.add((c, id(node)))
            elif cuts:  # e.g. u * 2 with u detached: still on the cut branch
                self.cut_of[id(t)] = min(cuts)
                self.keep.append(t)
        return out


    def note(self, t: Any) -> None:
        """Remember ``t`` as the value of its grad_fn: with create_graph, the gradients
        backward computes are the values of the graph it builds for f′."""
        if not isinstance(t, torch.Tensor) or len(self.keep) >= FORWARD_VALUE_LIMIT:
            return
        node = t.grad_fn
        if node is not None and id(node) not in self.values:
            self.values[id(node)] = (t, t._version)
            self.keep.append(node)

    def value_of(self, node: Any) -> TraceValue | None:
        found = self.values.get(id(node))
        if found is None:
            return None
        tensor, version = found
        if tensor._version != version or tensor.is_complex():
            return None
        return _value(tensor)


class _Graph:
    """The nodes behind one root, numbered, with hooks that log each step."""

    def __init__(self, root: Any, x: torch.Tensor, forward: _ForwardValues) -> None:
        self.root = root
        self.objects: list[Any] = []  # node objects by id, up to TRACE_NODE_LIMIT
        self.ids: dict[int, int] = {}
        self.edges: list[tuple[int, int]] = []
        self.total = 0
        self.steps: list[TraceStep] = []
        self._handles: list[Any] = []
        self._forward = forward
        self._walk()
        self.nodes = [self._node(i, obj, x, forward) for i, obj in enumerate(self.objects)]
        self._add_cuts(forward)

    def _walk(self) -> None:
        seen: set[int] = set()
        keep: list[Any] = []  # id() must stay unique while counting
        order: list[Any] = []
        stack = [self.root]
        while stack and len(seen) < TRACE_COUNT_LIMIT:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            keep.append(node)
            if len(order) < TRACE_NODE_LIMIT:
                self.ids[id(node)] = len(order)
                order.append(node)
            for child, _ in getattr(node, "next_functions", ()):
                if child is not None:
                    stack.append(child)
        self.total = len(seen)
        self.objects = order
        for node in order:
            for child, _ in getattr(node, "next_functions", ()):
                if child is not None and id(child) in self.ids:
                    self.edges.append((self.ids[id(child)], self.ids[id(node)]))

    def _node(self, i: int, obj: Any, x: torch.Tensor, forward: _ForwardValues) -> TraceNode:
        name = type(obj).__name__
        kind: Kind = "leaf" if name == "AccumulateGrad" else (
            "output" if obj is self.root else "op"
        )
        value = _value(x) if kind == "leaf" else forward.value_of(obj)
        return TraceNode(id=i, name=name, kind=kind, value=value, saved=_saved(obj))

    def _add_cuts(self, forward: _ForwardValues) -> None:
        if not forward.cut_values:
            return
        cut_ids: dict[int, int] = {}
        for cut, consumer in sorted(forward.cut_edges):
            if consumer not in self.ids:
                continue
            if cut not in cut_ids:
                cut_ids[cut] = len(self.nodes)
                self.nodes.append(
                    TraceNode(cut_ids[cut], "detach", "cut", forward.cut_values[cut])
                )
            self.edges.append((cut_ids[cut], self.ids[consumer]))

    # -- hooks ------------------------------------------------------------------------
    def hook(self) -> None:
        for i, obj in enumerate(self.objects):
            self._handles.append(obj.register_prehook(self._pre(i)))
            self._handles.append(obj.register_hook(self._post(i, obj)))

    def _pre(self, i: int) -> Callable[[tuple[Any, ...]], None]:
        def pre(grad_outputs: tuple[Any, ...]) -> None:
            self.steps.append(TraceStep(i, tuple(_maybe_value(g) for g in grad_outputs)))
            for g in grad_outputs:
                self._forward.note(g)

        return pre

    def _post(self, i: int, obj: Any) -> Callable[[tuple[Any, ...], tuple[Any, ...]], None]:
        targets = tuple(
            self.ids.get(id(child), -1) if child is not None else -1
            for child, _ in getattr(obj, "next_functions", ())
        )

        def post(grad_inputs: tuple[Any, ...], _grad_outputs: tuple[Any, ...]) -> None:
            for g in grad_inputs:
                self._forward.note(g)
            for k in range(len(self.steps) - 1, -1, -1):
                if self.steps[k].node == i:
                    out = tuple(_maybe_value(g) for g in grad_inputs)
                    self.steps[k] = replace(self.steps[k], grad_out=out, targets=targets)
                    break

        return post

    def unhook(self) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles = []

    def mark_freed(self, p: int) -> None:
        """Note which saved values PyTorch has freed by the end of pass ``p``."""
        for i, obj in enumerate(self.objects):
            node = self.nodes[i]
            saved = tuple(
                replace(s, freed_after=p) if s.freed_after is None and _freed(obj, s.name) else s
                for s in node.saved
            )
            if saved != node.saved:
                self.nodes[i] = replace(node, saved=saved)

    def take_steps(self) -> tuple[TraceStep, ...]:
        steps, self.steps = tuple(self.steps), []
        return steps


def _saved(obj: Any) -> tuple[SavedValue, ...]:
    out: list[SavedValue] = []
    for attr in dir(obj):
        if not attr.startswith("_saved_"):
            continue
        try:
            value = getattr(obj, attr)
        except RuntimeError:
            out.append(SavedValue(attr, freed_after=0))
            continue
        if isinstance(value, torch.Tensor):
            out.append(SavedValue(attr, value=_value(value)))
        else:
            out.append(SavedValue(attr, text=repr(value)[:TRACE_TEXT_LIMIT]))
    return tuple(out)


def _freed(obj: Any, attr: str) -> bool:
    try:
        getattr(obj, attr)
    except RuntimeError:
        return True
    return False


class _Recorder:
    def __init__(self, request: Request, x: torch.Tensor) -> None:
        self.request = request
        self.x = x
        self.forward_mode = _ForwardValues()
        self._graphs: list[_Graph] = []

    def close(self) -> None:
        for graph in self._graphs:
            graph.unhook()
        self._graphs = []
        self.forward_mode.keep.clear()
        self.x.grad = None  # breaks the reference cycle create_graph leaves behind

    def _root_of(self, y: torch.Tensor) -> Any:
        if y.grad_fn is not None:
            return y.grad_fn
        return torch.autograd.graph.get_gradient_edge(y).node  # y is x itself

    def backward(self, y: Any) -> BackpropTrace:
        request, x = self.request, self.x
        xv = _value(x)
        if not isinstance(y, torch.Tensor) or not y.requires_grad or y.is_complex():
            return BackpropTrace(x=xv, whole_vector=False)  # nothing to step: no graph
        if y.dtype != x.dtype:
            y = y.to(x.dtype)
        graph = _Graph(self._root_of(y), x, self.forward_mode)
        self._graphs.append(graph)
        graph.hook()
        create = request.order >= 2
        scalar = y.numel() == 1
        passes: list[TracePass] = []
        failed = False
        for p in range(request.backward_passes):
            if p > 0 and request.zero_grad:
                zero_grad_between_passes(x, create)
            last = p == request.backward_passes - 1
            retain = request.retain_graph or (create and last)
            # as the evaluation does: backward(ones_like(y)) is the gradient of y.sum()
            root: Any = y if (scalar or request.strict_backward) else y.sum()
            try:
                root.backward(retain_graph=retain, create_graph=create)
            except Exception as exc:
                grad = _maybe_value(x.grad)
                passes.append(TracePass(graph.take_steps(), grad, explain(exc, phase="backward")))
                failed = True
                break
            passes.append(TracePass(graph.take_steps(), _maybe_value(x.grad)))
            graph.mark_freed(p + 1)
        graph.unhook()
        graphs = [_finish(graph, 1, passes)]
        g = x.grad
        self.forward_mode.note(g)
        for k in range(2, request.order + 1):
            if failed or g is None or not g.requires_grad:
                break
            higher = _Graph(self._root_of(g), x, self.forward_mode)
            self._graphs.append(higher)
            higher.hook()
            x.grad = None
            root = g if g.numel() == 1 else g.sum()
            try:
                root.backward(create_graph=k < request.order)
                step = TracePass(higher.take_steps(), _maybe_value(x.grad))
            except Exception as exc:
                step = TracePass(higher.take_steps(), None, explain(exc, phase="backward"))
                failed = True
            higher.unhook()
            graphs.append(_finish(higher, k, [step]))
            g = x.grad
            self.forward_mode.note(g)
        return BackpropTrace(x=xv, whole_vector=False, graphs=tuple(graphs))


def _finish(graph: _Graph, order: int, passes: list[TracePass]) -> TraceGraph:
    return TraceGraph(
        order=order,
        nodes=tuple(graph.nodes),
        edges=tuple(graph.edges),
        passes=tuple(passes),
        total_nodes=graph.total,
    )
