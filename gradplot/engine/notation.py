"""Maths-class notation, rewritten as the Python that means it.

People arrive from maths class, Desmos or GeoGebra and type ``x^2``, ``2x``, ``|x|``,
``ln(x)``, ``x²`` or ``f(x) = ...``. gradplot's language is Python (the point is
PyTorch), so such input is never guessed at: :func:`correct` rewrites the notation it
knows into Python, and the compiler offers the result as a one-click fix beside the
error, with a sentence on each Python rule involved. :func:`lint` refuses the few
notations that are valid Python with another meaning (``x^2`` is xor, ``2(x+1)``
calls 2, ``π`` would become a slider). A source that is valid Python and uses none of
them is never touched.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, field

from gradplot.engine.errors import NotationError
from gradplot.engine.messages import MESSAGES, NOTATION_RULES, notation_explanation
from gradplot.engine.namespace import CONSTANTS, known_names

# Maths notation is short; the passes below may scan a bracket group per name, so a
# long (hostile) source is not read as notation at all.
MAX_CHARS = 1_000
MAX_DEPTH = 40  # sin sin sin ... x: deeper than any maths, shallower than any stack

# rule -> the Python rule, in one plain sentence (gradplot.engine.messages says them)
RULES: dict[str, str] = {rule: MESSAGES[f"notation.rule.{rule}"] for rule in NOTATION_RULES}

# maths-class names of functions -> gradplot's (a "1/" prefix: the reciprocal of it)
ALIASES: dict[str, str] = {
    "ln": "log", "lg": "log10", "ld": "log2", "lb": "log2",
    "log_2": "log2", "log_10": "log10", "log_e": "log",
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arctg": "atan",
    "arsinh": "asinh", "arcosh": "acosh", "artanh": "atanh",
    "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh",
    "tg": "tan", "sgn": "sign", "signum": "sign", "th": "tanh", "sh": "sinh", "ch": "cosh",
    "cot": "1/tan", "ctg": "1/tan", "cotg": "1/tan", "sec": "1/cos", "csc": "1/sin",
    "cosec": "1/sin",
}
_INVERSES = {"sin": "asin", "cos": "acos", "tan": "atan", "sinh": "asinh", "cosh": "acosh",
             "tanh": "atanh"}
_KEYWORDS = frozenset({
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
    "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield", "True", "False", "None",
})
_NOT_FUNCTIONS = frozenset(CONSTANTS) | {"torch", "F"}
# the functions of maths class, which people glue to x (sinx); min, max, sum... are not:
# minx may well be a slider
_GLUED_HEADS = frozenset({
    "sin", "cos", "tan", "sinh", "cosh", "tanh", "asin", "acos", "atan", "exp", "log",
    "log2", "log10", "sqrt", "abs", "sign",
})
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SYMBOLS: dict[str, list[tuple[str, str]]] = {
    "−": [("op", "-")], "–": [("op", "-")], "·": [("op", "*")], "⋅": [("op", "*")],
    "×": [("op", "*")], "∙": [("op", "*")], "÷": [("op", "/")], "≤": [("op", "<=")],
    "≥": [("op", ">=")], "≠": [("op", "!=")], "∞": [("name", "inf")], "π": [("name", "pi")],
    "½": [("op", "("), ("num", "1"), ("op", "/"), ("num", "2"), ("op", ")")],
    "°": [("op", "*"), ("name", "pi"), ("op", "/"), ("num", "180")],
}
_SPECIAL = "π·⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺½"  # \w, and some even in Python names, but maths symbols
_TOKEN = re.compile(
    rf"""
    (?P<comment>\#[^\n]*)
    |(?P<str>[rRbBuUfF]{{0,2}}(?:'''[\s\S]*?'''|\"\"\"[\s\S]*?\"\"\"|'[^'\n]*'|"[^"\n]*"))
    |(?P<num>0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)
    |(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+)
    |(?P<name>(?:(?![{_SPECIAL}])[^\W\d])(?:(?![{_SPECIAL}])\w)*)
    |(?P<nl>\n)
    |(?P<ws>[ \t\f\r]+|\\\n)
    |(?P<op>\*\*=?|//=?|<<=?|>>=?|->|:=|[-+*/%@&|^<>=!]=|[-+*/%@&|^~<>=()\[\]{{}},:;.!])
    |(?P<other>.)
    """,
    re.X,
)
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_ABS_OPEN = "\x00abs("  # an opening bar, until its closing one is found


@dataclass
class _Tok:
    kind: str
    text: str
    sqrt: bool = False  # a √ that applies to the next factor without brackets


@dataclass(frozen=True)
class Correction:
    """The Python for a maths-notation source, and the rules it applied."""

    source: str
    rules: tuple[str, ...]
    pairs: tuple[tuple[str, str, str], ...] = field(default=())  # (rule, maths, Python)

    def sentences(self) -> str:
        return sentences(self.rules, self.pairs)


def sentences(rules: tuple[str, ...], pairs: tuple[tuple[str, str, str], ...]) -> str:
    """The English sentences for ``rules``; renamed and symbols list what became what."""
    return notation_explanation(rules, pairs).render()


def _refuse(rule: str, line: int | None, column: int | None) -> NotationError:
    # no raw message: Python itself said nothing (it would have run the other meaning)
    return NotationError((rule,), sentences((rule,), ()), line=line, column=column)


# --- valid Python that means something else ------------------------------------------
def lint(func: ast.FunctionDef, argument: str) -> None:
    """Refuse ``x^2``, ``2(x+1)``, ``x(x+1)``, ``(x+1)(x-1)``, ``sin(x)(x+1)`` and ``π``."""
    for node in ast.walk(func):
        where = (getattr(node, "lineno", None), _column(node))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitXor):
            if any(_is_number(side) for side in (node.left, node.right)):
                raise _refuse("power", *where)
        elif isinstance(node, ast.Call):
            callee = node.func
            # gradplot's functions return values, never functions: sin(x)(x+1) is a
            # product (a helper's call may return a lambda, so only known names count)
            if (
                isinstance(callee, ast.Constant | ast.BinOp | ast.UnaryOp | ast.Compare)
                or (isinstance(callee, ast.Name) and callee.id in (argument, *CONSTANTS))
                or (
                    isinstance(callee, ast.Call)
                    and isinstance(callee.func, ast.Name)
                    and callee.func.id in _functions()
                )
            ):
                raise _refuse("times", *where)
        elif isinstance(node, ast.Name) and ("π" in node.id or "·" in node.id):
            # Python takes both as letters: π*x has a slider π, x·2 a slider named x·2
            raise _refuse("symbols", *where)


def lint_params(params: tuple[str, ...], argument: str) -> None:
    """Refuse a free name such as ``sinx`` or ``X``: it would silently be a slider."""
    for name in params:
        if _glued_call(name) is not None:
            raise _refuse("call", None, None)  # sinx: a slider named sinx
        if name == argument.upper() != argument:
            raise _refuse("case", None, None)


def _column(node: ast.AST) -> int | None:
    col = getattr(node, "col_offset", None)
    return col + 1 if col is not None else None


def _is_number(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        node = node.operand
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int | float) and not isinstance(node.value, bool)
    return isinstance(node, ast.Name) and node.id in CONSTANTS


def _functions() -> frozenset[str]:
    return known_names() - _NOT_FUNCTIONS


def _glued_call(name: str) -> tuple[str, str] | None:
    """``sinx`` -> (sin, x); ``sin2x`` -> (sin, 2x); anything else -> None."""
    m = re.fullmatch(r"([a-z]+?)(\d*(?:\.\d+)?x)", name)
    if m is None:
        return None
    if m[1] in _GLUED_HEADS or m[1] in ALIASES:
        return m[1], m[2]
    return None


def unfixable(source: str) -> str | None:
    """The rule behind a notation that has no Python spelling here (x!), if any."""
    toks = _tokens(source[:MAX_CHARS])
    if any(t.kind == "op" and t.text == "!" for t in toks):
        return "factorial"
    return None


# --- maths notation -> Python -----------------------------------------------------------
def correct(source: str) -> Correction | None:
    """The Python for ``source`` read as maths notation, or None when nothing changes."""
    toks = _tokens(source)
    rules: list[str] = []
    pairs: list[tuple[str, str, str]] = []
    fixer = _Fixer(toks, rules, pairs)
    try:
        fixer.run()
    except _TooDeep:
        return None
    fixed = "".join(t.text for t in fixer.toks)
    if fixed == source or not rules:
        return None
    order = [r for r in RULES if r in rules]
    return Correction(fixed, tuple(order), tuple(dict.fromkeys(pairs)))


def _tokens(source: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(source):
        kind = m.lastgroup
        assert kind is not None
        out.append(_Tok(kind, m.group()))
    return out


class _TooDeep(Exception):
    pass


class _Fixer:
    def __init__(
        self, toks: list[_Tok], rules: list[str], pairs: list[tuple[str, str, str]]
    ) -> None:
        self.toks = toks
        self.rules = rules
        self.pairs = pairs
        self.functions = _functions()
        self.argument = "x"
        self.stored: set[str] = set()
        self.has_def = False
        self.depth = 0

    def note(self, rule: str) -> None:
        if rule not in self.rules:
            self.rules.append(rule)

    # -- helpers -------------------------------------------------------------------------
    def sig(self, i: int) -> int:
        """The index of the first significant token at or after i (len if none)."""
        while i < len(self.toks) and self.toks[i].kind in ("ws", "comment"):
            i += 1
        return i

    def prev_sig(self, i: int) -> int:
        """The index of the last significant token before i (-1 if none)."""
        i -= 1
        while i >= 0 and self.toks[i].kind in ("ws", "comment"):
            i -= 1
        return i

    def text(self, i: int) -> str:
        return self.toks[i].text if 0 <= i < len(self.toks) else ""

    def kind(self, i: int) -> str:
        return self.toks[i].kind if 0 <= i < len(self.toks) else ""

    def match(self, i: int) -> int:
        """The index of the bracket closing the one at i (len if unclosed)."""
        depth = 0
        for j in range(i, len(self.toks)):
            t = self.toks[j]
            if t.kind != "op":
                continue
            if t.text in _OPENERS:
                depth += 1
            elif t.text in (")", "]", "}"):
                depth -= 1
                if depth == 0:
                    return j
        return len(self.toks)

    def is_function(self, i: int) -> bool:
        t = self.toks[i]
        return t.kind == "name" and (t.text in self.functions or t.sqrt)

    def is_attribute(self, i: int) -> bool:
        return self.text(self.prev_sig(i)) == "."

    def is_operand_start(self, i: int) -> bool:
        t = self.toks[i] if i < len(self.toks) else None
        if t is None:
            return False
        if t.kind == "num":
            return True
        if t.kind == "name":
            return t.text not in _KEYWORDS
        return t.kind == "op" and t.text == "("

    def ends_operand(self, i: int) -> bool:
        t = self.toks[i] if 0 <= i < len(self.toks) else None
        if t is None:
            return False
        if t.kind == "num":
            return True
        if t.kind == "name":
            return t.text not in _KEYWORDS
        return t.kind == "op" and t.text in (")", "]")

    def factor_end(self, i: int) -> int:
        """Index just past the factor starting at significant token i."""
        self.depth += 1
        try:
            return self._factor_end(i)
        finally:
            self.depth -= 1

    def _factor_end(self, i: int) -> int:
        if self.depth > MAX_DEPTH:
            raise _TooDeep
        if i >= len(self.toks):
            return i
        t = self.toks[i]
        if t.kind == "op" and t.text in ("-", "+"):
            return self.factor_end(self.sig(i + 1))
        if t.kind == "op" and t.text == "(":
            end = self.match(i) + 1
        elif t.kind == "name" and self.is_function(i):
            j = self.sig(i + 1)
            if self.text(j) == "(":
                end = self.match(j) + 1
            elif j < len(self.toks) and self.is_operand_start(j):
                end = self.term_end(j)
            else:
                end = i + 1
        else:
            end = i + 1
        while self.text(end) in ("(", "[") and t.kind != "num":
            end = self.match(end) + 1
        j = self.sig(end)
        if self.text(j) in ("**", "^"):
            k = self.sig(j + 1)
            if k < len(self.toks) and (self.is_operand_start(k) or self.text(k) in "-+"):
                end = self.factor_end(k)
        return min(end, len(self.toks))

    def term_end(self, i: int) -> int:
        """Past the juxtaposed factors from i: the argument of ``sin 2x`` is ``2x``."""
        end = self.factor_end(i)
        while True:
            j = end  # juxtaposition without a space only: sin 2x + 1 -> sin(2x) + 1
            if j < len(self.toks) and self.is_operand_start(j) and not self.is_function(j):
                end = self.factor_end(j)
            else:
                return end

    # -- the passes ----------------------------------------------------------------------
    def run(self) -> None:
        self.symbols()
        self.definition()
        self.find_argument()
        self.find_stored()
        self.decimal_comma()
        self.case()
        self.braces()
        self.absolute()
        self.functions_pass()
        self.times()
        self.power()
        self.factorial()

    def replace(self, i: int, j: int, new: list[_Tok]) -> None:
        self.toks[i:j] = new

    def symbols(self) -> None:
        out: list[_Tok] = []
        for t in self.toks:
            if t.kind == "other" and "\uff01" <= t.text <= "\uff5e":  # full-width (an IME)
                t = _Tok("op", chr(ord(t.text) - 0xFEE0))
            if t.kind == "other" and t.text in _SYMBOLS:
                new = _SYMBOLS[t.text]
                if t.text == "°":
                    self.note("degrees")
                else:
                    self.note("symbols")
                    self.pairs.append(("symbols", t.text, "".join(v for _k, v in new)))
                out.extend(_Tok(k, v) for k, v in new)
            elif t.kind == "other" and t.text == "√":
                self.note("symbols")
                self.pairs.append(("symbols", "√x", "sqrt(x)"))
                out.append(_Tok("name", "sqrt", sqrt=True))
            elif t.kind == "sup":
                self.note("power")
                digits = t.text.translate(_SUPERSCRIPTS)
                out.append(_Tok("op", "**"))
                if digits.startswith("-"):
                    out.append(_Tok("op", "-"))
                    digits = digits[1:]
                out.append(_Tok("num", digits.lstrip("+") or "1"))
            elif t.kind == "name" and "π" in t.text:
                self.note("symbols")
                self.pairs.append(("symbols", "π", "pi"))
                out.append(_Tok("name", t.text.replace("π", "pi")))
            else:
                out.append(t)
        self.toks = out

    def definition(self) -> None:
        """``f(x) = ...``, ``f(x) := ...``, ``y = ...`` on one line: keep the right side."""
        lines = sum(1 for t in self.toks if t.kind == "nl")
        content_after = any(t.kind not in ("ws", "nl", "comment") for t in
                            self.toks[self._first_nl() + 1:]) if lines else False
        if content_after:
            return
        i = self.sig(0)
        if self.kind(i) != "name" or self.text(i) in _KEYWORDS:
            return
        name = self.text(i)
        j = self.sig(i + 1)
        arg = None
        if self.text(j) == "(":
            k = self.sig(j + 1)
            close = self.sig(k + 1)
            if self.kind(k) != "name" or self.text(close) != ")":
                return
            arg = self.text(k)
            j = self.sig(close + 1)
        elif name not in ("y", "f", "g", "h"):
            return
        if self.text(j) not in ("=", ":="):
            return
        rest = self.sig(j + 1)
        self.note("define")
        if arg is None or arg == "x":
            self.toks = self.toks[rest:]
        else:
            head = [_Tok("name", "def"), _Tok("ws", " "), _Tok("name", name), _Tok("op", "("),
                    _Tok("name", arg), _Tok("op", ")"), _Tok("op", ":"), _Tok("nl", "\n"),
                    _Tok("ws", "    "), _Tok("name", "return"), _Tok("ws", " ")]
            self.toks = head + self.toks[rest:]

    def _first_nl(self) -> int:
        return next(i for i, t in enumerate(self.toks) if t.kind == "nl")

    def find_argument(self) -> None:
        i = self.sig(0)
        if self.text(i) == "def":
            j = self.sig(self.sig(i + 1) + 1)
            if self.text(j) == "(" and self.kind(self.sig(j + 1)) == "name":
                self.argument = self.text(self.sig(j + 1))

    def absolute(self) -> None:
        """``|x|`` -> ``abs(x)``: a bar where an operand may start opens, after one closes."""
        stack: list[int] = []  # bracket depth at each open bar
        depth = 0
        for i, t in enumerate(self.toks):
            if t.kind != "op":
                continue
            if t.text in _OPENERS:
                depth += 1
            elif t.text in (")", "]", "}"):
                depth -= 1
            elif t.text == "|":
                prev = self.prev_sig(i)
                after_operand = self.ends_operand(prev) and not (
                    self.is_function(prev) or (not (stack and stack[-1] == depth)
                                               and self.bar_follows(i))
                )
                if after_operand and stack and stack[-1] == depth:
                    stack.pop()
                    t.text = ")"
                    self.note("abs")
                elif not after_operand:
                    stack.append(depth)
                    t.text = _ABS_OPEN
                    self.note("abs")
        out: list[_Tok] = []
        for t in self.toks:
            if t.text != _ABS_OPEN:
                out.append(t)
            elif stack:  # an unmatched bar: it was not an absolute value
                t.text = "|"
                out.append(t)
            else:
                out.extend((_Tok("name", "abs"), _Tok("op", "(")))
        self.toks = out

    def case(self) -> None:
        """``X^2`` in a function of x: the capital is the variable, not a slider."""
        capital = self.argument.upper()
        if capital == self.argument or capital in self.stored:
            return
        for i, t in enumerate(self.toks):
            if t.kind == "name" and t.text == capital and not self.is_attribute(i):
                self.note("case")
                t.text = self.argument

    def braces(self) -> None:
        """``x^{2}``, ``e^{-x}`` (LaTeX, as Desmos copies it): the exponent's braces."""
        for i, t in enumerate(self.toks):
            if t.kind == "op" and t.text in ("^", "**"):
                j = self.sig(i + 1)
                if self.text(j) == "{":
                    end = self.match(j)
                    if end < len(self.toks):
                        self.note("power")
                        self.toks[j].text, self.toks[end].text = "(", ")"

    def decimal_comma(self) -> None:
        """``2,5x`` outside any bracket: a decimal comma (a tuple is never a function)."""
        depth = 0
        out: list[_Tok] = []
        i = 0
        toks = self.toks
        while i < len(toks):
            t = toks[i]
            if t.kind == "op" and t.text in _OPENERS:
                depth += 1
            elif t.kind == "op" and t.text in (")", "]", "}"):
                depth -= 1
            if (
                depth == 0 and t.kind == "num" and t.text.isdigit() and i + 2 < len(toks)
                and toks[i + 1].text == "," and toks[i + 2].kind == "num"
                and toks[i + 2].text.isdigit()
            ):
                self.note("decimal")
                out.append(_Tok("num", f"{t.text}.{toks[i + 2].text}"))
                i += 3
                continue
            out.append(t)
            i += 1
        self.toks = out

    def bar_follows(self, i: int) -> bool:
        """Another | after i inside the same brackets (2|x| opens a bar; a | b does not)."""
        depth = 0
        for t in self.toks[i + 1:]:
            if t.kind != "op":
                continue
            if t.text in _OPENERS:
                depth += 1
            elif t.text in (")", "]", "}"):
                depth -= 1
                if depth < 0:
                    return False
            elif t.text == "|" and depth == 0:
                return True
        return False

    def functions_pass(self) -> None:
        i = 0
        while i < len(self.toks):
            t = self.toks[i]
            if t.kind == "name" and not self.is_attribute(i) and t.text not in _KEYWORDS:
                self.one_function(i)
            i += 1

    def one_function(self, i: int) -> None:
        t = self.toks[i]
        j = self.sig(i + 1)
        nxt = self.text(j)
        applied = nxt == "(" or (j < len(self.toks) and self.is_operand_start(j)) or t.sqrt
        glued = _glued_call(t.text)
        if glued is not None and t.text not in self.functions and t.text not in self.stored:
            head, arg = glued
            self.note("call")
            t.text = head
            self.toks[i + 1:i + 1] = [_Tok("op", "("), *_tokens(arg), _Tok("op", ")")]
            j = self.sig(i + 1)
            nxt = "("
            applied = True
        name = t.text
        lower = name.lower()
        if name not in self.functions and (name in ALIASES or lower in ALIASES) and (
            applied or nxt in ("**", "^")
        ):
            new = ALIASES.get(name, ALIASES.get(lower, name))
            if new.startswith("1/"):
                self.pairs.append(("renamed", f"{name}(x)", f"1/{new[2:]}(x)"))
            else:
                self.pairs.append(("renamed", name, new))
            self.note("renamed")
            t.text = new
        elif name not in self.functions and lower in self.functions and nxt == "(":
            self.pairs.append(("renamed", name, lower))
            self.note("renamed")
            t.text = lower
        base = t.text.removeprefix("1/")
        if base not in self.functions:
            return
        # sin^2(x), sin²x, sin^-1(x)
        power: list[_Tok] = []
        if nxt in ("**", "^"):
            k = self.sig(j + 1)
            neg = self.text(k) == "-"
            n = self.sig(k + 1) if neg else k
            if self.kind(n) != "num":
                return
            after = self.sig(n + 1)
            if not (self.text(after) == "(" or self.is_operand_start(after)):
                return
            if neg and self.text(n) == "1" and base in _INVERSES:
                self.pairs.append(("renamed", f"{base}^-1", _INVERSES[base]))
                self.note("renamed")
                t.text = t.text.replace(base, _INVERSES[base])
                base = _INVERSES[base]
            else:
                self.note("func_power")
                power = [_Tok("op", "**")] + ([_Tok("op", "-")] if neg else []) + [self.toks[n]]
            del self.toks[i + 1:after]
            j = i + 1
            nxt = self.text(j)
        reciprocal = t.text.startswith("1/")
        if nxt == "(":
            end = self.match(j) + 1
            if end > len(self.toks):
                return
            inner = self.toks[j:end]
        elif j < len(self.toks) and self.is_operand_start(j) and (
            t.sqrt or self.kind(j - 1) == "ws" or power or reciprocal or base != name
        ):
            end = self.term_end(j)
            if not t.sqrt:  # √x is listed with the symbols
                self.note("call")
            inner = [_Tok("op", "("), *self.toks[j:end], _Tok("op", ")")]
        else:
            return
        call = [_Tok("name", base), *inner, *power]
        if reciprocal:
            call = [_Tok("op", "("), _Tok("num", "1"), _Tok("op", "/"), *call, _Tok("op", ")")]
        self.toks[i:end] = call

    def find_stored(self) -> None:
        """Names the source binds: assigned, or defined by a def (helpers are functions)."""
        self.stored = {self.text(i) for i in range(len(self.toks))
                       if self.kind(i) == "name" and (self.text(self.sig(i + 1)) in ("=", "+=")
                                                     or self.text(self.prev_sig(i)) == "def")}
        self.has_def = any(t.kind == "name" and t.text == "def" for t in self.toks)

    def times(self) -> None:
        """Insert * where maths writes a product by putting things side by side."""
        stored = self.stored
        i = 0
        while i < len(self.toks):
            j = self.sig(i + 1)
            if j >= len(self.toks) or not self.ends_operand(i) or not self.is_operand_start(j):
                i += 1
                continue
            left, right = self.toks[i], self.toks[j]
            spaced = j > i + 1
            if left.kind == "num" and right.kind == "num":
                i += 1
                continue
            if left.kind == "name" and right.text == "(" and not spaced:
                name = left.text
                value_called = (
                    name == self.argument
                    or name in CONSTANTS
                    # a(x+1) in an expression; beside defs, an unknown g(x) is a missing helper
                    or (len(name) == 1 and name not in self.functions and name not in stored
                        and not self.has_def)
                )
                if self.is_attribute(i) or not value_called:
                    i += 1
                    continue
            if left.kind == "name" and self.is_function(i) and not self.is_attribute(i):
                i += 1
                continue
            if self.text(self.prev_sig(i)) == "def":
                i += 1
                continue
            self.note("times")
            if spaced and all(t.kind == "ws" for t in self.toks[i + 1:j]):
                self.toks[i + 1:j] = [_Tok("ws", " "), _Tok("op", "*"), _Tok("ws", " ")]
            else:
                self.toks[j:j] = [_Tok("op", "*")]
            i += 1

    def power(self) -> None:
        for t in self.toks:
            if t.kind == "op" and t.text in ("^", "^="):
                self.note("power")
                t.text = t.text.replace("^", "**")

    def factorial(self) -> None:
        for i, t in enumerate(self.toks):
            if t.kind == "op" and t.text == "!":
                p = self.prev_sig(i)
                if self.kind(p) == "num" and self.text(p).isdigit() and int(self.text(p)) <= 20:
                    self.note("factorial")
                    self.toks[p].text = str(math.factorial(int(self.text(p))))
                    t.text = ""
