"""Show as PyTorch: the plain PyTorch script that computes what a :class:`Request` asks for.

The script is meant to be copied into a notebook: it builds the same ``x`` (with
``requires_grad``), defines the user's function verbatim (an expression becomes
``def f(x): return ...``), sets the parameters, and runs the backward call(s) with the
same gradient, ``retain_graph``, passes and ``x.grad.zero_()`` as gradplot, then prints
``x.grad``. Higher orders use ``torch.autograd.grad(..., create_graph=True)``; with
vector input off, f is called once per sample with a 0-d tensor.

gradplot's language has a few bare names that plain PyTorch lacks (``sin``, ``pi``,
``relu``, ``norm``, ``sum`` of a tensor, ...); the script imports or defines only the
ones the function uses. Where the function hands a plain number to a torch function
(``exp(a)`` with a parameter ``a``), the number is wrapped in ``torch.tensor(...)``, as
gradplot does. With the detach switch off, the ``.detach()`` calls are removed from the
function and a comment says so.

Pure text generation: this module imports neither torch nor Qt.
"""

from __future__ import annotations

import ast
import math
import re
import symtable
from collections.abc import Iterable
from dataclasses import dataclass, field

from gradplot.engine.model import Request

__all__ = ["KNOWN_NAMES", "input_variable", "script_names", "to_pytorch_script"]

# Curated names that behave exactly like the torch function of the same name.
TORCH_FUNCTIONS = frozenset(
    {
        "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh",
        "asinh", "acosh", "atanh", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p",
        "sqrt", "rsqrt", "square", "sign", "floor", "ceil", "frac", "erf", "erfc", "sinc",
        "relu", "sigmoid", "clamp", "clip", "maximum", "minimum", "where", "dot", "mean",
        "prod", "pow", "heaviside", "cumsum", "ones_like", "zeros_like", "full_like",
        "isnan", "isfinite", "logical_and", "logical_or", "logical_not", "softmax",
        "logsumexp", "numel",
    }
)  # fmt: skip
# ... and exactly like torch.nn.functional's.
FUNCTIONAL = frozenset(
    {"softplus", "gelu", "silu", "elu", "leaky_relu", "hardtanh", "softsign", "logsigmoid"}
)
CONSTANTS = frozenset({"pi", "e", "inf", "nan"})
# Defined by a small def in the script (gradplot's meaning differs from a plain import).
DEFINED = frozenset({"norm", "sum", "max", "min", "detach"})
# Python's own builtins, unchanged.
BUILTINS = frozenset({"abs", "range", "len", "float", "int", "bool", "round", "print"})
MODULES = frozenset({"torch", "F"})
KNOWN_NAMES: frozenset[str] = (
    TORCH_FUNCTIONS | FUNCTIONAL | CONSTANTS | DEFINED | BUILTINS | MODULES
)

# Names the script itself needs at module level.
_SCRIPT_GLOBALS = frozenset({"torch", "F", "builtins", "math"})

_DEFINITIONS: dict[str, str] = {
    "norm": '''def norm(t, p=2.0):
    """gradplot's norm(): the p-norm of all elements."""
    return torch.linalg.vector_norm(t, ord=p)
''',
    "sum": '''def sum(values, *args, **kwargs):
    """gradplot's sum(): torch.sum for a tensor, Python's sum otherwise."""
    if isinstance(values, torch.Tensor):
        return torch.sum(values, *args, **kwargs)
    return builtins.sum(values, *args)
''',
    "max": '''def max(*args, **kwargs):
    """gradplot's max(): largest element of one tensor, element-wise maximum of two."""
    if len(args) == 1 and isinstance(args[0], torch.Tensor):
        return torch.max(args[0], **kwargs)
    if len(args) == 2 and any(isinstance(a, torch.Tensor) for a in args):
        a, b = (v if isinstance(v, torch.Tensor) else torch.tensor(float(v), dtype=DTYPE)
                for v in args)
        return torch.maximum(a, b)
    return builtins.max(*args)
''',
    "min": '''def min(*args, **kwargs):
    """gradplot's min(): smallest element of one tensor, element-wise minimum of two."""
    if len(args) == 1 and isinstance(args[0], torch.Tensor):
        return torch.min(args[0], **kwargs)
    if len(args) == 2 and any(isinstance(a, torch.Tensor) for a in args):
        a, b = (v if isinstance(v, torch.Tensor) else torch.tensor(float(v), dtype=DTYPE)
                for v in args)
        return torch.minimum(a, b)
    return builtins.min(*args)
''',
}
_DETACH_ON = """def detach(t):
    return t.detach()
"""
_DETACH_OFF = """def detach(t):
    return t  # the detach switch is off in gradplot: detach(...) changes nothing
"""


