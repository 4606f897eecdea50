"""The names a user's function may use, and the runtime checks behind every operation.

A compiled function (see :mod:`gradplot.engine.language`) sees only the globals built
here: curated functions, constants, a ``torch`` look-alike that is not a module, the
parameters, and the ``__gp_*`` hooks that the compiler routes every operator,
attribute, subscript, condition and loop through. The hooks enforce the sandbox at run
time: tensor-method allow-list, sizes, integer growth, the cooperative time limit,
cancellation, the ``detach`` toggle, and the "vector mode branched on x" notes.
"""

from __future__ import annotations

import math
import operator
import time
from collections.abc import Callable, Iterator
from typing import Any

import torch
import torch.nn.functional as nnf

from gradplot.engine.errors import (
    Cancelled,
    EvaluationTimeout,
    Refused,
    UnknownName,
    WorkLimit,
)

MAX_INT_BITS = 4096
MAX_SEQUENCE = 100_000
MAX_ITERATIONS_PER_LOOP = 10_000_000
MAX_OUTPUT_CHARS = 20_000
TICK_CANCEL_EVERY = 64
# Helper functions (def g(t): ... and lambda t: ...) may call each other and themselves,
# but never deeper than this: a runaway recursion ends with a refusal, not a crash of
# the worker thread's small stack.
MAX_CALL_DEPTH = 100

# Names that must never resolve to anything: asking for them is a refusal, not a typo.
DENIED_NAMES = frozenset(
    {
        "open", "eval", "exec", "compile", "__import__", "import", "getattr", "setattr",
        "delattr", "hasattr", "globals", "locals", "vars", "dir", "type", "object", "super",
        "input", "breakpoint", "help", "exit", "quit", "memoryview", "bytearray", "bytes",
        "classmethod", "staticmethod", "property", "os", "sys", "subprocess", "shutil",
        "socket", "importlib", "builtins", "pickle", "marshal", "ctypes", "numpy", "np",
        "math", "id", "hash", "iter", "next", "callable", "isinstance", "issubclass",
        "frozenset", "set", "dict", "format", "repr", "ascii", "chr", "ord",
        "license", "credits", "copyright", "reload", "load", "save", "from_file",
    }
)

# torch.<name> that exist but are refused (files, pickles, storage, hooks, internals).
DENIED_TORCH = frozenset(
    {
        "load", "save", "from_file", "from_numpy", "frombuffer", "storage", "UntypedStorage",
        "set_default_dtype", "set_default_device", "set_grad_enabled", "no_grad",
        "enable_grad", "autograd", "jit", "compile", "hub", "ops", "library", "utils",
        "classes", "cuda", "backends", "distributed", "multiprocessing", "manual_seed",
        "set_num_threads", "empty", "zeros", "ones", "rand", "randn", "arange", "linspace",
        "full", "tensor", "as_tensor", "as_strided", "set_printoptions", "testing",
    }
)

# Tensor methods a function may call. Everything else is refused.
TENSOR_METHODS = frozenset(
    {
        "abs", "acos", "asin", "atan", "atan2", "ceil", "clamp", "clip", "cos", "cosh",
        "cumsum", "cumprod", "detach", "dim", "dot", "double", "erf", "exp", "expm1", "float",
        "floor", "frac", "item", "log", "log10", "log1p", "log2", "max", "maximum", "mean",
        "min", "minimum", "mul", "add", "sub", "div", "neg", "norm", "numel", "pow", "prod",
        "reciprocal", "relu", "round", "rsqrt", "sigmoid", "sign", "sin", "sinh", "size",
        "sqrt", "square", "std", "sum", "tan", "tanh", "var", "all", "any", "abs_", "add_",
        "sub_", "mul_", "div_", "zero_", "clamp_", "exp_", "sin_", "pow_", "neg_", "sqrt_",
        "tolist", "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or",
        "logical_not", "where", "sinc", "exp2", "nan_to_num", "isnan", "isfinite",
        "softmax", "log_softmax", "argmax", "argmin", "flip", "roll", "diff",
    }
)
TENSOR_PROPERTIES = frozenset({"shape", "ndim", "requires_grad", "is_leaf", "T", "dtype"})

