"""Turn a raised Python/PyTorch error into an :class:`ErrorInfo` a student understands.

Every failure the user can cause ends here. The catalogue below is keyed by a stable
``kind``; the title, explanation and hint are plain English (the GUI may translate
them by kind). Positions come from the user's own code frames (``<gradplot>``).
"""

from __future__ import annotations

import difflib
import re
import traceback
from collections.abc import Iterable

from gradplot.engine.model import ErrorInfo

USER_FILENAME = "<gradplot>"


class GradplotError(Exception):
    """An error that already knows how to explain itself."""

    def __init__(self, info: ErrorInfo) -> None:
        super().__init__(info.title)
        self.info = info


class Refused(Exception):
    """The source asked for something gradplot never does (imports, files, internals...)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class UnknownName(Exception):
    """A name (function, tensor method, torch attribute) that does not exist here."""

    def __init__(
        self,
        name: str,
        candidates: Iterable[str],
        what: str = "name",
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.name = name
        self.what = what
        self.suggestions = tuple(difflib.get_close_matches(name, list(candidates), n=3, cutoff=0.6))
        self.line = line
        self.column = column
        super().__init__(f"{what} {name!r} is not defined")


class NotationError(Exception):
    """Maths notation where Python is needed; ``fix`` is the source in Python, when known.

    ``rules`` name the Python rules involved (see gradplot.engine.notation.RULES);
    ``sentences`` says them in English; ``pairs`` lists (rule, maths, Python) for the
    names and symbols that were replaced.
    """

    def __init__(
        self,
        rules: tuple[str, ...],
        sentences: str,
        *,
        fix: str | None = None,
        pairs: tuple[tuple[str, str, str], ...] = (),
        raw: str = "",
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(raw or sentences)
        self.rules = rules
        self.sentences = sentences
        self.fix = fix
        self.pairs = pairs
        self.raw = raw
        self.line = line
        self.column = column


class EvaluationTimeout(Exception):
    """The cooperative time limit ran out."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"evaluation took longer than {limit:g} s")
        self.limit = limit


class WorkLimit(Exception):
    """The work budget ran out: the function computed far more values than any plot needs.

    Reported exactly like :class:`EvaluationTimeout`; whichever limit a runaway loop
    reaches first must not change what the user is told.
    """

    def __init__(self, budget: int) -> None:
        super().__init__(f"the function computed more than {budget:,} values in total")
        self.budget = budget


class Cancelled(Exception):
    """The caller asked the evaluation to stop (a newer request superseded it)."""


class ShapeProblem(Exception):
    """f returned something that cannot be drawn against x."""


