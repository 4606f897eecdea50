"""Request -> Result: run the user's function through torch autograd, the notebook's way.

Vector input (the default) calls f once with every sample in one tensor ``x`` that
requires grad; a scalar output gets ``y.backward()``, a non-scalar one
``y.backward(torch.ones_like(y))`` (the gradient of its sum) unless ``strict_backward``
asks for plain ``y.backward()``. Scalar input calls f once per sample with a 0-d
tensor, so Python control flow is decided per point. Passes, ``retain_graph`` and
``x.grad.zero_()`` behave exactly as in PyTorch; higher orders use
``create_graph=True``. Nothing here raises for a user error: the Result carries an
:class:`~gradplot.engine.model.ErrorInfo` instead.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import torch

from gradplot.engine.backprop import with_backprop, zero_grad_between_passes
from gradplot.engine.batching import BatchRunner, group_derivatives
from gradplot.engine.errors import (
    Cancelled,
    EvaluationTimeout,
    GradplotError,
    ShapeProblem,
    explain,
    make_error,
)
from gradplot.engine.language import CompiledFunction, compile_source, xor_as_power
from gradplot.engine.messages import Message, Value, message
from gradplot.engine.model import (
    MAX_POINTS,
    ErrorInfo,
    GraphInfo,
    GraphNode,
    Note,
    Request,
    Result,
)
from gradplot.engine.namespace import Runtime
from gradplot.engine.sampling import FloatArray, find_breaks, grid
from gradplot.engine.switches import MAX_ORDER, MAX_PASSES

DTYPES = {"float32": torch.float32, "float64": torch.float64}
MAX_TIME_LIMIT = 60.0
GRAPH_DETAIL_LIMIT = 400
# Walking a graph from Python leaves its nodes to be freed recursively in C++: walking
# ~60,000 nodes of a long chain crashes on an 8 MB stack, ~5,000 on a 512 KB worker
# thread stack. So the nodes are counted up to this many.
GRAPH_COUNT_LIMIT = 1_000
# error kinds raised by backward() itself, after f was computed
AUTOGRAD_REFUSALS = frozenset({"backward_twice", "no_grad", "nonscalar_backward", "inplace"})
# Per-point mode: the least time one point (or one group run) gets before it is left out.
POINT_TIME_FLOOR = 0.02
# Per-point mode runs points that share a path together; False: one at a time, always.
BATCHING = True
# Stop grouping when runs cost more per point than the loop (False: never stop).
GROUP_COST_CHECK = True
RECENT_RUNS = 4


def evaluate(
    request: Request,
    *,
    cancel: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Evaluate ``request``. Never raises for anything the user typed or chose."""
    start = time.perf_counter()
    result = _evaluate(request, cancel=cancel, progress=progress)
    if request.trace_x is None:
        return result
    # the trace shares the request's time limit: f and its trace together stay within it
    left = request.time_limit - (time.perf_counter() - start)
    return with_backprop(result, cancel, time_limit=left) if left > 0 else result


def _evaluate(
    request: Request,
    *,
    cancel: Callable[[], bool] | None,
    progress: Callable[[int, int], None] | None,
    f_after_refusal: bool = True,
) -> Result:
    try:
        x_np = _sample_points(request)
    except GradplotError as exc:
        return Result(request=request, x=np.zeros(0), error=exc.info)
    try:
        compiled = compile_source(request.source)
    except Exception as exc:  # every compile failure is the user's to read
        return Result(request=request, x=x_np, error=explain(exc))
    try:
        params = _parameters(request, compiled)
    except GradplotError as exc:
        return Result(
            request=request, x=x_np, param_names=compiled.param_names, error=exc.info
        )
    run = _Run(request, compiled, params, x_np, cancel, progress)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if request.vector_input:
                run.vector()
            else:
                run.per_point()
            return run.result()
        except Exception as exc:
            info = explain(exc)
            if "^" in request.source and info.kind in ("type", "runtime"):
                as_power = xor_as_power(request.source, info.raw, info.line, info.column)
                info = explain(as_power) if as_power is not None else info
            if run.at_x is not None and info.kind not in ("cancelled", "timeout", "notation"):
                info = _at_point(info, run.at_x)
            # autograd refused after the forward pass worked: f can still be drawn
            f, scalar_value = run.forward_values() if info.kind in AUTOGRAD_REFUSALS else (
                None, None
            )
            if (
                f is None
                and f_after_refusal
                and info.kind in AUTOGRAD_REFUSALS
                and not request.vector_input
            ):
                f = _forward_per_point(request, cancel)
            return Result(
                request=request,
                x=run.x_eval,
                f=f,
                scalar_value=scalar_value,
                timings=tuple(run.timings.items()),
                param_names=compiled.param_names,
                output=run.output_text(),
                error=info,
            )