def _is_docstring(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


@dataclass
class _Edit:
    start: int
    end: int
    text: str


@dataclass
class _Function:
    """The user's function, ready to be pasted into the script."""

    kind: str  # "expression" | "function" | "unreadable"
    name: str
    argument: str
    definition: str
    params: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    detach_removed: int = 0
    wrapped: int = 0
    problem: str = ""


class _Positions:
    """ast (line, UTF-8 byte column) -> offset into the source string."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines = source.splitlines(keepends=True)
        self.starts: list[int] = []
        total = 0
        for line in self.lines:
            self.starts.append(total)
            total += len(line)
        self.starts.append(total)

    def offset(self, line: int, col: int) -> int:
        if line - 1 >= len(self.lines):
            return len(self.source)
        text = self.lines[line - 1]
        return self.starts[line - 1] + len(text.encode("utf-8")[:col].decode("utf-8", "replace"))

    def start(self, node: ast.AST) -> int:
        return self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> int:
        end_line = node.end_lineno  # type: ignore[attr-defined]
        end_col = node.end_col_offset  # type: ignore[attr-defined]
        return self.offset(end_line, end_col)


def _apply(source: str, edits: Iterable[_Edit]) -> str:
    out = source
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        out = out[: edit.start] + edit.text + out[edit.end :]
    return out


def _constant_like(node: ast.expr, numbers: set[str]) -> bool:
    """True when ``node`` can only be a plain Python number (literals, parameters, pi...)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int | float) and not isinstance(node.value, bool)
    if isinstance(node, ast.Name):
        return node.id in numbers
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return _constant_like(node.operand, numbers)
    if isinstance(node, ast.BinOp):
        return _constant_like(node.left, numbers) and _constant_like(node.right, numbers)
    return False


