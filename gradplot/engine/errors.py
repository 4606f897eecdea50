"""Turn a raised Python/PyTorch error into an :class:`ErrorInfo` a student understands.

Every failure the user can cause ends here. Each has a stable ``kind``; its title,
explanation and hint are rendered from the messages of :mod:`gradplot.engine.messages`
(the GUI renders the same messages in its language). Positions come from the user's
own code frames (``<gradplot>``).
"""

from __future__ import annotations

import difflib
import re
import traceback
from collections.abc import Iterable

from gradplot.engine.messages import (
    KINDS,
    MESSAGES,
    Message,
    kind_texts,
    message,
    notation_explanation,
)
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
    """f returned something that cannot be drawn against x; ``text`` says what."""

    def __init__(self, text: Message) -> None:
        super().__init__(text.render())
        self.text = text


# kind -> (title, explanation, hint): each kind's own texts, in English
CATALOGUE: dict[str, tuple[str, str, str]] = {
    kind: (
        MESSAGES[f"{kind}.title"],
        MESSAGES[f"{kind}.explanation"],
        MESSAGES[f"{kind}.hint"],
    )
    for kind in KINDS
}

Text = Message | str  # a str is shown as written in every language (code, a fix)


def make_error(
    kind: str,
    raw: str = "",
    *,
    line: int | None = None,
    column: int | None = None,
    title: Text | None = None,
    explanation: Text | None = None,
    hint: Text | None = None,
    details: dict[str, str] | None = None,
    fix: str | None = None,
) -> ErrorInfo:
    """An ErrorInfo of ``kind``: its own texts unless a message (or code) is given."""
    own = kind_texts(kind)
    texts = tuple(
        own[i] if given is None else given for i, given in enumerate((title, explanation, hint))
    )
    english = [t.render() if isinstance(t, Message) else t for t in texts]
    messages = [t if isinstance(t, Message) else None for t in texts]
    return ErrorInfo(
        kind=kind,
        title=english[0],
        explanation=english[1],
        hint=english[2],
        raw=raw,
        line=line,
        column=column,
        details=dict(details or {}),
        fix=fix,
        texts=(messages[0], messages[1], messages[2]),
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


AMBIGUOUS_BOOL_HINT = MESSAGES["shape.hint.ambiguous"]
_AMBIGUOUS = "boolean value of tensor with more than one value is ambiguous"


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
            explanation=notation_explanation(exc.rules, exc.pairs),
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
            title=message("refused.title.message", message=exc.message),
        )
    if isinstance(exc, UnknownName):
        what = Message(f"name.what.{exc.what}")
        if exc.suggestions:
            title = message(
                "name.title.unknown_suggest", what=what, name=exc.name,
                suggestion=exc.suggestions[0],
            )
            hint: Message | None = message(
                "name.hint.suggest", suggestions=", ".join(exc.suggestions)
            )
        else:
            title, hint = message("name.title.unknown", what=what, name=exc.name), None
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
            title=message("syntax.title.message", message=exc.msg),
        )
    if isinstance(exc, ShapeProblem):
        return make_error("shape", str(exc), line=line, column=column, title=exc.text)
    if isinstance(exc, NameError | UnboundLocalError):
        # UnboundLocalError carries no .name: the name is only in its message
        found = re.search(r"variable '(\w+)'|name '(\w+)'", str(exc))
        name = getattr(exc, "name", None) or (found and (found[1] or found[2])) or ""
        return make_error(
            "name",
            raw,
            line=line,
            column=column,
            title=message("name.title.unassigned", name=name) if name else None,
            details={"name": name},
        )
    if isinstance(exc, RecursionError | MemoryError):
        return make_error(
            "refused", raw, line=line, column=column, title=Message("refused.title.memory")
        )
    if isinstance(exc, TypeError):
        title = message("type.title.message", message=str(exc))
        return make_error("type", raw, line=line, column=column, title=title)
    if isinstance(exc, RuntimeError | ValueError | IndexError):
        kind = classify_runtime_message(str(exc))
        if _AMBIGUOUS in str(exc).lower():
            return make_error(
                kind,
                raw,
                line=line,
                column=column,
                title=Message("shape.title.ambiguous"),
                explanation=Message("shape.explanation.ambiguous"),
                hint=Message("shape.hint.ambiguous"),
            )
        return make_error(kind, raw, line=line, column=column)
    if isinstance(exc, ZeroDivisionError | OverflowError | ArithmeticError):
        title = message("runtime.title.arithmetic", message=str(exc))
        return make_error("runtime", raw, line=line, column=column, title=title)
    return make_error("runtime", raw, line=line, column=column)
