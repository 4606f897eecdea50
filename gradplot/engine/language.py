"""Source text -> a checked, compiled function.

A user writes either one expression in ``x`` or one ``def f(a): ...`` (any name, one
argument). The source is parsed with :mod:`ast`, checked against an allow-list of
syntax, and rewritten so that every operator, attribute, subscript, condition and loop
goes through a runtime hook (see :mod:`gradplot.engine.namespace`). Every refusal names
what was refused and where (line, column).
"""

from __future__ import annotations

import ast
import functools
import symtable
import warnings
from dataclasses import dataclass
from types import CodeType
from typing import Any, Literal

from gradplot.engine import notation
from gradplot.engine.errors import USER_FILENAME, NotationError, Refused, UnknownName
from gradplot.engine.namespace import DENIED_NAMES, known_names

MAX_SOURCE_CHARS = 20_000
MAX_NODES = 5_000
FUNCTION_NAME = "__gp_f"

_BINOP_SYMBOLS: dict[type[ast.operator], str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|",
    ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>",
}
_UNARY_SYMBOLS: dict[type[ast.unaryop], str] = {
    ast.USub: "-", ast.UAdd: "+", ast.Invert: "~", ast.Not: "not",
}
_COMPARE_SYMBOLS: dict[type[ast.cmpop], str] = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
}

# Syntax that a function may contain. Anything else is refused with its name.
_ALLOWED: tuple[type[ast.AST], ...] = (
    ast.Module, ast.Expression, ast.FunctionDef, ast.Lambda, ast.arguments, ast.arg, ast.Return,
    ast.Assign, ast.AugAssign, ast.If, ast.While, ast.For, ast.Break, ast.Continue,
    ast.Pass, ast.Expr, ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.IfExp, ast.Compare,
    ast.Call, ast.keyword, ast.Constant, ast.Attribute, ast.Subscript, ast.Slice,
    ast.Name, ast.Load, ast.Store, ast.Tuple, ast.List, ast.ListComp, ast.GeneratorExp,
    ast.comprehension, ast.operator, ast.unaryop, ast.cmpop, ast.boolop,
    ast.expr_context,
)

_REFUSED_WHY: dict[type[ast.AST], str] = {
    ast.Import: "import statements",
    ast.ImportFrom: "import statements",
    ast.ClassDef: "class definitions",
    ast.AsyncFunctionDef: "async functions",
    ast.Await: "await",
    ast.Yield: "yield (generators)",
    ast.YieldFrom: "yield (generators)",
    ast.Global: "global statements",
    ast.Nonlocal: "nonlocal statements",
    ast.Try: "try/except",
    ast.Raise: "raise",
    ast.Assert: "assert",
    ast.With: "with statements",
    ast.Delete: "del statements",
    ast.JoinedStr: "f-strings",
    ast.FormattedValue: "f-strings",
    ast.Dict: "dict literals",
    ast.Set: "set literals",
    ast.DictComp: "dict comprehensions",
    ast.SetComp: "set comprehensions",
    ast.NamedExpr: "the := operator",
    ast.Starred: "* unpacking",
    ast.AnnAssign: "annotated assignments",
}


@dataclass(frozen=True)
class CompiledFunction:
    """A checked user function, ready to be bound to a runtime."""

    source: str
    kind: Literal["expression", "function"]
    name: str
    argument: str
    param_names: tuple[str, ...]
    code: CodeType

    def bind(self, globals_: dict[str, Any]) -> Any:
        """Run the module code in ``globals_`` and return the user's function."""
        exec(self.code, globals_)
        return globals_[FUNCTION_NAME]


def _refuse(node: ast.AST, message: str) -> Refused:
    line = getattr(node, "lineno", None)
    col = getattr(node, "col_offset", None)
    return Refused(message, line, col + 1 if col is not None else None)


