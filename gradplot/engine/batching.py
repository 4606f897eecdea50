"""Per-point meaning on a whole batch: f runs once for many x, each sample deciding alone.

With vector input off, f is meant to see one 0-d x at a time, so that Python's ``if``
and ``while`` decide per point. Calling f once per point costs every hook once per
point. Here f runs instead on a 1-d batch of samples, and the runtime gives each hook
its per-sample meaning:

- elementwise operations are unchanged (samples never interact);
- a reduction such as ``norm``, ``sum``, ``mean``, ``max`` or ``prod`` reduces each
  sample alone (on one value it is the identity or ``abs``); ``x.shape`` is ``()``;
- at a Python decision (``if``, ``while``, ``and``/``or``, ``bool()``) every sample has
  its own answer. If the *live* samples agree, the run goes on. If not, one side stays
  live and the others ride along unused; they are run again later. A ``while`` keeps
  the samples that leave the loop (the shortest path first, so runs stay cheap and the
  big groups come first); any other decision keeps the larger side.

When f returns, the live samples took one path together: they form a group whose
values and derivatives are exactly each point's own. This is program-counter batching
(Radul et al., MLSys 2020), done by re-execution.

Whatever has no per-sample meaning (``.item()``, ``print``, indexing or iterating a
sample, an exception, a result autograd would treat specially) ends the run with
:class:`Unbatchable` or the exception, and the caller sends its live samples back to
the per-point loop, which gives today's exact result, error or output.
"""

from __future__ import annotations

import ast
import functools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import torch

from gradplot.engine.backprop import zero_grad_between_passes
from gradplot.engine.errors import Cancelled, EvaluationTimeout
from gradplot.engine.language import CompiledFunction
from gradplot.engine.namespace import TENSOR_METHODS, TENSOR_PROPERTIES, Runtime

# Tensor methods whose result at each sample depends on that sample alone.
ELEMENTWISE_METHODS = frozenset(
    {
        "abs", "acos", "asin", "atan", "atan2", "ceil", "clamp", "clip", "cos", "cosh",
        "detach", "double", "erf", "exp", "expm1", "float", "floor", "frac", "log", "log10",
        "log1p", "log2", "maximum", "minimum", "mul", "add", "sub", "div", "neg", "pow",
        "reciprocal", "relu", "round", "rsqrt", "sigmoid", "sign", "sin", "sinh", "sqrt",
        "square", "tan", "tanh", "abs_", "add_", "sub_", "mul_", "div_", "zero_", "clamp_",
        "exp_", "sin_", "pow_", "neg_", "sqrt_", "eq", "ne", "lt", "le", "gt", "ge",
        "logical_and", "logical_or", "logical_not", "where", "sinc", "exp2", "nan_to_num",
        "isnan", "isfinite", "requires_grad", "is_leaf", "dtype", "T",
    }
)
# Curated functions of the same kind (``where`` only in its three-argument form).
ELEMENTWISE_FUNCTIONS = frozenset(
    {
        "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh",
        "asinh", "acosh", "atanh", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p",
        "sqrt", "rsqrt", "square", "sign", "floor", "ceil", "frac", "erf", "erfc", "sinc",
        "relu", "sigmoid", "softplus", "gelu", "silu", "elu", "leaky_relu", "hardtanh",
        "softsign", "logsigmoid", "clamp", "clip", "maximum", "minimum", "pow", "heaviside",
        "ones_like", "zeros_like", "full_like", "isnan", "isfinite", "logical_and",
        "logical_or", "logical_not",
    }
)
# Reductions over all of a tensor. A sample is held as a row of length 1, so the same
# reduction over that row gives each sample's value, dtype and derivative.
_REDUCE: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "sum": lambda t: t.sum(-1, keepdim=True),
    "mean": lambda t: t.mean(-1, keepdim=True),
    "prod": lambda t: t.prod(-1, keepdim=True),
    "max": lambda t: t.amax(-1, keepdim=True),
    "min": lambda t: t.amin(-1, keepdim=True),
    "all": lambda t: t.all(-1, keepdim=True),
    "any": lambda t: t.any(-1, keepdim=True),
}
_SHAPE_OF_ONE: dict[str, Any] = {"dim": 0, "numel": 1, "size": torch.Size([])}
_KNOWN_ATTRIBUTES = TENSOR_METHODS | TENSOR_PROPERTIES