# kind -> (title, explanation, hint)
CATALOGUE: dict[str, tuple[str, str, str]] = {
    "syntax": (
        "This is not valid Python",
        "gradplot reads your function as Python. The marked place is where Python stopped "
        "understanding it: look for a missing bracket, colon or operator just before it.",
        "sin(x) * 2          # an expression in x\n"
        "def f(x):\n    return sin(x) * 2",
    ),
    "refused": (
        "gradplot does not run this",
        "A function in gradplot may only compute with numbers and tensors. Imports, files, "
        "the network and Python's or torch's internals are not available, so that a shared "
        "lesson can never do anything but draw.",
        "# use the math functions: sin, exp, where, relu, norm, ...\n"
        "def f(x):\n    return where(x > 0, x, 0.1 * x)",
    ),
    "name": (
        "Unknown name",
        "The name is not one of gradplot's functions and was not assigned before it was used. "
        "Free names used as values become parameters with sliders; a called name must be a "
        "known function.",
        "sin(x)   # known functions: sin, cos, exp, log, sqrt, relu, sigmoid, dot, norm, ...",
    ),
    "type": (
        "A value has the wrong type",
        "An operation received a kind of value it cannot work with, for example a tensor where "
        "a plain number was needed, or a number where a tensor was needed.",
        "def f(x):\n    return x.sum()   # tensors have methods; plain numbers do not",
    ),
    "shape": (
        "The shapes do not fit",
        "Tensors combined in one operation must have matching shapes, and f must return either "
        "one value per x or a single number. In vector mode x holds every sample at once.",
        "x.sum()        # one number from all samples\nx * x          # one value per sample",
    ),
    "runtime": (
        "The function failed while running",
        "Python or PyTorch raised an error while evaluating f. The message below says what it "
        "was; the marked line is where it happened.",
        "# check the marked line; divide by (x + 1e-9) to avoid 1/0, clamp before log",
    ),
    "notation": (
        "This is maths notation: Python writes it differently",
        "gradplot reads your function as Python.",
        "",
    ),
    "timeout": (
        "Stopped: the function kept computing - a loop that never ends?",
        "f was still computing when gradplot's limit ran out (a few seconds, or a few hundred "
        "million computed values). That usually means a loop that never ends for some "
        "inputs - for example `while b.norm() < 1000: b = b * 2` never ends when b is 0.",
        "while b.norm() < 1000 and steps < 100:   # bound every loop\n"
        "    b = b * 2\n    steps += 1",
    ),
    "nonscalar_backward": (
        "backward() needs a scalar output",
        "PyTorch can only start backpropagation from a single number. f returned a tensor "
        "with many values, and y.backward() with no argument does not know how to weigh them.",
        "y.backward(torch.ones_like(y))   # the gradient of y.sum()\n"
        "y.sum().backward()               # the same thing",
    ),
    "backward_twice": (
        "backward() ran twice through a freed graph",
        "After backward() PyTorch frees the intermediate values of the computation graph to "
        "save memory. A second backward() over the same graph finds them gone.",
        "y.backward(retain_graph=True)   # keep the graph for another pass\ny.backward()",
    ),
    "no_grad": (
        "Nothing here requires a gradient",
        "The output is not connected to x in the autograd graph, so there is nothing to "
        "differentiate. This happens when everything was detached, or f does not use x "
        "through tensor operations.",
        "u = y.detach()   # cuts the graph: use y itself where the gradient must flow\n"
        "return u * x      # keep at least one path from x to the output",
    ),
    "inplace": (
        "An in-place change broke autograd",
        "A tensor that autograd needs was changed in place (an operation ending in _ or +=). "
        "PyTorch refuses to change a leaf that requires grad in place, and refuses to "
        "backpropagate through a saved value that was overwritten.",
        "y = y + 1        # make a new tensor instead of y += 1 or y.add_(1)",
    ),
    "cancelled": (
        "Evaluation cancelled",
        "A newer request replaced this one before it finished.",
        "",
    ),
    "request": (
        "The settings are out of range",
        "One of the evaluation settings (range, points, order, passes, time limit) is not "
        "allowed.",
        "",
    ),
}


def make_error(
    kind: str,
    raw: str = "",
    *,
    line: int | None = None,
    column: int | None = None,
    title: str | None = None,
    explanation: str | None = None,
    hint: str | None = None,
    details: dict[str, str] | None = None,
    fix: str | None = None,
) -> ErrorInfo:
    base_title, base_expl, base_hint = CATALOGUE[kind]
    return ErrorInfo(
        kind=kind,
        title=title if title is not None else base_title,
        explanation=explanation if explanation is not None else base_expl,
        hint=hint if hint is not None else base_hint,
        raw=raw,
        line=line,
        column=column,
        details=dict(details or {}),
        fix=fix,
    )


def user_position(exc: BaseException) -> tuple[int | None, int | None]:
    """The innermost (line, column) of the user's code in the exception's traceback."""
    line: int | None = None
    column: int | None = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == USER_FILENAME:
            line = frame.lineno
            colno = getattr(frame, "colno", None)
            column = colno + 1 if colno is not None else None
    return line, column


def classify_runtime_message(message: str) -> str:
    """Map a PyTorch/Python message to an error kind."""
    m = message.lower()
    if "grad can be implicitly created only for scalar outputs" in m:
        return "nonscalar_backward"
    if "backward through the graph a second time" in m or "saved tensors after they have" in m:
        return "backward_twice"
    if "does not require grad and does not have a grad_fn" in m:
        return "no_grad"
    if "in-place operation" in m or "inplace operation" in m:
        return "inplace"
    if (
        "size of tensor" in m
        or "must match the size" in m
        or "shape" in m
        or "dimension" in m
        or "1d tensors expected" in m
        or "inconsistent tensor size" in m
        or "boolean value of tensor with more than one value is ambiguous" in m
        or "cannot be converted to scalar" in m
    ):
        return "shape"
    return "runtime"