@functools.lru_cache(maxsize=256)
def compile_source(source: str) -> CompiledFunction:
    """Parse, check and compile ``source``.

    Raises SyntaxError, Refused or UnknownName; or NotationError for maths notation,
    carrying the source in Python as its ``fix`` when that compiles here too.
    """
    try:
        return _compile(source)
    except (SyntaxError, Refused, UnknownName, NotationError) as exc:
        fixed = _notation_fix(source)
        line, column = _position(exc)
        if fixed is None:
            rule = notation.unfixable(source) if isinstance(exc, SyntaxError) else None
            if rule is None:
                raise
            raise NotationError(
                (rule,), notation.sentences((rule,), ()), raw=_message(exc), line=line,
                column=column,
            ) from exc
        raise NotationError(
            fixed.rules,
            fixed.sentences(),
            fix=fixed.source,
            pairs=fixed.pairs,
            raw=_message(exc),
            line=line,
            column=column,
        ) from exc


def xor_as_power(source: str, raw: str, line: int | None, column: int | None
                 ) -> NotationError | None:
    """For a run that failed on ``^`` between tensors (xor): the same source with ``**``."""
    fixed = _notation_fix(source)
    if fixed is None or "power" not in fixed.rules:
        return None
    return NotationError(
        fixed.rules, fixed.sentences(), fix=fixed.source, pairs=fixed.pairs, raw=raw,
        line=line, column=column,
    )


def _notation_fix(source: str) -> notation.Correction | None:
    """The maths-notation reading of ``source``, if it passes every check."""
    if len(source) > notation.MAX_CHARS:
        return None
    try:
        fixed = notation.correct(source)
    except Exception:  # a best-effort reading: it must never hide the original error
        return None
    if fixed is None:
        return None
    try:
        _compile(fixed.source)  # the same allow-list, limits and checks
    except Exception:
        return None
    return fixed


def _position(exc: Exception) -> tuple[int | None, int | None]:
    if isinstance(exc, SyntaxError):
        return exc.lineno, exc.offset if exc.offset and exc.offset > 0 else None
    return getattr(exc, "line", None), getattr(exc, "column", None)


def _message(exc: Exception) -> str:
    if isinstance(exc, SyntaxError):
        return f"SyntaxError: {exc.msg}"
    if isinstance(exc, NotationError):
        return exc.raw
    return str(exc)


def _compile(source: str) -> CompiledFunction:
    if len(source) > MAX_SOURCE_CHARS:
        raise Refused(f"a source of {len(source):,} characters (the limit is {MAX_SOURCE_CHARS:,})")
    if "\x00" in source:
        raise Refused("a NUL character in the source")
    if not source.strip():
        raise SyntaxError("the function is empty: type an expression in x, such as sin(x)")
    try:
        with warnings.catch_warnings():
            # Python's warnings ('\d' escapes here; 'x is 1' and calling a literal such
            # as 2(x+1) when compiling) would reach the terminal; the errors explain instead
            warnings.simplefilter("ignore")
            tree = ast.parse(source, filename=USER_FILENAME, mode="exec")
    except (RecursionError, MemoryError) as exc:
        raise Refused("a source nested too deeply") from exc
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise Refused(f"a function of {len(nodes):,} syntax nodes (the limit is {MAX_NODES:,})")

    func = _find_function(tree)
    if func is None:
        kind: Literal["expression", "function"] = "expression"
        expr = tree.body[0]
        assert isinstance(expr, ast.Expr)
        ret = ast.Return(value=expr.value)
        ast.copy_location(ret, expr)
        func = ast.FunctionDef(
            name="f",
            args=ast.arguments(
                posonlyargs=[], args=[ast.arg(arg="x")], kwonlyargs=[], kw_defaults=[],
                defaults=[],
            ),
            body=[ret],
            decorator_list=[],
            returns=None,
            type_comment=None,
        )
        ast.copy_location(func, expr)
        ast.fix_missing_locations(func)
    else:
        kind = "function"

    user_name = func.name
    argument = func.args.args[0].arg
    helpers = [s for s in tree.body if isinstance(s, ast.FunctionDef) and s is not func]
    scope: ast.AST = ast.Module(body=[*helpers, func], type_ignores=[]) if helpers else func
    _check_body(scope, func, user_name if kind == "function" else None)
    notation.lint(func, argument)
    params = _free_names(scope, frozenset(h.name for h in helpers))
    notation.lint_params(params, argument)

    rewriter = _Rewriter(main=func)
    module = ast.Module(body=[rewriter.visit(s) for s in (*helpers, func)], type_ignores=[])
    assert module.body[-1] is func  # rewritten in place
    func.name = FUNCTION_NAME
    ast.fix_missing_locations(module)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = compile(module, USER_FILENAME, "exec")
    return CompiledFunction(
        source=source,
        kind=kind,
        name=user_name,
        argument=argument,
        param_names=params,
        code=code,
    )