class Unbatchable(Exception):
    """f did something that has no per-sample meaning on a batch."""


def batched(value: Any) -> bool:
    """A tensor holding one value per sample, shape (samples, 1); constants are 0-d."""
    return isinstance(value, torch.Tensor) and value.dim() > 0


def _sequence(value: Any) -> bool:
    return isinstance(value, list | tuple | str)


def _any_batched(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    return any(batched(a) for a in args) or any(batched(v) for v in kwargs.values())


def per_sample(name: str, t: torch.Tensor, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``t.<name>()`` (or ``name(t)``) taken over each sample's value alone."""
    if name == "norm":
        if len(args) > 1 or set(kwargs) - {"p"}:
            raise Unbatchable("norm over a dimension")
        p = args[0] if args else kwargs.get("p", 2.0)
        if p == "fro":  # what Tensor.norm() means on a vector
            p = 2.0
        if isinstance(p, str):
            raise Unbatchable(f"the {p} norm of a sample")
        return torch.linalg.vector_norm(t, ord=p, dim=-1, keepdim=True)
    if args or kwargs:
        raise Unbatchable(f"{name} over a dimension")
    return _REDUCE[name](t)


class _Decision(torch.Tensor):
    """A batched value that a Python decision was taken on: truthy as the batch decided.

    ``a and b`` returns ``a`` or ``b`` itself, so the decision hook must hand back the
    value, not a bool. Operations on it give plain tensors again.
    """

    __torch_function__ = torch._C._disabled_torch_function_impl  # type: ignore[assignment]
    _gp_truth: bool

    def __bool__(self) -> bool:
        return self._gp_truth


class BatchRuntime(Runtime):
    """The runtime's hooks with per-sample meaning on a batch of samples."""

    def __init__(
        self,
        *,
        dtype: torch.dtype,
        detach: bool,
        time_limit: float,
        cancel: Callable[[], bool] | None,
    ) -> None:
        super().__init__(
            x=torch.zeros(1, dtype=dtype),
            dtype=dtype,
            detach=detach,
            vector=False,
            time_limit=time_limit,
            cancel=cancel,
        )
        self.size = 1
        self.shape = torch.Size([1, 1])
        self.loop_lines: frozenset[int] = frozenset()  # lines of while tests
        self.live: torch.Tensor | None = None  # None: every sample is live
        self.live_count = 1
        self._deadline_for: Callable[[int], float] = lambda live: self.deadline

    def start(self, x: torch.Tensor, deadline_for: Callable[[int], float]) -> None:
        """A new run on the batch ``x`` (shape (samples, 1)); ``deadline_for(live)`` bounds
        it in time."""
        self.x = x
        self.size = x.shape[0]
        self.shape = x.shape
        self.max_numel = max(4 * self.size, 4096)
        self.live = None
        self.live_count = self.size
        self.cut_graph = False
        self._deadline_for = deadline_for
        self.deadline = deadline_for(self.size)

    def live_mask(self) -> torch.Tensor:
        if self.live is None:
            return torch.ones(self.size, dtype=torch.bool)
        return self.live.reshape(-1)

    # -- decisions ---------------------------------------------------------------------
    def cond(self, value: Any, line: int = 0) -> Any:
        if not batched(value):
            return value
        take = value if value.dtype == torch.bool else (value != 0)
        live = self.live
        yes = int(take.sum()) if live is None else int((take & live).sum())
        if yes == self.live_count:
            truth = True
        elif yes == 0:
            truth = False
        else:
            truth = line not in self.loop_lines and 2 * yes > self.live_count
            side = take if truth else ~take
            self.live = side if live is None else side & live
            self.live_count = yes if truth else self.live_count - yes
            self.deadline = self._deadline_for(self.live_count)
        decided = value.as_subclass(_Decision)
        decided._gp_truth = truth
        return decided

    # -- values ------------------------------------------------------------------------
    def check(self, value: Any, inputs: tuple[Any, ...] = ()) -> Any:
        if isinstance(value, torch.Tensor) and value.dim() > 0 and value.shape != self.shape:
            raise Unbatchable("a tensor that is not one value per sample")
        return super().check(value, inputs)

    def binop(self, op: str, a: Any, b: Any) -> Any:
        if (batched(a) or batched(b)) and (op in ("@", "@=") or _sequence(a) or _sequence(b)):
            raise Unbatchable(f"the operator {op} on a sample")
        return super().binop(op, a, b)

    def compare(self, op: str, a: Any, b: Any) -> Any:
        if (batched(a) or batched(b)) and (_sequence(a) or _sequence(b)):
            raise Unbatchable("comparing a sample with a sequence")
        return super().compare(op, a, b)

    def _tensor_attr(self, obj: torch.Tensor, name: str) -> Any:
        if name in ELEMENTWISE_METHODS or name not in _KNOWN_ATTRIBUTES:
            return super()._tensor_attr(obj, name)  # elementwise, or refused as today
        if not batched(obj):
            found = super()._tensor_attr(obj, name)
            if name not in TENSOR_METHODS:
                return found

            def constant_method(*args: Any, **kwargs: Any) -> Any:
                if _any_batched(args, kwargs):
                    raise Unbatchable(f".{name}() with a sample as argument")
                return found(*args, **kwargs)

            return constant_method
        if name == "shape":
            return torch.Size([])
        if name == "ndim":
            return 0
        if name in _SHAPE_OF_ONE:

            def shape_of(*args: Any, **kwargs: Any) -> Any:
                self.tick()
                if args or kwargs:
                    raise Unbatchable(f".{name}() of a dimension")
                return _SHAPE_OF_ONE[name]

            return shape_of
        if name in _REDUCE or name == "norm":

            def reduce(*args: Any, **kwargs: Any) -> Any:
                self.tick()
                other = args[0] if len(args) == 1 and not kwargs else None
                if name in ("max", "min") and isinstance(other, torch.Tensor):
                    # t.max(other) is elementwise
                    return self.check(getattr(obj, name)(other), (obj, other))
                return self.check(per_sample(name, obj, args, kwargs), (obj,))

            return reduce
        raise Unbatchable(f".{name}() of a sample")

    def item(self, obj: Any, index: Any) -> Any:
        parts = index if isinstance(index, tuple) else (index,)
        if batched(obj) or any(batched(p) for p in parts):
            raise Unbatchable("indexing with or into a sample")
        return super().item(obj, index)

    def iterate(self, iterable: Any) -> Iterator[Any]:
        if batched(iterable):
            raise Unbatchable("iterating over a sample")
        return super().iterate(iterable)

    def print(self, *args: Any, sep: str = " ", end: str = "\n") -> None:
        raise Unbatchable("print (its output is per point)")

    # -- the curated functions ---------------------------------------------------------
    def functions(self) -> dict[str, Any]:
        funcs = super().functions()
        funcs["len"] = self._len
        return funcs

    def _len(self, value: Any) -> int:
        if batched(value):
            raise Unbatchable("len() of a sample")
        return len(value)

    def _wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        call = super()._wrap(name, fn)
        if name in ELEMENTWISE_FUNCTIONS:
            return call

        def batch_call(*args: Any, **kwargs: Any) -> Any:
            if args and batched(args[0]):
                if name in ("norm", "mean", "prod"):
                    self.tick()
                    result = per_sample(name, args[0], args[1:], kwargs)
                    return self.check(result, (args[0],))
                if name == "numel" and len(args) == 1 and not kwargs:
                    return 1
                if name == "where" and len(args) == 3 and not kwargs:
                    return call(*args)
            if _any_batched(args, kwargs):
                raise Unbatchable(f"{name}() of a sample")
            return call(*args, **kwargs)

        batch_call.__name__ = name
        return batch_call

    def _sum(self, value: Any, *args: Any, **kwargs: Any) -> Any:
        if batched(value):
            self.tick()
            return self.check(per_sample("sum", value, args, kwargs), (value,))
        return super()._sum(value, *args, **kwargs)

    def _max_min(
        self,
        reduce: Callable[..., Any],
        pairwise: Callable[..., Any],
        builtin: Callable[..., Any],
    ) -> Callable[..., Any]:
        call = super()._max_min(reduce, pairwise, builtin)
        name = "max" if builtin is max else "min"

        def batch_call(*args: Any, **kwargs: Any) -> Any:
            if len(args) == 1 and batched(args[0]):
                self.tick()
                return self.check(per_sample(name, args[0], (), kwargs), args)
            return call(*args, **kwargs)

        return batch_call

    def _convert(self, kind: Callable[[Any], Any]) -> Callable[[Any], Any]:
        call = super()._convert(kind)

        def batch_call(value: Any = 0) -> Any:
            if batched(value):
                if kind is bool:
                    return bool(self.cond(value))
                raise Unbatchable(f"{getattr(kind, '__name__', 'conversion')}() of a sample")
            return call(value)

        return batch_call


@dataclass
class Group:
    """What one run on a batch gave.

    ``live`` marks the samples that took the run's path to its end: ``done`` (``y`` holds
    their values), ``fallback`` (the per-point loop must do them) or ``timeout``.
    """

    kind: Literal["done", "fallback", "timeout"]
    live: torch.Tensor
    y: torch.Tensor | None
    cut: bool  # a detach() cut the graph on the group's path


class BatchRunner:
    """The user's function bound to a :class:`BatchRuntime`, run once per group."""

    def __init__(
        self,
        compiled: CompiledFunction,
        params: dict[str, float],
        *,
        dtype: torch.dtype,
        detach: bool,
        time_limit: float,
        cancel: Callable[[], bool] | None,
    ) -> None:
        self.runtime = BatchRuntime(
            dtype=dtype, detach=detach, time_limit=time_limit, cancel=cancel
        )
        self.runtime.loop_lines = _while_lines(compiled.source)
        self.fn = compiled.bind(self.runtime.globals_for(params))

    def run(self, x: torch.Tensor, deadline_for: Callable[[int], float]) -> Group:
        rt = self.runtime
        rt.start(x, deadline_for)
        kind: Literal["done", "fallback", "timeout"] = "done"
        y: Any = None
        try:
            y = self.fn(x)
        except Cancelled:
            raise
        except EvaluationTimeout:
            kind = "timeout"
        except Exception:  # the loop repeats it at the first point it happens
            kind = "fallback"
        if kind == "done" and not (
            isinstance(y, torch.Tensor)
            and y.shape == rt.shape
            and y.is_floating_point()
            and y.requires_grad
        ):
            # constants, non-differentiable or odd results: the loop says what PyTorch says
            kind = "fallback"
        return Group(kind, rt.live_mask(), y if kind == "done" else None, rt.cut_graph)


@functools.lru_cache(maxsize=64)
def _while_lines(source: str) -> frozenset[int]:
    return frozenset(
        node.test.lineno for node in ast.walk(ast.parse(source)) if isinstance(node, ast.While)
    )


def group_derivatives(
    y: torch.Tensor,
    x: torch.Tensor,
    *,
    order: int,
    passes: int,
    retain_graph: bool,
    zero_grad: bool,
    add_time: Callable[[str, float], None],
) -> list[torch.Tensor]:
    """Derivatives 1..order of each sample of ``y`` by its own x, as the per-point loop does.

    Samples are independent, so backward from ``y.sum()`` gives each sample's own
    ``x.grad``; passes, retain_graph and zero_grad act as they do on one point.
    """
    create = order >= 2
    for p in range(passes):
        if p > 0 and zero_grad:
            zero_grad_between_passes(x, create)
        start = time.perf_counter()
        retain = retain_graph or (create and p == passes - 1)
        torch.autograd.backward(y.sum(), retain_graph=retain, create_graph=create)
        add_time(f"backward {p + 1}", (time.perf_counter() - start) * 1000.0)
    g = x.grad if x.grad is not None else torch.zeros_like(x)
    derivatives = [g.detach()]
    for k in range(2, order + 1):
        start = time.perf_counter()
        if g.requires_grad:
            (nxt,) = torch.autograd.grad(
                g.sum(), x, create_graph=k < order, allow_unused=True
            )
            g = nxt if nxt is not None else torch.zeros_like(x)
        else:
            g = torch.zeros_like(x)
        add_time(f"order {k}", (time.perf_counter() - start) * 1000.0)
        derivatives.append(g.detach())
    x.grad = None
    return derivatives