AMBIGUOUS_BOOL_HINT = (
    "if (x > 0).all():      # decide on all samples at once\n"
    "# or turn vector input off so f sees one x at a time"
)


def explain(exc: BaseException, *, phase: str = "forward") -> ErrorInfo:
    """Explain any exception raised while compiling or running the user's function."""
    if isinstance(exc, GradplotError):
        return exc.info
    raw = f"{type(exc).__name__}: {exc}"
    line, column = user_position(exc)
    if isinstance(exc, NotationError):
        return make_error(
            "notation",
            exc.raw,
            line=exc.line,
            column=exc.column,
            explanation=exc.sentences,
            hint=exc.fix or "",
            fix=exc.fix,
            details={
                "rules": " ".join(exc.rules),
                # one "rule maths python" triple a line (maths symbols hold no spaces)
                "pairs": "\n".join(" ".join(p) for p in exc.pairs),
            },
        )
    if isinstance(exc, Refused):
        return make_error(
            "refused",
            exc.message,
            line=exc.line if exc.line is not None else line,
            column=exc.column if exc.column is not None else column,
            title=f"Refused: {exc.message}",
        )
    if isinstance(exc, UnknownName):
        hint = CATALOGUE["name"][2]
        if exc.suggestions:
            hint = f"did you mean {', '.join(exc.suggestions)}?"
        title = f"Unknown {exc.what} '{exc.name}'"
        if exc.suggestions:
            title += f" - did you mean '{exc.suggestions[0]}'?"
        return make_error(
            "name",
            str(exc),
            line=exc.line if exc.line is not None else line,
            column=exc.column if exc.column is not None else column,
            title=title,
            hint=hint,
            details={"name": exc.name, "suggestions": ", ".join(exc.suggestions)},
        )
    if isinstance(exc, EvaluationTimeout | WorkLimit):
        limit = "time" if isinstance(exc, EvaluationTimeout) else "work"
        return make_error("timeout", str(exc), line=line, column=column, details={"limit": limit})
    if isinstance(exc, Cancelled):
        return make_error("cancelled", str(exc))
    if isinstance(exc, SyntaxError):
        col = exc.offset if exc.offset and exc.offset > 0 else None
        return make_error(
            "syntax",
            f"SyntaxError: {exc.msg}",
            line=exc.lineno,
            column=col,
            title=f"Syntax error: {exc.msg}",
        )
    if isinstance(exc, ShapeProblem):
        return make_error("shape", str(exc), line=line, column=column, title=str(exc))
    if isinstance(exc, NameError | UnboundLocalError):
        # UnboundLocalError carries no .name: the name is only in its message
        found = re.search(r"variable '(\w+)'|name '(\w+)'", str(exc))
        name = getattr(exc, "name", None) or (found and (found[1] or found[2])) or ""
        return make_error(
            "name",
            raw,
            line=line,
            column=column,
            title=f"'{name}' is used before it has a value" if name else "Unknown name",
            details={"name": name},
        )
    if isinstance(exc, RecursionError | MemoryError):
        return make_error(
            "refused",
            raw,
            line=line,
            column=column,
            title="Refused: the function needs too much memory or nesting",
        )
    if isinstance(exc, TypeError):
        return make_error("type", raw, line=line, column=column, title=f"Type error: {exc}")
    if isinstance(exc, RuntimeError | ValueError | IndexError):
        kind = classify_runtime_message(str(exc))
        if "boolean value of tensor with more than one value is ambiguous" in str(exc).lower():
            return make_error(
                kind,
                raw,
                line=line,
                column=column,
                title="A Python decision on many values at once",
                hint=AMBIGUOUS_BOOL_HINT,
                explanation=(
                    "In vector mode x holds every sample, so a comparison gives one answer per "
                    "sample and Python's if/while cannot pick one. Decide on all of them with "
                    ".all() or .any(), use where(...), or turn vector input off."
                ),
            )
        return make_error(kind, raw, line=line, column=column)
    if isinstance(exc, ZeroDivisionError | OverflowError | ArithmeticError):
        title = f"Arithmetic error: {exc}"
        return make_error("runtime", raw, line=line, column=column, title=title)
    return make_error("runtime", raw, line=line, column=column)