def _is_docstring(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def _find_function(tree: ast.Module) -> ast.FunctionDef | None:
    """The main def of the module (the one named f, else the last), or None for an expression.

    Other top-level defs are helper functions; everything else at the top level is refused.
    """
    body = [s for s in tree.body if not _is_docstring(s)]
    defs = [s for s in body if isinstance(s, ast.FunctionDef)]
    if len(body) == 1 and isinstance(body[0], ast.Expr) and len(tree.body) == 1:
        return None
    if defs and len(defs) == len(body):
        named_f = [d for d in defs if d.name == "f"]
        func = named_f[-1] if named_f else defs[-1]
        args = func.args
        if (
            len(args.args) != 1
            or args.posonlyargs
            or args.kwonlyargs
            or args.vararg
            or args.kwarg
            or args.defaults
        ):
            raise _refuse(func, f"def {func.name}(...) must take exactly one argument, like f(x)")
        seen: set[str] = set()
        for d in defs:
            _check_signature(d, helper=d is not func)
            if d.name in seen:
                raise _refuse(d, f"two functions named '{d.name}'")
            seen.add(d.name)
        return func
    first = body[0] if body else tree.body[0]
    for stmt in body:
        why = _REFUSED_WHY.get(type(stmt))
        if why is not None:
            raise _refuse(stmt, why)
    raise _refuse(
        first,
        "statements outside a function: write one expression in x, "
        "or one function def f(x): ... that returns the value",
    )


# The runtime hook that wraps every helper function (it bounds recursion depth).
_HELPER_WRAPPER = "__gp_fn"


def _check_signature(func: ast.FunctionDef | ast.Lambda, *, helper: bool = True) -> None:
    """Helpers take plain positional arguments (defaults allowed): no decorators or types.

    The main function (``helper=False``) may have any name, even a built-in one.
    """
    args = func.args
    if args.vararg or args.kwarg:
        node = args.vararg or args.kwarg
        assert node is not None
        raise _refuse(node, "* and ** arguments in a helper function")
    if args.posonlyargs or args.kwonlyargs:
        raise _refuse(func, "keyword-only or positional-only arguments")
    if isinstance(func, ast.FunctionDef):
        if func.decorator_list:
            raise _refuse(func.decorator_list[0], "decorators")
        annotated = [a.annotation for a in args.args if a.annotation is not None]
        if func.returns is not None:
            annotated.insert(0, func.returns)
        if annotated:
            raise _refuse(annotated[0], "type annotations")
        if not helper:
            return
        if func.name.startswith("_"):
            raise _refuse(func, f"the name '{func.name}' (names starting with _ are internal)")
        if func.name in DENIED_NAMES:
            raise _refuse(func, f"'{func.name}' (gradplot functions can only compute)")
        if func.name in known_names():
            raise _refuse(
                func, f"a helper named '{func.name}' (it would hide the built-in {func.name})"
            )
    names = [a.arg for a in args.args]
    for name in names:
        if name.startswith("_"):
            raise _refuse(func, f"the name '{name}' (names starting with _ are internal)")
    if len(set(names)) != len(names):
        raise _refuse(func, "two arguments with the same name")


def _check_body(scope: ast.AST, func: ast.FunctionDef, user_name: str | None) -> None:
    """Check every node of ``scope`` (the main function, or the module with its helpers)."""
    for node in ast.walk(scope):
        if node is func or node is scope:
            continue
        why = _REFUSED_WHY.get(type(node))
        if why is not None:
            raise _refuse(node, why)
        if isinstance(node, ast.FunctionDef | ast.Lambda):
            _check_signature(node)
        if not isinstance(node, _ALLOWED):
            raise _refuse(node, f"the Python construct '{type(node).__name__}'")
        if isinstance(node, ast.Name):
            if node.id.startswith("_"):
                raise _refuse(node, f"the name '{node.id}' (names starting with _ are internal)")
            if node.id in DENIED_NAMES:
                raise _refuse(node, f"'{node.id}' (gradplot functions can only compute)")
            if node.id == user_name and user_name != func.args.args[0].arg:
                raise _refuse(node, f"'{user_name}' calling itself (recursion)")
        elif isinstance(node, ast.Attribute):
            if node.attr.startswith("_"):
                raise _refuse(node, f"the attribute '.{node.attr}' (internals are not available)")
            if isinstance(node.ctx, ast.Store):
                raise _refuse(node, f"assigning to '.{node.attr}'")
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
            raise _refuse(node, "assigning into a tensor by index (use where(...) instead)")
        elif isinstance(node, ast.Constant) and isinstance(node.value, bytes):
            raise _refuse(node, "bytes literals")
        elif isinstance(node, ast.keyword) and node.arg is None:
            raise _refuse(node, "** unpacking")
        elif isinstance(node, ast.keyword) and node.arg == "out":
            raise _refuse(node, "the out= argument (it writes into an existing tensor)")
        elif isinstance(node, ast.AugAssign) and not isinstance(node.target, ast.Name):
            raise _refuse(node, "augmented assignment to anything but a plain name")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.LShift | ast.RShift):
            raise _refuse(node, "bit shifts")