def _forward_per_point(
    request: Request, cancel: Callable[[], bool] | None
) -> FloatArray | None:
    """f at every point after per-point mode's backward was refused (at its first point).

    f's values do not depend on the backward switches, so they come from a run whose
    backward cannot be refused: one pass, first order, detach() not honoured.
    """
    plain = replace(
        request,
        backward_passes=1,
        order=1,
        retain_graph=False,
        strict_backward=False,
        detach=False,
        trace_x=None,
    )
    # once only: an in-place change of x is refused whatever the switches
    result = _evaluate(plain, cancel=cancel, progress=None, f_after_refusal=False)
    return result.f if result.error is None else None


def _request_error(which: str, **args: Value) -> GradplotError:
    said = Message(f"request.title.{which}", args)
    return GradplotError(make_error("request", said.render(), title=said))


def _sample_points(request: Request) -> FloatArray:
    if request.dtype not in DTYPES:
        raise _request_error("dtype", dtype=repr(request.dtype))
    if not 1 <= request.order <= MAX_ORDER:
        raise _request_error("order", limit=MAX_ORDER)
    if not 1 <= request.backward_passes <= MAX_PASSES:
        raise _request_error("passes", limit=MAX_PASSES)
    if not (0 < request.time_limit <= MAX_TIME_LIMIT):
        raise _request_error("time_limit", limit=MAX_TIME_LIMIT)
    if request.x_values is not None:
        values = np.asarray(request.x_values, dtype=np.float64).reshape(-1)
        if not 1 <= values.size <= MAX_POINTS:
            raise _request_error("x_values", limit=MAX_POINTS)
        if not np.all(np.isfinite(values)):
            raise _request_error("x_values_finite")
        return values
    lo, hi = (float(v) for v in request.x_range)
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
        raise _request_error("x_range", low=lo, high=hi)
    if not 1 <= request.points <= MAX_POINTS:
        raise _request_error("points", limit=MAX_POINTS)
    return grid(lo, hi, request.points)


def _parameters(request: Request, compiled: CompiledFunction) -> dict[str, float]:
    params: dict[str, float] = {}
    for name in compiled.param_names:
        value = request.params.get(name, 1.0)
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise _request_error("param", name=name) from None
        if not math.isfinite(number):
            raise _request_error("param_finite", name=name)
        params[name] = number
    return params


def _at_point(info: ErrorInfo, x: float) -> ErrorInfo:
    texts = info.texts or (None, None, None)
    said = message("title.at_point", title=texts[0] or info.title, x=f"{x:.6g}")
    return replace(
        info,
        title=said.render(),
        details={**info.details, "x": f"{x:.17g}"},
        texts=(said, texts[1], texts[2]),
    )


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0


def _numpy(t: torch.Tensor) -> FloatArray:
    """The values of ``t`` as a flat numpy array in t's own dtype (no copy when possible)."""
    t = t.detach()
    if t._is_zerotensor():  # autograd's compact "all zeros" has no storage to share
        t = torch.zeros(t.shape, dtype=t.dtype)
    array: FloatArray = t.reshape(-1).numpy()
    return array


@dataclass
class _Outcome:
    """One differentiated output: value(s) and derivatives as tensors."""

    f: torch.Tensor
    scalar: bool
    derivatives: list[torch.Tensor] = field(default_factory=list)