# Methods whose result must not carry the "depends on x" tag on its own.
_SHAPE_ONLY = frozenset({"ones_like", "zeros_like", "full_like", "numel", "dim", "size"})


class Runtime:
    """Per-evaluation state shared by every hook: limits, x, the detach toggle, notes."""

    def __init__(
        self,
        *,
        x: torch.Tensor,
        dtype: torch.dtype,
        detach: bool,
        vector: bool,
        time_limit: float,
        cancel: Callable[[], bool] | None = None,
        element_budget: int = 300_000_000,
    ) -> None:
        self.x = x
        self.dtype = dtype
        self.detach_enabled = detach
        self.vector = vector
        self.time_limit = time_limit
        self.cancel = cancel
        self.deadline = time.perf_counter() + time_limit
        self.max_numel = max(4 * x.numel(), 4096)
        self.element_budget = element_budget
        self.elements = 0
        self.ticks = 0
        self.branch_lines: dict[int, str] = {}
        self.output: list[str] = []
        self.output_chars = 0
        self.track_dependence = vector and x.numel() > 1
        self.cut_graph = False  # a .detach() cut a tensor that was connected to x
        self.call_depth = 0

    # -- limits -----------------------------------------------------------------------
    def set_point(self, x: torch.Tensor, deadline: float) -> None:
        self.x = x
        self.deadline = deadline

    def tick(self) -> None:
        self.ticks += 1
        if time.perf_counter() > self.deadline:
            raise EvaluationTimeout(self.time_limit)
        if self.cancel is not None and self.ticks % TICK_CANCEL_EVERY == 0 and self.cancel():
            raise Cancelled()

    def check(self, value: Any, inputs: tuple[Any, ...] = ()) -> Any:
        """Check one produced value against the size limits; tag x-dependence."""
        if isinstance(value, torch.Tensor):
            n = value.numel()
            if n > self.max_numel:
                raise Refused(
                    f"a tensor of {n:,} values is much larger than x ({self.x.numel():,} values)"
                )
            self.elements += n
            if self.elements > self.element_budget:
                raise WorkLimit(self.element_budget)
            if self.track_dependence and not value.requires_grad and any(
                self.depends(v) for v in inputs
            ):
                value._gp_dep = True  # type: ignore[attr-defined]
        elif isinstance(value, bool):
            pass
        elif isinstance(value, int):
            if value.bit_length() > MAX_INT_BITS:
                raise Refused(f"an integer with more than {MAX_INT_BITS} bits")
        elif isinstance(value, str) and len(value) > MAX_SEQUENCE:
            raise Refused(f"a sequence of more than {MAX_SEQUENCE:,} items")
        elif isinstance(value, list | tuple) and _deep_size(value) > MAX_SEQUENCE:
            raise Refused(
                f"a sequence of more than {MAX_SEQUENCE:,} items (counting nested ones)"
            )
        return value

    def depends(self, value: Any) -> bool:
        return isinstance(value, torch.Tensor) and (
            value.requires_grad or bool(getattr(value, "_gp_dep", False))
        )

    def guard_inplace(self, target: Any) -> None:
        """Refuse in-place changes to a detached alias of the app's x (x itself: PyTorch says)."""
        if (
            isinstance(target, torch.Tensor)
            and target is not self.x
            and target.untyped_storage().data_ptr() == self.x.untyped_storage().data_ptr()
        ):
            raise Refused("changing x in place through a detached alias of x")

    # -- the hooks the compiler emits --------------------------------------------------
    def binop(self, op: str, a: Any, b: Any) -> Any:
        self.tick()
        if op in ("**", "**="):
            _guard_pow(a, b)
        elif op in ("*", "*="):
            _guard_mul(a, b)
        elif op in ("<<", ">>"):
            raise Refused("bit shifts")
        elif op in ("%", "%=") and isinstance(a, str):
            raise Refused("string formatting with %")
        if op.endswith("="):
            self.guard_inplace(a)
            if isinstance(a, list):  # a list += never changes a list shared elsewhere
                op = op[:-1]
        return self.check(_BINOPS[op](a, b), (a, b))

    def unary(self, op: str, a: Any) -> Any:
        if op == "not":
            return not self.cond(a)
        return self.check(_UNARY[op](a), (a,))

    def compare(self, op: str, a: Any, b: Any) -> Any:
        return self.check(_COMPARE[op](a, b), (a, b))

    def cond(self, value: Any, line: int = 0) -> Any:
        """A Python decision (if/while/and/or/not/bool) on ``value``; returns it unchanged."""
        if self.track_dependence and isinstance(value, torch.Tensor) and self.depends(value):
            self.branch_lines.setdefault(line, "")
        return value

    def attr(self, obj: Any, name: str) -> Any:
        if isinstance(obj, torch.Tensor):
            return self._tensor_attr(obj, name)
        if isinstance(obj, _Namespace):
            return obj.lookup(name)
        raise Refused(
            f"attribute '.{name}' of a {type(obj).__name__} value "
            "(only tensors and torch functions have attributes here)"
        )

    def _tensor_attr(self, obj: torch.Tensor, name: str) -> Any:
        if name in TENSOR_PROPERTIES:
            return getattr(obj, name)
        if name not in TENSOR_METHODS:
            if hasattr(obj, name):
                raise Refused(f"the tensor method '.{name}' is not available in gradplot")
            raise UnknownName(name, TENSOR_METHODS | TENSOR_PROPERTIES, what="tensor method")
        if name == "detach" and not self.detach_enabled:
            return lambda: obj
        method = getattr(obj, name)
        inplace = name.endswith("_")

        def call(*args: Any, **kwargs: Any) -> Any:
            self.tick()
            if inplace:
                self.guard_inplace(obj)
            if name == "pow" and args:
                _guard_pow(obj, args[0])
            result = method(*args, **kwargs)
            if name == "detach" and obj.requires_grad:
                self.cut_graph = True
                result._gp_cut = True  # the graph view shows where the cut feeds in
            if name == "detach" and self.track_dependence and self.depends(obj):
                result._gp_dep = True
                return self.check(result)
            return self.check(result, (obj, *args))

        return call

    def item(self, obj: Any, index: Any) -> Any:
        _check_index(index)
        if isinstance(obj, str | list | tuple | torch.Size | torch.Tensor):
            return self.check(obj[index], (obj, index))
        raise Refused(f"indexing a {type(obj).__name__} value")

    def iterate(self, iterable: Any) -> Iterator[Any]:
        if isinstance(iterable, torch.Tensor) and iterable.dim() == 0:
            raise TypeError("iteration over a 0-d tensor")
        for count, item in enumerate(iterable, start=1):
            self.tick()
            if count > MAX_ITERATIONS_PER_LOOP:
                raise Refused(f"a loop of more than {MAX_ITERATIONS_PER_LOOP:,} iterations")
            yield item

    def helper(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Wrap a user's helper function: each call ticks the clock and counts the depth."""

        def call(*args: Any, **kwargs: Any) -> Any:
            self.tick()
            if self.call_depth >= MAX_CALL_DEPTH:
                raise Refused(
                    f"helper functions calling each other more than {MAX_CALL_DEPTH} deep "
                    "(recursion that does not stop soon enough)"
                )
            self.call_depth += 1
            try:
                return fn(*args, **kwargs)
            finally:
                self.call_depth -= 1

        call.__name__ = call.__qualname__ = getattr(fn, "__name__", "helper")
        return call

    def print(self, *args: Any, sep: str = " ", end: str = "\n") -> None:
        if not isinstance(sep, str) or not isinstance(end, str):
            raise TypeError("print(sep=..., end=...) must be strings")
        if self.output_chars >= MAX_OUTPUT_CHARS:
            return
        room = MAX_OUTPUT_CHARS - self.output_chars
        parts: list[str] = []
        used = 0
        for a in args:
            if used > room:
                break
            parts.append(self.display(a, room - used + 1))
            used += len(parts[-1]) + len(sep)
        text = sep.join(parts) + end
        if len(text) > room:
            text = text[:room] + "\n[output truncated]\n"
        self.output.append(text)
        self.output_chars += len(text)

    def display(self, value: Any, room: int, depth: int = 0) -> str:
        """``str(value)``, but never much longer than ``room`` characters however nested."""
        self.tick()
        if isinstance(value, list | tuple) and not isinstance(value, torch.Size):
            if depth > 20:
                return "[...]"
            opening, closing = ("[", "]") if isinstance(value, list) else ("(", ")")
            items: list[str] = []
            used = 1
            for item in value:
                if used > room:
                    items.append("...")
                    break
                text = self.display(item, room - used, depth + 1)
                if isinstance(item, str):
                    text = repr(item)
                items.append(text)
                used += len(text) + 2
            comma = "," if isinstance(value, tuple) and len(value) == 1 else ""
            return opening + ", ".join(items) + comma + closing
        if isinstance(value, str):
            return value[: room + 1]
        return _display(value)[: room + 1]

    # -- building the globals ------------------------------------------------------------
    def globals_for(self, params: dict[str, float]) -> dict[str, Any]:
        g: dict[str, Any] = {"__builtins__": {}}
        g.update(self.functions())
        g.update(params)
        g.update(
            {
                "__gp_binop": self.binop,
                "__gp_unary": self.unary,
                "__gp_cmp": self.compare,
                "__gp_cond": self.cond,
                "__gp_attr": self.attr,
                "__gp_item": self.item,
                "__gp_iter": self.iterate,
                "__gp_tick": self.tick,
                "__gp_fn": self.helper,
                "__gp_slice": slice,
                "__gp_seq": self.check,
            }
        )
        return g

    def functions(self) -> dict[str, Any]:
        """The curated functions, constants and namespaces, bound to this runtime."""
        funcs: dict[str, Any] = {}
        for name, fn in _TENSOR_FUNCTIONS.items():
            funcs[name] = self._wrap(name, fn)
        funcs.update(CONSTANTS)
        funcs["detach"] = self._detach
        funcs["sum"] = self._sum
        funcs["max"] = self._max_min(torch.max, torch.maximum, max)
        funcs["min"] = self._max_min(torch.min, torch.minimum, min)
        funcs["abs"] = self._abs
        funcs["range"] = _range
        funcs["len"] = len
        funcs["float"] = self._convert(float)
        funcs["int"] = self._convert(int)
        funcs["bool"] = self._convert(bool)
        funcs["round"] = self._round
        funcs["print"] = self.print
        functional = _Namespace("torch.nn.functional", {k: funcs[k] for k in _NN_FUNCTIONAL})
        torch_ns = dict(funcs)
        for k in ("range", "len", "float", "int", "bool", "round", "print"):
            torch_ns.pop(k)
        torch_ns["nn"] = _Namespace("torch.nn", {"functional": functional})
        torch_ns["float32"] = torch.float32
        torch_ns["float64"] = torch.float64
        funcs["torch"] = _Namespace("torch", torch_ns)
        funcs["F"] = functional
        return funcs

    def _wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        shape_only = name in _SHAPE_ONLY

        def call(*args: Any, **kwargs: Any) -> Any:
            self.tick()
            if args and isinstance(args[0], int | float) and not isinstance(args[0], bool):
                args = (torch.tensor(float(args[0]), dtype=self.dtype), *args[1:])
            if name == "pow" and len(args) > 1:
                _guard_pow(args[0], args[1])
            result = fn(*args, **kwargs)
            return self.check(result, () if shape_only else args)

        call.__name__ = name
        return call

    def _detach(self, t: Any) -> Any:
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"detach() expects a tensor, not {type(t).__name__}")
        return self._tensor_attr(t, "detach")()

    def _sum(self, value: Any, *args: Any, **kwargs: Any) -> Any:
        self.tick()
        if isinstance(value, torch.Tensor):
            return self.check(torch.sum(value, *args, **kwargs), (value,))
        total: Any = args[0] if args else 0
        for item in self.iterate(value):
            total = self.binop("+", total, item)
        return total

    def _max_min(
        self,
        reduce: Callable[..., Any],
        pairwise: Callable[..., Any],
        builtin: Callable[..., Any],
    ) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            self.tick()
            if len(args) == 1 and isinstance(args[0], torch.Tensor):
                return self.check(reduce(args[0], **kwargs), args)
            if len(args) == 2 and any(isinstance(a, torch.Tensor) for a in args):
                a, b = (
                    v if isinstance(v, torch.Tensor) else torch.tensor(float(v), dtype=self.dtype)
                    for v in args
                )
                return self.check(pairwise(a, b), (a, b))
            if len(args) == 1:
                return builtin(self.iterate(args[0]))
            return builtin(*args)

        return call

    def _abs(self, value: Any) -> Any:
        if isinstance(value, torch.Tensor):
            return self.check(torch.abs(value), (value,))
        return abs(value)

    def _round(self, value: Any, ndigits: Any = None) -> Any:
        if ndigits is None:
            return self.check(round(value))
        digits = operator.index(ndigits)
        if isinstance(value, int) and digits < -2 * MAX_INT_BITS:
            # Python would first build 10**-digits; every allowed integer rounds to 0 there
            return 0
        return self.check(round(value, digits))

    def _convert(self, kind: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def call(value: Any = 0) -> Any:
            if kind is bool:
                self.cond(value)
            if isinstance(value, str):
                raise TypeError(f"{kind.__name__}() of a string is not available in gradplot")
            return self.check(kind(value))

        return call


class _Namespace:
    """A read-only bag of names that looks like a module to the user but is not one."""

    def __init__(self, name: str, members: dict[str, Any]) -> None:
        self._name = name
        self._members = members

    def lookup(self, name: str) -> Any:
        if name in self._members:
            return self._members[name]
        if name in DENIED_TORCH or name in DENIED_NAMES:
            raise Refused(f"{self._name}.{name} is not available in gradplot")
        raise UnknownName(f"{self._name}.{name}", [f"{self._name}.{m}" for m in self._members])

    def __repr__(self) -> str:
        return f"<gradplot namespace {self._name}>"


def _display(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return str(value.detach()) if not value.requires_grad else str(value)
    if isinstance(value, _Namespace):
        return repr(value)
    return str(value)


def _range(*args: Any) -> range:
    ints = []
    for a in args:
        if isinstance(a, torch.Tensor):
            a = int(a.item())
        if isinstance(a, float) and a.is_integer():
            a = int(a)
        ints.append(a)
    return range(*ints)


def _check_index(index: Any) -> None:
    items = index if isinstance(index, tuple) else (index,)
    for item in items:
        if item is None or item is Ellipsis:
            raise Refused("indexing with None or ... (it would add dimensions)")
        if isinstance(item, slice | int | torch.Tensor):
            continue
        raise TypeError(f"index of type {type(item).__name__} is not supported")


def _guard_pow(a: Any, b: Any) -> None:
    if isinstance(a, int) and isinstance(b, int) and not isinstance(b, bool) and b > 0:
        bits = abs(a).bit_length()
        if bits > 1 and (bits - 1) * b > MAX_INT_BITS:
            raise Refused(f"the integer power {a}**{b} is far too large")
    if isinstance(a, str | list | tuple):
        raise TypeError("** on a sequence")


def _deep_size(value: list[Any] | tuple[Any, ...]) -> int:
    """Items in ``value`` and in every list, tuple and string inside it (stops past the limit).

    Nested sequences may share items, so a few levels of ``t = (t, t)`` describe an
    astronomically large value in little memory; printing or comparing it never ends.
    """
    total = 0
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        total += len(item)
        if total > MAX_SEQUENCE:
            break
        if isinstance(item, list | tuple):
            stack.extend(v for v in item if isinstance(v, list | tuple | str))
    return total


def _guard_mul(a: Any, b: Any) -> None:
    for seq, n in ((a, b), (b, a)):
        if not isinstance(seq, str | list | tuple) or isinstance(n, bool):
            continue
        try:
            count = operator.index(n)  # an int, or an integer tensor such as x.argmax()
        except TypeError:
            continue
        if len(seq) * count > MAX_SEQUENCE:
            raise Refused(f"a sequence of more than {MAX_SEQUENCE:,} items")
    if (
        isinstance(a, int)
        and isinstance(b, int)
        and a.bit_length() + b.bit_length() > MAX_INT_BITS
    ):
        raise Refused(f"an integer with more than {MAX_INT_BITS} bits")


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "@": operator.matmul,
    "&": operator.and_, "|": operator.or_, "^": operator.xor,
    "+=": operator.iadd, "-=": operator.isub, "*=": operator.imul, "/=": operator.itruediv,
    "//=": operator.ifloordiv, "%=": operator.imod, "**=": operator.ipow,
    "@=": operator.imatmul, "&=": operator.iand, "|=": operator.ior, "^=": operator.ixor,
}
_UNARY: dict[str, Callable[[Any], Any]] = {
    "-": operator.neg, "+": operator.pos, "~": operator.invert,
}
_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
}