def _free_names(scope: ast.AST, helpers: frozenset[str]) -> tuple[str, ...]:
    """Names a function reads as globals: parameters. Unknown called names are errors.

    Python's own scoping decides (:mod:`symtable`): a name assigned in a function, or an
    argument of it, is local there; the helpers' names are defined at the top level.
    """
    if isinstance(scope, ast.Module):
        module = scope
    else:
        assert isinstance(scope, ast.FunctionDef)
        module = ast.Module(body=[scope], type_ignores=[])
    table = symtable.symtable(ast.unparse(module), USER_FILENAME, "exec")
    free: set[str] = set()
    stack = list(table.get_children())
    while stack:
        child = stack.pop()
        stack.extend(child.get_children())
        for symbol in child.get_symbols():
            if symbol.is_referenced() and symbol.is_global():
                free.add(symbol.get_name())
    free -= helpers
    known = known_names()
    called: dict[str, ast.Name] = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            called.setdefault(node.func.id, node.func)
    for name, node in called.items():
        if name not in known and name in free:
            raise UnknownName(
                name,
                sorted(known),
                what="function",
                line=node.lineno,
                column=node.col_offset + 1,
            )
    params = [name for name in free if name not in known]
    return tuple(sorted(params, key=lambda n: _first_use(scope, n)))


def _first_use(func: ast.AST, name: str) -> tuple[int, int]:
    best = (1 << 30, 0)
    for node in ast.walk(func):
        if isinstance(node, ast.Name) and node.id == name:
            best = min(best, (node.lineno, node.col_offset))
    return best


def _hook(name: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(args), keywords=[])