class _Run:
    """The state of one evaluation."""

    def __init__(
        self,
        request: Request,
        compiled: CompiledFunction,
        params: dict[str, float],
        x_np: FloatArray,
        cancel: Callable[[], bool] | None,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.request = request
        self.compiled = compiled
        self.params = params
        self.dtype = DTYPES[request.dtype]
        self.cancel = cancel
        self.progress = progress
        self.x_np = x_np
        # the samples as f sees them (rounded to the dtype); never handed to user code
        self.x_tensor = torch.from_numpy(x_np).to(self.dtype)
        self.x_eval = _numpy(self.x_tensor).copy()
        self.timings: dict[str, float] = {}
        self.notes: list[Note] = []
        self.at_x: float | None = None
        self.graph: GraphInfo | None = None
        self.graph_nodes = 0
        self.backprop_nodes: list[int] = []
        self.f: FloatArray | None = None
        self.derivatives: list[FloatArray] = []
        self.scalar_value: float | None = None
        self.runtime: Runtime | None = None
        # f once vector mode's forward pass is done (drawn if backward refuses)
        self.forward_f: torch.Tensor | None = None

    def forward_values(self) -> tuple[FloatArray | None, float | None]:
        """(f, its scalar value) from the forward pass alone: what a refused backward leaves."""
        y = self.forward_f
        if y is None:
            return None, None
        if y.numel() == 1:
            value = float(y.reshape(()).item())
            return np.full(len(self.x_eval), value, dtype=self.x_eval.dtype), value
        return _numpy(y.to(self.dtype)).copy(), None

    def _add_time(self, phase: str, ms: float) -> None:
        self.timings[phase] = self.timings.get(phase, 0.0) + ms

    def output_text(self) -> str:
        return "".join(self.runtime.output) if self.runtime is not None else ""

    def _bind(self, x: torch.Tensor, *, vector: bool) -> tuple[Runtime, Any]:
        """A fresh runtime for this evaluation and the user's function bound to it."""
        self.runtime = Runtime(
            x=x,
            dtype=self.dtype,
            detach=self.request.detach,
            vector=vector,
            time_limit=self.request.time_limit,
            cancel=self.cancel,
        )
        return self.runtime, self.compiled.bind(self.runtime.globals_for(self.params))

    # -- vector input -----------------------------------------------------------------
    def vector(self) -> None:
        x = self.x_tensor.requires_grad_()
        rt, fn = self._bind(x, vector=True)
        start = time.perf_counter()
        y = fn(x)
        self._add_time("forward", _ms(start))
        outcome = self._differentiate(y, x, per_point=False)
        if outcome.scalar:
            self.scalar_value = float(outcome.f.reshape(()).item())
            self.f = np.full(len(self.x_np), self.scalar_value, dtype=self.x_eval.dtype)
        else:
            self.f = _numpy(outcome.f)
        self.derivatives = [_numpy(d) for d in outcome.derivatives]
        for line in sorted(rt.branch_lines):
            self.notes.append(Note.of("branch", message("note.branch", line=line), line or None))

    # -- scalar input -------------------------------------------------------------------
    def per_point(self) -> None:
        """f once per point, in meaning: point 0 alone, then groups of points that take
        the same path run together (see :mod:`gradplot.engine.batching`), and whatever
        a group cannot express point by point in a loop."""
        n = len(self.x_np)
        self.f = np.full(n, np.nan, dtype=self.x_eval.dtype)
        self.derivatives = [
            np.full(n, np.nan, dtype=self.x_eval.dtype) for _ in range(self.request.order)
        ]
        first = torch.tensor(float(self.x_np[0]), dtype=self.dtype, requires_grad=True)
        rt, fn = self._bind(first, vector=False)
        self._deadline = time.perf_counter() + self.request.time_limit
        self._done = 0
        self._cut_from = n  # the first batched point whose path cut the graph
        self._lost = 0.0  # seconds spent on points that were left out
        timed_out: list[int] = []
        # point 0 always runs alone: its graph is the one the Result shows
        start = time.perf_counter()
        self._loop([0], rt, fn, timed_out, later=n - 1, first=first)
        self._point_ms = _ms(start)  # what the loop costs per point, roughly
        rest = list(range(1, n))
        if BATCHING and rest:
            rest = self._grouped(rest, timed_out)
        self._loop(rest, rt, fn, timed_out, later=0)
        self.at_x = None
        if len(timed_out) == n:
            raise EvaluationTimeout(self.request.time_limit)
        if timed_out:
            values = [float(self.x_eval[i]) for i in sorted(timed_out)]
            shown = ", ".join(f"{v:.4g}" for v in values[:5])
            if len(values) > 5:
                said = message(
                    "note.point_timeout.more", points=shown, more=len(values) - 5,
                    total=len(values),
                )
            else:
                said = message("note.point_timeout", points=shown)
            self.notes.append(Note.of("point_timeout", said))

    def _advance(self, count: int, *, report: bool = False) -> None:
        """``count`` more points are drawn or left out: tell the progress bar (every 1%,
        or now with ``report``)."""
        n = len(self.x_np)
        before = self._done
        self._done += count
        step = max(1, n // 100)
        crossed = self._done // step > before // step
        if self.progress is not None and (report or crossed or self._done == n):
            self.progress(self._done, n)

    def _loop(
        self,
        indices: list[int],
        rt: Runtime,
        fn: Any,
        timed_out: list[int],
        *,
        later: int,
        first: torch.Tensor | None = None,
    ) -> None:
        """The notebook's cell at each point: a fresh 0-d x, f, backward, read x.grad."""
        assert self.f is not None
        for j, i in enumerate(indices):
            if self.cancel is not None and self.cancel():
                raise Cancelled()
            now = time.perf_counter()
            remaining = self._deadline - now
            if remaining <= 0:
                timed_out.extend(indices[j:])
                self._advance(len(indices) - j)
                return
            # A fair share of what is left: a runaway point must not starve the ones after
            # it. The floor lets a slow point finish, until points left out have used half
            # the time limit: many runaways first would otherwise use all of it.
            # No point's share is more than its part of the whole limit, so the last points
            # (a runaway the groups left to the loop) do not take all the time that is left.
            left = len(indices) - j + later
            lost_half = self._lost > self.request.time_limit / 2
            share = min(remaining / left, self.request.time_limit / len(self.x_np))
            budget = min(remaining, max(share, 0.0 if lost_half else POINT_TIME_FLOOR))
            xi = first if first is not None and j == 0 else torch.tensor(
                float(self.x_np[i]), dtype=self.dtype, requires_grad=True
            )
            if self._cut_from < i:  # as if every point before i had run in this loop
                rt.cut_graph = True
            rt.set_point(xi, now + budget)
            self.at_x = float(self.x_eval[i])
            try:
                start = time.perf_counter()
                y = fn(xi)
                self._add_time("forward", _ms(start))
            except EvaluationTimeout:
                timed_out.append(i)
                self._lost += time.perf_counter() - now
                self._advance(1)
                continue
            outcome = self._differentiate(y, xi, per_point=True, count_graph=i == 0)
            self.f[i] = float(outcome.f.reshape(()).item())
            for k, d in enumerate(outcome.derivatives):
                self.derivatives[k][i] = float(d.reshape(()).item())
            self._advance(1, report=i == 0)

    def _grouped(self, indices: list[int], timed_out: list[int]) -> list[int]:
        """Run ``indices`` in groups that share a path; return the points left to the loop."""
        request = self.request
        runner = BatchRunner(
            self.compiled,
            self.params,
            dtype=self.dtype,
            detach=request.detach,
            time_limit=request.time_limit,
            cancel=self.cancel,
        )
        pending = np.asarray(indices, dtype=np.int64)
        looped: list[int] = []
        recent: list[tuple[float, int]] = []  # (ms, points finished) of the last runs
        spent, finished = 0.0, 0
        while pending.size:
            if self.cancel is not None and self.cancel():
                raise Cancelled()
            start = time.perf_counter()
            remaining = self._deadline - start
            if remaining <= 0:
                break
            # The run's points pool their fair shares: the deadline follows the live count.
            # A share is never more than a point's part of the whole limit, so a runaway
            # point left alone at the end does not take all the time that is left.
            share = min(
                remaining / (pending.size + len(looped)), request.time_limit / len(self.x_np)
            )

            def deadline_for(live: int, start: float = start, share: float = share) -> float:
                return min(self._deadline, start + max(POINT_TIME_FLOOR, share * live))

            x = self.x_tensor[torch.from_numpy(pending)].reshape(-1, 1).requires_grad_()
            group = runner.run(x, deadline_for)
            self._add_time("forward", _ms(start))
            live = group.live.numpy()
            members = pending[live]
            kind = group.kind
            if kind == "done":
                assert group.y is not None
                try:
                    self._store_group(group.y, x, live, members)
                except Cancelled:
                    raise
                except Exception:  # e.g. backward twice: the loop raises it at its point
                    kind = "fallback"
            if kind == "done" and group.cut:
                self._cut_from = min(self._cut_from, int(members[0]))
            if kind == "timeout":
                timed_out.extend(int(i) for i in members)
                self._lost += time.perf_counter() - start
            if kind == "fallback":
                looped.extend(int(i) for i in members)
            else:
                self._advance(members.size, report=True)
            pending = pending[~live]
            if kind == "timeout":
                continue  # a runaway says nothing about what grouping costs
            # Where points take their own paths, a run finishes few points and the loop
            # does each for less: stop grouping once runs cost more per point than it.
            done_now = members.size if kind == "done" else 0
            recent = [*recent[1 - RECENT_RUNS:], (_ms(start), done_now)]
            spent, finished = spent + recent[-1][0], finished + done_now
            recent_ms, recent_points = (sum(r) for r in zip(*recent, strict=True))
            if GROUP_COST_CHECK and (
                spent > finished * self._point_ms
                or (len(recent) == RECENT_RUNS and recent_ms > 2 * recent_points * self._point_ms)
            ):
                break
        looped.extend(int(i) for i in pending)
        return sorted(looped)

    def _store_group(
        self, y: torch.Tensor, x: torch.Tensor, live: np.ndarray, members: np.ndarray
    ) -> None:
        request = self.request
        derivatives = group_derivatives(
            y,
            x,
            order=request.order,
            passes=request.backward_passes,
            retain_graph=request.retain_graph,
            zero_grad=request.zero_grad,
            add_time=self._add_time,
        )
        assert self.f is not None
        self.f[members] = _numpy(y)[live]
        for k, d in enumerate(derivatives):
            self.derivatives[k][members] = _numpy(d)[live]

    # -- differentiation, shared by both modes --------------------------------------------
    def _flat(self, values: torch.Tensor, x: torch.Tensor, note: Note) -> _Outcome:
        """f drawn as given with every derivative 0, and ``note`` said once per evaluation."""
        if not any(n.kind == note.kind for n in self.notes):
            self.notes.append(note)
        zeros = [torch.zeros_like(x).detach() for _ in range(self.request.order)]
        return _Outcome(f=values, scalar=False, derivatives=zeros)

    def _differentiate(
        self, y: Any, x: torch.Tensor, *, per_point: bool, count_graph: bool = True
    ) -> _Outcome:
        request = self.request
        n = x.numel()
        if isinstance(y, bool | int | float) and not isinstance(y, torch.Tensor):
            return self._flat(
                torch.full_like(x, float(y)).detach(),
                x,
                Note.of("constant", Message("note.constant")),
            )
        if not isinstance(y, torch.Tensor):
            raise TypeError(
                f"f must return a number or a tensor, not {type(y).__name__}"
            )
        if y.dtype == torch.bool:
            y = y.to(self.dtype)
        if y.is_complex():
            raise TypeError(
                "f returned complex numbers; gradplot draws real functions (use abs(...))"
            )
        rt = self.runtime
        if (
            not y.requires_grad
            and not request.strict_backward
            and rt is not None
            and not rt.cut_graph
            and y.numel() in (1, n)
        ):
            # Not connected to x by differentiable operations (comparisons, where() with
            # constant branches, ones_like): drawn flat, with a note. A graph cut by
            # detach() still reaches backward() below and gets PyTorch's own error.
            values = y.detach().reshape(-1).to(x.dtype)
            if values.numel() == 1 and n != 1:
                values = values.expand(n).clone()
            return self._flat(
                values,
                x,
                Note.of("not_differentiable", Message("note.not_differentiable")),
            )
        scalar = y.numel() == 1
        if per_point and not scalar:
            raise ShapeProblem(message("shape.title.per_point", count=y.numel()))
        if not scalar and tuple(y.shape) != (n,):
            raise ShapeProblem(
                message("shape.title.samples", shape=str(tuple(y.shape)), samples=n)
            )
        if not per_point:
            self.forward_f = y.detach()
        if count_graph:
            cut = self.runtime is not None and self.runtime.cut_graph
            self.graph, self.graph_nodes = _graph_of(y, cut=cut)
            self.backprop_nodes = [self.graph_nodes]

        create = request.order >= 2
        # backward(torch.ones_like(y)) is the gradient of y.sum(); starting from the sum
        # gives the same x.grad (and the same retain/accumulate behaviour, since y's graph
        # is the one reused) without the symbolic-shape import PyTorch performs the first
        # time an explicit gradient tensor is given (~0.4 s and ~60 MB).
        start_from = y if (scalar or request.strict_backward) else None
        for p in range(request.backward_passes):
            if p > 0 and request.zero_grad:
                zero_grad_between_passes(x, create)
            start = time.perf_counter()
            # Higher orders backpropagate through the forward graph again, so the last
            # pass keeps it (PyTorch's own default: retain_graph follows create_graph).
            last = p == request.backward_passes - 1
            retain = request.retain_graph or (create and last)
            root = start_from if start_from is not None else y.sum()
            root.backward(retain_graph=retain, create_graph=create)
            self._add_time(f"backward {p + 1}", _ms(start))
        g = x.grad if x.grad is not None else torch.zeros_like(x)
        derivatives = [g.detach()]
        for k in range(2, request.order + 1):
            if count_graph:
                # the graph that create_graph built: what the k-th derivative walks back
                self.backprop_nodes.append(_graph_of(g)[1] if g.requires_grad else 0)
            start = time.perf_counter()
            if g.requires_grad:
                (nxt,) = torch.autograd.grad(
                    g.sum(), x, create_graph=k < request.order, allow_unused=True
                )
                g = nxt if nxt is not None else torch.zeros_like(x)
            else:
                g = torch.zeros_like(x)
            self._add_time(f"order {k}", _ms(start))
            derivatives.append(g.detach())
        x.grad = None  # breaks the reference cycle that create_graph leaves behind
        return _Outcome(f=y.detach(), scalar=scalar, derivatives=derivatives)

    # -- the result ---------------------------------------------------------------------
    def result(self) -> Result:
        assert self.f is not None
        x = self.x_eval
        f = self.f
        derivs = self.derivatives
        notes = list(self.notes)
        rt = self.runtime
        if rt is not None and not self.request.detach and "detach" in self.request.source:
            notes.append(Note.of("detach_off", Message("note.detach_off")))
        bad = tuple(
            Message(f"curve.{name}")
            for name, values in (("f", f), *((_label(k), d) for k, d in enumerate(derivs)))
            if not np.all(np.isfinite(values))
        )
        if bad:
            count = int(np.sum(~np.isfinite(f)))
            said = message(
                "note.nonfinite.one" if len(bad) == 1 else "note.nonfinite.many",
                names=bad, count=count, samples=len(x),
            )
            notes.append(Note.of("nonfinite", said))
        if self.scalar_value is not None:
            f_breaks = np.zeros(max(len(x) - 1, 0), dtype=bool)
        else:
            f_breaks = find_breaks(x, f, derivs[0] if derivs else None)
        d_breaks = tuple(
            find_breaks(x, d, derivs[k + 1] if k + 1 < len(derivs) else None) | f_breaks
            if len(x) > 1
            else np.zeros(0, dtype=bool)
            for k, d in enumerate(derivs)
        )
        output = self.output_text()
        return Result(
            request=self.request,
            x=x,
            f=f,
            derivatives=tuple(derivs),
            scalar_value=self.scalar_value,
            f_breaks=f_breaks,
            derivative_breaks=d_breaks,
            timings=tuple(self.timings.items()),
            graph_nodes=self.graph_nodes,
            backprop_nodes=tuple(self.backprop_nodes),
            graph=self.graph,
            param_names=self.compiled.param_names,
            notes=tuple(notes),
            output=output,
        )


def _label(k: int) -> str:
    return "df" if k == 0 else f"d{k + 1}f"


def _cut_inputs(node: Any) -> list[torch.Tensor]:
    """Tensors made by an honoured detach() that ``node`` saved for its backward."""
    found: list[torch.Tensor] = []
    for attr in dir(node):
        if not attr.startswith("_saved_"):
            continue
        try:
            value = getattr(node, attr)
        except RuntimeError:  # already freed
            continue
        if isinstance(value, torch.Tensor) and getattr(value, "_gp_cut", False):
            found.append(value)
    return found


def _graph_of(y: torch.Tensor, *, cut: bool = False) -> tuple[GraphInfo | None, int]:
    """The autograd graph behind ``y``: a detailed view (bounded) and the node count.

    With ``cut`` (a detach() cut a tensor connected to x), each op that saved a detached
    tensor gets a ``cut`` node feeding it; where no op kept one (``u + x`` saves
    nothing), one cut node feeds the output.
    """
    root = y.grad_fn
    if root is None:
        return None, 0
    ids: dict[int, int] = {}
    visited: list[Any] = []  # keeps each node object alive, so that id() stays unique
    nodes: list[GraphNode] = []
    edges: list[tuple[int, int]] = []
    stack: list[Any] = [root]
    while stack and len(ids) < GRAPH_COUNT_LIMIT:
        node = stack.pop()
        key = id(node)
        if key in ids:
            continue
        ids[key] = len(ids)
        visited.append(node)
        if len(nodes) < GRAPH_DETAIL_LIMIT:
            name = type(node).__name__
            variable = getattr(node, "variable", None)
            shape = tuple(variable.shape) if isinstance(variable, torch.Tensor) else None
            kind: Literal["op", "leaf", "output"] = (
                "leaf" if name == "AccumulateGrad" else ("output" if node is root else "op")
            )
            if node is root:
                shape = tuple(y.shape)
            nodes.append(GraphNode(id=ids[key], name=name, kind=kind, shape=shape))
        for child, _ in getattr(node, "next_functions", ()):
            if child is not None:
                stack.append(child)
    # edges, for the detailed part only
    detail = {k: v for k, v in ids.items() if v < GRAPH_DETAIL_LIMIT}
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen or id(node) not in detail:
            continue
        seen.add(id(node))
        for child, _ in getattr(node, "next_functions", ()):
            if child is not None and id(child) in detail:
                edges.append((detail[id(child)], detail[id(node)]))
                stack.append(child)
    if cut and len(nodes) < GRAPH_DETAIL_LIMIT:
        next_id = len(ids)
        cut_ids: dict[int, int] = {}
        for node_id in detail.values():
            for tensor in _cut_inputs(visited[node_id]):
                if id(tensor) not in cut_ids:
                    cut_ids[id(tensor)] = next_id
                    nodes.append(GraphNode(next_id, "detach", "cut", tuple(tensor.shape)))
                    next_id += 1
                edges.append((cut_ids[id(tensor)], node_id))
        if not cut_ids:
            nodes.append(GraphNode(next_id, "detach", "cut", None))
            edges.append((next_id, detail[id(root)]))
    return GraphInfo(nodes=tuple(nodes), edges=tuple(edges)), len(ids)