def _torch_function_name(func: ast.expr) -> str | None:
    """``sin`` for ``sin``, ``torch.sin``, ``F.softplus``, ``torch.nn.functional.relu``."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        base = func.value
        if isinstance(base, ast.Name) and base.id in ("torch", "F"):
            return func.attr
        if (
            isinstance(base, ast.Attribute)
            and base.attr == "functional"
            and isinstance(base.value, ast.Attribute)
            and base.value.attr == "nn"
            and isinstance(base.value.value, ast.Name)
            and base.value.value.id == "torch"
        ):
            return func.attr
    return None


def _find_function(tree: ast.Module) -> ast.FunctionDef | None:
    """The main def (named f, else the last); the other top-level defs are its helpers."""
    body = [s for s in tree.body if not _is_docstring(s)]
    defs = [s for s in body if isinstance(s, ast.FunctionDef)]
    if not defs or len(defs) != len(body):
        return None
    named_f = [d for d in defs if d.name == "f"]
    main = named_f[-1] if named_f else defs[-1]
    return main if main.args.args else None


def _top_level_names(tree: ast.Module) -> set[str]:
    return {s.name for s in tree.body if isinstance(s, ast.FunctionDef)}


def _globals_read(source: str) -> set[str]:
    """Names some function of ``source`` reads as a global (its parameters, or built-ins)."""
    out: set[str] = set()
    stack = list(symtable.symtable(source, "<gradplot>", "exec").get_children())
    while stack:
        child = stack.pop()
        stack.extend(child.get_children())
        out.update(s.get_name() for s in child.get_symbols() if s.is_referenced() and s.is_global())
    return out


def _read_function(source: str, detach: bool, dtype_expr: str) -> _Function:
    try:
        tree = ast.parse(source, mode="exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        text = source.rstrip()
        if not text.lstrip().startswith("def "):
            body = "\n".join("    " + line for line in (text or "None").splitlines())
            text = "def f(x):\n    return (\n" + body + "\n    )"
        return _Function(
            kind="unreadable", name="f", argument="x", definition=text, problem=str(exc)
        )
    func = _find_function(tree)
    pos = _Positions(source)
    edits: list[_Edit] = []
    if func is not None:
        kind = "function"
        name, argument = func.name, func.args.args[0].arg
        scope: ast.AST = func if len(tree.body) == 1 else tree
    elif len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
        kind, name, argument = "expression", "f", "x"
        scope = tree.body[0].value
    else:
        text = source.rstrip()
        return _Function(
            kind="unreadable",
            name="f",
            argument="x",
            definition=text,
            problem="not one expression or one def",
        )

    stored = {argument}
    names: set[str] = set()  # every name the function reads
    for node in ast.walk(scope):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Store):
                stored.add(node.id)
            else:
                names.add(node.id)
        elif isinstance(node, ast.FunctionDef):  # helpers and their arguments are not parameters
            stored.add(node.name)
            names.add(node.name)
        elif isinstance(node, ast.arg):
            stored.add(node.arg)
    loads: list[ast.Name] = [
        n for n in ast.walk(scope) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    ]
    loads.sort(key=lambda n: (n.lineno, n.col_offset))
    if isinstance(scope, ast.Module):  # helpers: Python's scoping decides, as in the engine
        stored = _top_level_names(scope) | (names - _globals_read(source))
    params: list[str] = []
    for node in loads:
        if node.id not in stored and node.id not in KNOWN_NAMES and node.id not in params:
            params.append(node.id)

    numbers = set(params) | set(CONSTANTS)
    removed = 0
    wrapped = 0
    for node in ast.walk(scope):
        if not isinstance(node, ast.Call):
            continue
        func_node = node.func
        # .detach() calls vanish when the switch is off
        if not detach and isinstance(func_node, ast.Attribute) and func_node.attr == "detach":
            if (
                isinstance(func_node.value, ast.Name)
                and func_node.value.id == "torch"
                and len(node.args) == 1
            ):
                arg = node.args[0]
                inner = source[pos.start(arg) : pos.end(arg)]
                edits.append(_Edit(pos.start(node), pos.end(node), f"({inner})"))
                removed += 1
                continue
            if not node.args and not node.keywords:
                tail_start = pos.end(func_node.value)
                tail = source[tail_start : pos.end(node)]
                at = tail.rfind("detach")
                dot = tail.rfind(".", 0, at)
                if at >= 0 and dot >= 0:
                    edits.append(_Edit(tail_start + dot, pos.end(node), ""))
                    removed += 1
                continue
        # a torch function given a plain number: gradplot makes it a tensor first
        fname = _torch_function_name(func_node)
        if (
            fname is not None
            and (fname in TORCH_FUNCTIONS or fname in FUNCTIONAL)
            and not (isinstance(func_node, ast.Name) and func_node.id in stored)
            and node.args
            and _constant_like(node.args[0], numbers)
        ):
            arg = node.args[0]
            inner = source[pos.start(arg) : pos.end(arg)]
            wrapped += 1
            edits.append(
                _Edit(
                    pos.start(arg),
                    pos.end(arg),
                    f"torch.tensor(float({inner}), dtype={dtype_expr})",
                )
            )

    if kind == "function":
        assert func is not None
        if name in _SCRIPT_GLOBALS or name in KNOWN_NAMES:
            # the def would hide a name the script needs: give it another name
            new_name = _fresh("f", names | KNOWN_NAMES | _SCRIPT_GLOBALS)
            head = source[pos.start(func) : pos.end(func)]
            match = re.match(r"def\s+", head)
            if match:
                at = pos.start(func) + match.end()
                edits.append(_Edit(at, at + len(name), new_name))
                names.add(new_name)
                name = new_name
        definition = _apply(source, edits).strip("\n").rstrip()
    else:
        edited = _apply(source, edits)
        expr_tree = ast.parse(edited, mode="exec")
        stmt = expr_tree.body[0]
        assert isinstance(stmt, ast.Expr)
        segment = ast.get_source_segment(edited, stmt.value) or edited.strip()
        name = _fresh("f", names | KNOWN_NAMES | _SCRIPT_GLOBALS)
        names.add(name)
        definition = f"def {name}(x):\n    return {segment}"
    return _Function(
        kind=kind,
        name=name,
        argument=argument,
        definition=definition,
        params=params,
        names=names,
        detach_removed=removed,
        wrapped=wrapped,
    )


def _fresh(base: str, taken: set[str] | frozenset[str]) -> str:
    candidate = base
    while candidate in taken:
        candidate += "_"
    return candidate


# ---------------------------------------------------------------------- numbers


def _num(value: float) -> str:
    value = float(value)
    if math.isnan(value):
        return "math.nan"
    if math.isinf(value):
        return "math.inf" if value > 0 else "-math.inf"
    return repr(value)


def _bound(value: float) -> str:
    """A range end as written by a person: ``-2 * torch.pi`` rather than -6.283185307179586."""
    value = float(value)
    if value != 0 and math.isfinite(value):
        for den in (1, 2, 3, 4, 6, 8, 12):
            for num in range(-64, 65):
                if num == 0:
                    continue
                candidate = num * math.pi if den == 1 else num * math.pi / den
                if candidate == value:
                    head = {1: "torch.pi", -1: "-torch.pi"}.get(num, f"{num} * torch.pi")
                    return head if den == 1 else f"{head} / {den}"
    return _num(value)


def _tensor_list(values: tuple[float, ...], indent: str) -> str:
    items = [_num(v) for v in values]
    lines: list[str] = []
    line = ""
    for item in items:
        piece = item + ", "
        if line and len(indent) + len(line) + len(piece) > 88:
            lines.append(line.rstrip())
            line = ""
        line += piece
    lines.append(line.rstrip().rstrip(","))
    if len(lines) == 1:
        return "[" + lines[0] + "]"
    inner = ("\n" + indent + "    ").join(lines)
    return "[\n" + indent + "    " + inner + ",\n" + indent + "]"


# ---------------------------------------------------------------------- the script


def script_names(request: Request) -> dict[str, str]:
    """The names the script gives its results, by role.

    ``x``: the input tensor, whose ``.grad`` holds df/dx (named after the function's
    argument, e.g. ``a`` for ``def f(a)``); ``y``: f's output (vector input);
    ``values``: f's values as a list (vector input off); ``d2``..``d4``: higher orders.
    Names differ from these defaults only when the function already uses them.
    """
    fn = _read_function(request.source, request.detach, "DTYPE")
    names = _names(fn)
    return {key: names[key] for key in ("x", "y", "values", "d2", "d3", "d4")}


def input_variable(request: Request) -> str:
    """The name the script gives the input tensor (the function's argument, e.g. ``x``)."""
    return script_names(request)["x"]


def _names(fn: _Function) -> dict[str, str]:
    """Module-level names for the script that the function cannot see by mistake."""
    taken = {fn.name} | set(fn.params) | KNOWN_NAMES | _SCRIPT_GLOBALS | {"DTYPE"}
    out: dict[str, str] = {}
    if (
        fn.argument not in KNOWN_NAMES
        and fn.argument not in _SCRIPT_GLOBALS | {"DTYPE"}
        and (fn.argument != fn.name)
    ):
        out["x"] = fn.argument
    else:
        out["x"] = _fresh("x", taken)
    taken.add(out["x"])
    for key in ("y", "gradient", "value", "values", "grads", "next_derivative"):
        out[key] = _fresh(key, taken)
        taken.add(out[key])
    for k in range(2, 5):
        out[f"d{k}"] = _fresh(f"d{k}", taken)
        taken.add(out[f"d{k}"])
        out[f"d{k}s"] = _fresh(f"d{k}s", taken)
        taken.add(out[f"d{k}s"])
    out["xi"] = _fresh(out["x"] + "i", taken)
    taken.add(out["xi"])
    out["yi"] = _fresh(out["y"] + "i", taken)
    return out


def _settings_line(r: Request) -> str:
    def on(flag: bool) -> str:
        return "on" if flag else "off"

    passes = f"{r.backward_passes} backward pass{'es' if r.backward_passes > 1 else ''}"
    return (
        f"# settings: vector input {on(r.vector_input)}, detach {on(r.detach)}, "
        f"retain_graph {on(r.retain_graph)}, zero_grad {on(r.zero_grad)},\n"
        f"#           {passes}, strict backward {on(r.strict_backward)}, "
        f"order {r.order}, {r.dtype}"
    )


def _x_line(r: Request, xv: str, requires_grad: bool) -> list[str]:
    dtype = ", dtype=torch.float64" if r.dtype == "float64" else ""
    rg = ", requires_grad=True" if requires_grad else ""
    if r.x_values is not None:
        values = tuple(float(v) for v in r.x_values)
        n = len(values)
        if n >= 2 and values == tuple(float(i) for i in range(n)):
            return [f"{xv} = torch.arange({float(n)!r}{dtype}{rg})"]
        return [f"{xv} = torch.tensor({_tensor_list(values, '')}{dtype}{rg})"]
    lo, hi = (_bound(v) for v in r.x_range)
    n = r.points
    if r.dtype == "float64":
        return [f"{xv} = torch.linspace({lo}, {hi}, {n}{dtype}{rg})"]
    tail = ".float().requires_grad_()" if requires_grad else ".float()"
    return [
        f"# {n} points from {lo} to {hi}, computed in float64 and stored as float32 (as gradplot)",
        f"{xv} = torch.linspace({lo}, {hi}, {n}, dtype=torch.float64){tail}",
    ]


def _backward_args(gradient: str | None, r: Request) -> str:
    args: list[str] = []
    if gradient is not None:
        args.append(gradient)
    if r.retain_graph:
        args.append("retain_graph=True")
    if r.order >= 2:
        args.append("create_graph=True")
    return ", ".join(args)


def _passes(r: Request, y: str, x: str, gradient: str | None, indent: str, show: bool) -> list[str]:
    lines: list[str] = []
    call = f"{y}.backward({_backward_args(gradient, r)})"
    for p in range(1, r.backward_passes + 1):
        if p > 1 and r.zero_grad:
            if r.order >= 2:
                lines.append(
                    f"{x}.grad = None  # zero_grad: start afresh (the gradient is part of a graph)"
                )
            else:
                lines.append(f"{x}.grad.zero_()  # zero_grad: PyTorch would otherwise accumulate")
        elif p > 1:
            lines.append("# no x.grad.zero_(): this pass adds to the gradient already there")
        lines.append(call)
        if show and r.backward_passes > 1:
            lines.append(f'print("{x}.grad after pass {p}:", {x}.grad)')
    return [indent + line for line in lines]


def to_pytorch_script(request: Request, *, scalar_output: bool | None = None) -> str:
    """The plain PyTorch script equivalent to ``request``.

    ``scalar_output`` (from the last result: was f a single number?) lets the script
    write ``y.backward()`` or ``y.backward(torch.ones_like(y))`` directly; when unknown
    the script decides at run time, exactly as gradplot does.
    """
    r = request
    dtype_expr = "DTYPE"
    fn = _read_function(r.source, r.detach, dtype_expr)
    n = _names(fn)
    xv, y = n["x"], n["y"]
    names_used = fn.names
    out: list[str] = [
        "# gradplot: the plain PyTorch equivalent of the current plot",
        _settings_line(r),
    ]
    if fn.kind == "unreadable":
        out.append(f"# note: gradplot cannot run this function yet ({fn.problem})")
    if not r.detach and fn.detach_removed:
        count = fn.detach_removed
        calls = "the .detach() call" if count == 1 else f"the {count} .detach() calls"
        out.append(
            f"# detach is off: {calls} of the function {'was' if count == 1 else 'were'} "
            "removed below, so the gradient flows through"
        )
    if not r.vector_input:
        out.append(
            "# vector input is off: f is called once per sample with a 0-d tensor\n"
            "# (gradplot leaves out a point whose loop never ends; plain Python waits)"
        )
    out.append("")

    # imports and the bare names of gradplot's language
    if names_used & {"sum", "max", "min"}:
        out.append("import builtins")
    out.append("import torch")
    if "F" in names_used:
        out.append("import torch.nn.functional as F")
    consts = sorted(names_used & CONSTANTS, key=["pi", "e", "inf", "nan"].index)
    if consts:
        out.append(f"from math import {', '.join(consts)}")
    torch_names = sorted(names_used & TORCH_FUNCTIONS)
    if torch_names:
        out.append(f"from torch import {', '.join(torch_names)}")
    functional = sorted(names_used & FUNCTIONAL)
    if functional:
        out.append(f"from torch.nn.functional import {', '.join(functional)}")
    if fn.wrapped or names_used & {"max", "min"}:
        out.append("")
        out.append(f"DTYPE = torch.{r.dtype}  # plain numbers given to torch functions")
    out.append("")
    defined = [name for name in ("norm", "sum", "max", "min") if name in names_used]
    for name in defined:
        out.append("")
        out.append(_DEFINITIONS[name].rstrip())
        out.append("")
    if "detach" in names_used:
        out.append("")
        out.append((_DETACH_ON if r.detach else _DETACH_OFF).rstrip())
        out.append("")

    if fn.params:
        out.append("")
        for p in fn.params:
            out.append(f"{p} = {_num(float(r.params.get(p, 1.0)))}  # parameter")
    out.append("")
    out.append("")
    out.append(fn.definition)
    out.append("")
    out.append("")

    order = r.order
    nxt = n["next_derivative"]
    if order >= 2:
        out.append(
            f'''def {nxt}(g, wrt):
    """d/dx of g (one value per sample), keeping the graph for the next order."""
    if not g.requires_grad:
        return torch.zeros_like(wrt)  # g no longer depends on x
    (h,) = torch.autograd.grad(g, wrt, torch.ones_like(g), create_graph=True, allow_unused=True)
    return torch.zeros_like(wrt) if h is None else h
'''
        )
        out.append("")

    if r.vector_input:
        out.extend(_x_line(r, xv, True))
        out.append(f"{y} = {fn.name}({xv})")
        out.append(f'print("f =", {y})')
        if r.strict_backward or scalar_output:
            gradient = None
        elif scalar_output is False:
            out.append(
                f"# {y} is not a scalar: backward needs a gradient; ones_like gives the "
                f"gradient of {y}.sum()"
            )
            gradient = f"torch.ones_like({y})"
        else:
            out.append(
                f"# a scalar {y} needs no gradient; for a vector, ones_like({y}) gives the "
                f"gradient of {y}.sum()"
            )
            gradient = n["gradient"]
            out.append(f"{gradient} = None if {y}.numel() == 1 else torch.ones_like({y})")
        out.extend(_passes(r, y, xv, gradient, "", show=True))
        if r.backward_passes == 1:
            out.append(f'print("{xv}.grad =", {xv}.grad)')
        previous = f"{xv}.grad"
        for k in range(2, order + 1):
            dk = n[f"d{k}"]
            out.append(f"{dk} = {nxt}({previous}, {xv})")
            out.append(f'print("d{k}f/dx{k} =", {dk})')
            previous = dk
    else:
        xi, yi, value = n["xi"], n["yi"], n["value"]
        values, grads = n["values"], n["grads"]
        dtype_kw = ", dtype=torch.float64" if r.dtype == "float64" else ""
        out.extend(_x_line(r, xv, False))
        lists = [values, grads] + [n[f"d{k}s"] for k in range(2, order + 1)]
        out.append(", ".join(lists) + " = " + ", ".join("[]" for _ in lists))
        out.append(f"for {value} in {xv}.tolist():")
        out.append(
            f"    {xi} = torch.tensor({value}{dtype_kw}, requires_grad=True)  "
            "# one sample alone, like torch.randn(size=())"
        )
        out.append(f"    {yi} = {fn.name}({xi})")
        out.extend(_passes(r, yi, xi, None, "    ", show=False))
        out.append(f"    {values}.append({yi}.item())")
        out.append(f"    {grads}.append({xi}.grad)")
        previous = f"{xi}.grad"
        for k in range(2, order + 1):
            dk = n[f"d{k}"]
            out.append(f"    {dk} = {nxt}({previous}, {xi})")
            out.append(f"    {n[f'd{k}s']}.append({dk}.detach())")
            previous = dk
        out.append(f'print("f =", torch.tensor({values}))')
        out.append(
            f"{xv}.grad = torch.stack([g.detach() for g in {grads}])  "
            f"# the per-point gradients, where {xv}.grad would be"
        )
        out.append(f'print("{xv}.grad =", {xv}.grad)')
        for k in range(2, order + 1):
            dk = n[f"d{k}"]
            out.append(f"{dk} = torch.stack({n[f'd{k}s']})")
            out.append(f'print("d{k}f/dx{k} =", {dk})')
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n\n", text)
    return text.strip("\n") + "\n"