class _Rewriter(ast.NodeTransformer):
    """Route operators, attributes, subscripts, conditions and loops through hooks.

    Every helper function (a def other than ``main``, or a lambda) is wrapped by the
    ``__gp_fn`` hook, which bounds how deep helpers may call each other.
    """

    def __init__(self, main: ast.FunctionDef) -> None:
        self.main = main

    def visit_FunctionDef(self, node: ast.FunctionDef) -> Any:
        self.generic_visit(node)
        if node is not self.main:
            wrapper = ast.Name(id=_HELPER_WRAPPER, ctx=ast.Load())
            node.decorator_list = [self._located(wrapper, node)]
        return node

    def visit_Lambda(self, node: ast.Lambda) -> Any:
        self.generic_visit(node)
        return self._located(_hook(_HELPER_WRAPPER, node), node)

    def _located(self, new: ast.AST, old: ast.AST) -> Any:
        ast.copy_location(new, old)
        for child in ast.walk(new):
            if not hasattr(child, "lineno") or getattr(child, "lineno", None) is None:
                ast.copy_location(child, old)
        return new

    def visit_BinOp(self, node: ast.BinOp) -> Any:
        self.generic_visit(node)
        symbol = _BINOP_SYMBOLS[type(node.op)]
        return self._located(_hook("__gp_binop", ast.Constant(symbol), node.left, node.right), node)

    def visit_AugAssign(self, node: ast.AugAssign) -> Any:
        self.generic_visit(node)
        assert isinstance(node.target, ast.Name)
        symbol = _BINOP_SYMBOLS[type(node.op)] + "="
        value = _hook(
            "__gp_binop",
            ast.Constant(symbol),
            ast.Name(id=node.target.id, ctx=ast.Load()),
            node.value,
        )
        assign = ast.Assign(targets=[ast.Name(id=node.target.id, ctx=ast.Store())], value=value)
        return self._located(assign, node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> Any:
        self.generic_visit(node)
        symbol = _UNARY_SYMBOLS[type(node.op)]
        if isinstance(node.operand, ast.Constant) and symbol in "-+":
            return node  # keep -1.5 a literal
        return self._located(_hook("__gp_unary", ast.Constant(symbol), node.operand), node)

    def visit_Compare(self, node: ast.Compare) -> Any:
        self.generic_visit(node)
        parts: list[ast.expr] = []
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            symbol = _COMPARE_SYMBOLS.get(type(op))
            if symbol is None:
                raise _refuse(node, f"the comparison '{type(op).__name__}'")
            parts.append(_hook("__gp_cmp", ast.Constant(symbol), left, right))
            left = right
        new: ast.expr = parts[0] if len(parts) == 1 else ast.BoolOp(op=ast.And(), values=parts)
        return self._located(new, node)

    def _cond(self, test: ast.expr) -> ast.expr:
        call = _hook("__gp_cond", test, ast.Constant(getattr(test, "lineno", 0)))
        self._located(call, test)
        return call

    def visit_BoolOp(self, node: ast.BoolOp) -> Any:
        self.generic_visit(node)
        node.values = [self._cond(v) for v in node.values]
        return node

    def visit_If(self, node: ast.If) -> Any:
        self.generic_visit(node)
        node.test = self._cond(node.test)
        return node

    def visit_IfExp(self, node: ast.IfExp) -> Any:
        self.generic_visit(node)
        node.test = self._cond(node.test)
        return node

    def visit_While(self, node: ast.While) -> Any:
        self.generic_visit(node)
        node.test = self._cond(node.test)
        tick = ast.Expr(value=_hook("__gp_tick"))
        node.body.insert(0, self._located(tick, node))
        return node

    def visit_For(self, node: ast.For) -> Any:
        self.generic_visit(node)
        node.iter = self._located(_hook("__gp_iter", node.iter), node.iter)
        return node

    def visit_comprehension(self, node: ast.comprehension) -> Any:
        self.generic_visit(node)
        node.iter = self._located(_hook("__gp_iter", node.iter), node.iter)
        node.ifs = [self._cond(t) for t in node.ifs]
        return node

    def _sequence(self, node: ast.expr) -> Any:
        return self._located(_hook("__gp_seq", node), node)

    def visit_List(self, node: ast.List) -> Any:
        self.generic_visit(node)
        return self._sequence(node) if isinstance(node.ctx, ast.Load) else node

    def visit_Tuple(self, node: ast.Tuple) -> Any:
        self.generic_visit(node)
        if not isinstance(node.ctx, ast.Load) or any(isinstance(e, ast.Slice) for e in node.elts):
            return node  # assignment targets, and x[1:, 0] (visit_Subscript handles that)
        return self._sequence(node)

    def visit_ListComp(self, node: ast.ListComp) -> Any:
        self.generic_visit(node)
        return self._sequence(node)

    def visit_Attribute(self, node: ast.Attribute) -> Any:
        self.generic_visit(node)
        return self._located(_hook("__gp_attr", node.value, ast.Constant(node.attr)), node)

    def visit_Subscript(self, node: ast.Subscript) -> Any:
        self.generic_visit(node)
        index = node.slice
        if isinstance(index, ast.Slice):
            index = _hook(
                "__gp_slice",
                *(part if part is not None else ast.Constant(None)
                  for part in (index.lower, index.upper, index.step)),
            )
        elif isinstance(index, ast.Tuple):
            index = ast.Tuple(
                elts=[
                    _hook(
                        "__gp_slice",
                        *(p if p is not None else ast.Constant(None)
                          for p in (e.lower, e.upper, e.step)),
                    )
                    if isinstance(e, ast.Slice)
                    else e
                    for e in index.elts
                ],
                ctx=ast.Load(),
            )
        return self._located(_hook("__gp_item", node.value, index), node)