def _softplus(t: torch.Tensor, beta: float = 1.0, threshold: float = 20.0) -> torch.Tensor:
    return nnf.softplus(t, beta=beta, threshold=threshold)


def _leaky_relu(t: torch.Tensor, negative_slope: float = 0.01) -> torch.Tensor:
    return nnf.leaky_relu(t, negative_slope)


def _norm(t: torch.Tensor, p: float = 2.0) -> torch.Tensor:
    result: torch.Tensor = torch.linalg.vector_norm(t, ord=p)
    return result


_TENSOR_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "sin": torch.sin, "cos": torch.cos, "tan": torch.tan, "asin": torch.asin,
    "acos": torch.acos, "atan": torch.atan, "atan2": torch.atan2, "sinh": torch.sinh,
    "cosh": torch.cosh, "tanh": torch.tanh, "asinh": torch.asinh, "acosh": torch.acosh,
    "atanh": torch.atanh, "exp": torch.exp, "exp2": torch.exp2, "expm1": torch.expm1,
    "log": torch.log, "log2": torch.log2, "log10": torch.log10, "log1p": torch.log1p,
    "sqrt": torch.sqrt, "rsqrt": torch.rsqrt, "square": torch.square, "sign": torch.sign,
    "floor": torch.floor, "ceil": torch.ceil, "frac": torch.frac, "erf": torch.erf,
    "erfc": torch.erfc, "sinc": torch.sinc, "relu": torch.relu, "sigmoid": torch.sigmoid,
    "softplus": _softplus, "gelu": nnf.gelu, "silu": nnf.silu, "elu": nnf.elu,
    "leaky_relu": _leaky_relu, "hardtanh": nnf.hardtanh, "softsign": nnf.softsign,
    "logsigmoid": nnf.logsigmoid, "clamp": torch.clamp, "clip": torch.clip,
    "maximum": torch.maximum, "minimum": torch.minimum, "where": torch.where,
    "dot": torch.dot, "norm": _norm, "mean": torch.mean, "prod": torch.prod,
    "pow": torch.pow, "heaviside": torch.heaviside, "cumsum": torch.cumsum,
    "ones_like": torch.ones_like, "zeros_like": torch.zeros_like, "full_like": torch.full_like,
    "isnan": torch.isnan, "isfinite": torch.isfinite, "logical_and": torch.logical_and,
    "logical_or": torch.logical_or, "logical_not": torch.logical_not,
    "softmax": torch.softmax, "logsumexp": torch.logsumexp, "numel": torch.numel,
}
_NN_FUNCTIONAL = (
    "relu", "sigmoid", "softplus", "gelu", "silu", "elu", "leaky_relu", "hardtanh",
    "softsign", "logsigmoid", "tanh", "softmax",
)

CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e, "inf": math.inf, "nan": math.nan}


def known_names() -> frozenset[str]:
    """Every name a function can use without it becoming a parameter."""
    extra = {"detach", "sum", "max", "min", "abs", "range", "len", "float", "int", "bool",
             "round", "print", "torch", "F"}
    return frozenset(_TENSOR_FUNCTIONS) | frozenset(CONSTANTS) | frozenset(extra)
