"""Every sentence the engine says, as English templates keyed by a stable id.

An :class:`~gradplot.engine.model.ErrorInfo` or :class:`~gradplot.engine.model.Note`
keeps the :class:`Message` each of its texts was rendered from: the id of a template
here and the values of its fields (numbers, names, lines, Python's own words). The
English texts are that rendering; the GUI renders the same messages again from the
translated templates (``resources/translations``, context ``engine``), so a Chinese
sentence is never rebuilt from the English one. Rewording a template here leaves its
translation unfinished, and ``scripts/update_translations.py --check`` says so.

Templates use :meth:`str.format` fields (``{line}``, ``{limit:,}``); a literal brace
would be written twice. A value that is a :class:`Message` is rendered first (in the
same language); a list is a :func:`joined` message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Union

# What a template's field may hold; numbers stay numbers so a template can format them.
Value = Union[str, int, float, "Message", tuple["Message", ...]]
Translate = Callable[[str], str]


def _as_is(template: str) -> str:
    return template


@dataclass(frozen=True)
class Message:
    """A template of :data:`MESSAGES` and the values of its fields."""

    key: str
    args: Mapping[str, Value] = field(default_factory=dict)

    def render(self, translate: Translate = _as_is) -> str:
        """The text, in English or through ``translate`` (English template -> other)."""
        template = translate(MESSAGES[self.key])
        if self.key in JOINS:
            items = self.args.get("items", ())
            assert isinstance(items, tuple)
            parts = [str(_value(item, translate)) for item in items]
            out = parts[0] if parts else ""
            for part in parts[1:]:
                out = template.format(a=out, b=part)
            return out
        return template.format_map({k: _value(v, translate) for k, v in self.args.items()})


def _value(value: Value, translate: Translate) -> str | int | float:
    if isinstance(value, Message):
        return value.render(translate)
    if isinstance(value, tuple):
        return joined("join.list", value).render(translate)
    return value


def joined(key: str, items: tuple[Message, ...]) -> Message:
    """``items`` as one text, folded pairwise through the two-field template ``key``."""
    return Message(key, {"items": items})


def message(key: str, **args: Value) -> Message:
    return Message(key, args)


# a list of names or pairs (Chinese: 、), and sentences one after the other
JOINS = frozenset({"join.list", "join.sentences"})

# id -> English template. An error kind's own texts are "<kind>.title", "<kind>.explanation"
# and "<kind>.hint"; the other ids of a kind say what differs (a title that names what failed).
MESSAGES: dict[str, str] = {
    "join.list": "{a}, {b}",
    "join.sentences": "{a} {b}",
    # --- errors: each kind's own texts ----------------------------------------------------
    "syntax.title": "This is not valid Python",
    "syntax.explanation": (
        "gradplot reads your function as Python. The marked place is where Python stopped "
        "understanding it: look for a missing bracket, colon or operator just before it."
    ),
    "syntax.hint": (
        "sin(x) * 2          # an expression in x\ndef f(x):\n    return sin(x) * 2"
    ),
    "refused.title": "gradplot does not run this",
    "refused.explanation": (
        "A function in gradplot may only compute with numbers and tensors. Imports, files, "
        "the network and Python's or torch's internals are not available, so that a shared "
        "lesson can never do anything but draw."
    ),
    "refused.hint": (
        "# use the math functions: sin, exp, where, relu, norm, ...\n"
        "def f(x):\n    return where(x > 0, x, 0.1 * x)"
    ),
    "name.title": "Unknown name",
    "name.explanation": (
        "The name is not one of gradplot's functions and was not assigned before it was used. "
        "Free names used as values become parameters with sliders; a called name must be a "
        "known function."
    ),
    "name.hint": (
        "sin(x)   # known functions: sin, cos, exp, log, sqrt, relu, sigmoid, dot, norm, ..."
    ),
    "type.title": "A value has the wrong type",
    "type.explanation": (
        "An operation received a kind of value it cannot work with, for example a tensor where "
        "a plain number was needed, or a number where a tensor was needed."
    ),
    "type.hint": "def f(x):\n    return x.sum()   # tensors have methods; plain numbers do not",
    "shape.title": "The shapes do not fit",
    "shape.explanation": (
        "Tensors combined in one operation must have matching shapes, and f must return either "
        "one value per x or a single number. In vector mode x holds every sample at once."
    ),
    "shape.hint": (
        "x.sum()        # one number from all samples\nx * x          # one value per sample"
    ),
    "runtime.title": "The function failed while running",
    "runtime.explanation": (
        "Python or PyTorch raised an error while evaluating f. The message below says what it "
        "was; the marked line is where it happened."
    ),
    "runtime.hint": (
        "# check the marked line; divide by (x + 1e-9) to avoid 1/0, clamp before log"
    ),
    "notation.title": "This is maths notation: Python writes it differently",
    "notation.explanation": "gradplot reads your function as Python.",
    "notation.hint": "",
    "timeout.title": "Stopped: the function kept computing - a loop that never ends?",
    "timeout.explanation": (
        "f was still computing when gradplot's limit ran out (a few seconds, or a few hundred "
        "million computed values). That usually means a loop that never ends for some "
        "inputs - for example `while b.norm() < 1000: b = b * 2` never ends when b is 0."
    ),
    "timeout.hint": (
        "while b.norm() < 1000 and steps < 100:   # bound every loop\n"
        "    b = b * 2\n    steps += 1"
    ),
    "nonscalar_backward.title": "backward() needs a scalar output",
    "nonscalar_backward.explanation": (
        "PyTorch can only start backpropagation from a single number. f returned a tensor "
        "with many values, and y.backward() with no argument does not know how to weigh them."
    ),
    "nonscalar_backward.hint": (
        "y.backward(torch.ones_like(y))   # the gradient of y.sum()\n"
        "y.sum().backward()               # the same thing"
    ),
    "backward_twice.title": "backward() ran twice through a freed graph",
    "backward_twice.explanation": (
        "After backward() PyTorch frees the intermediate values of the computation graph to "
        "save memory. A second backward() over the same graph finds them gone."
    ),
    "backward_twice.hint": (
        "y.backward(retain_graph=True)   # keep the graph for another pass\ny.backward()"
    ),
    "no_grad.title": "Nothing here requires a gradient",
    "no_grad.explanation": (
        "The output is not connected to x in the autograd graph, so there is nothing to "
        "differentiate. This happens when everything was detached, or f does not use x "
        "through tensor operations."
    ),
    "no_grad.hint": (
        "u = y.detach()   # cuts the graph: use y itself where the gradient must flow\n"
        "return u * x      # keep at least one path from x to the output"
    ),
    "inplace.title": "An in-place change broke autograd",
    "inplace.explanation": (
        "A tensor that autograd needs was changed in place (an operation ending in _ or +=). "
        "PyTorch refuses to change a leaf that requires grad in place, and refuses to "
        "backpropagate through a saved value that was overwritten."
    ),
    "inplace.hint": "y = y + 1        # make a new tensor instead of y += 1 or y.add_(1)",
    "cancelled.title": "Evaluation cancelled",
    "cancelled.explanation": "A newer request replaced this one before it finished.",
    "cancelled.hint": "",
    "request.title": "The settings are out of range",
    "request.explanation": (
        "One of the evaluation settings (range, points, order, passes, time limit) is not "
        "allowed."
    ),
    "request.hint": "",
    "range.title": "The x range is empty",
    "range.explanation": (
        "The left and the right end of the x range are the same number, so there is nothing "
        "to sample."
    ),
    "range.hint": "# make 'x from' smaller than 'to'",
    # faults of the engine process (gradplot.engine_process), not of the function's code
    "engine_hung.title": "PyTorch stopped answering, so gradplot restarted it",
    "engine_hung.explanation": (
        "The engine process was still busy well past the time limit, inside one PyTorch "
        "operation that cannot be interrupted (or it was paused), so gradplot stopped it and "
        "started a new one. The window and your function are safe."
    ),
    "engine_hung.hint": (
        "# use fewer points or a cheaper operation: x.diff(n=k) costs about k × n"
    ),
    "engine_crashed.title": "The PyTorch engine ended while evaluating this function",
    "engine_crashed.explanation": (
        "The separate process that runs PyTorch ended unexpectedly, twice in a row on this "
        "function, so gradplot did not try a third time. A new engine is ready: the next edit "
        "is drawn, and the window and your function are safe. Very large memory use is the "
        "usual cause."
    ),
    "engine_crashed.hint": "# use fewer points, or smaller intermediate tensors",
    "engine_memory.title": "The function needs more memory than it may use",
    "engine_memory.explanation": (
        "PyTorch asked for more memory than gradplot lets one function have, so the evaluation "
        "was stopped before it could slow the whole computer down. The window and your "
        "function are fine."
    ),
    "engine_memory.hint": (
        "# use fewer points, or smaller intermediate tensors (no n×n matrices)"
    ),
    "internal.title": "gradplot failed while evaluating",
    "internal.explanation": (
        "This is a problem inside gradplot, not in your function. "
        "The details were written to the log file."
    ),
    "internal.hint": (
        "# try the edit again; if it keeps happening, please report it with the log"
    ),
    # --- errors: what a title, explanation or hint says instead ------------------------------
    "syntax.title.message": "Syntax error: {message}",
    "refused.title.message": "Refused: {message}",
    "refused.title.memory": "Refused: the function needs too much memory or nesting",
    "name.title.unknown": "Unknown {what} '{name}'",
    "name.title.unknown_suggest": "Unknown {what} '{name}' - did you mean '{suggestion}'?",
    "name.title.unassigned": "'{name}' is used before it has a value",
    "name.hint.suggest": "did you mean {suggestions}?",
    # what an unknown name was (UnknownName.what)
    "name.what.name": "name",
    "name.what.function": "function",
    "name.what.tensor method": "tensor method",
    "name.what.torch attribute": "torch attribute",
    "type.title.message": "Type error: {message}",
    "runtime.title.arithmetic": "Arithmetic error: {message}",
    "shape.title.per_point": (
        "f returned {count} values for one x: with vector input off f must return one number"
    ),
    "shape.title.samples": (
        "f returned a tensor of shape {shape}, but x has {samples} samples: return one value "
        "per sample or a single number"
    ),
    "shape.title.ambiguous": "A Python decision on many values at once",
    "shape.explanation.ambiguous": (
        "In vector mode x holds every sample, so a comparison gives one answer per sample and "
        "Python's if/while cannot pick one. Decide on all of them with .all() or .any(), use "
        "where(...), or turn vector input off."
    ),
    "shape.hint.ambiguous": (
        "if (x > 0).all():      # decide on all samples at once\n"
        "# or turn vector input off so f sees one x at a time"
    ),
    "request.title.dtype": "dtype must be float32 or float64, not {dtype}",
    "request.title.order": "the derivative order must be 1 to {limit}",
    "request.title.passes": "backward passes must be 1 to {limit}",
    "request.title.time_limit": "the time limit must be between 0 and {limit:g} s",
    "request.title.x_values": "x must have 1 to {limit:,} values",
    "request.title.x_values_finite": "every x value must be a finite number",
    "request.title.x_range": (
        "the x range must be two finite numbers, low < high (got {low}, {high})"
    ),
    "request.title.points": "the number of points must be 1 to {limit:,}",
    "request.title.param": "parameter {name} must be a number",
    "request.title.param_finite": "parameter {name} must be a finite number",
    "engine_memory.title.limit": "The function needs more than the {limit} MB it may use",
    # the watchdog (Windows, macOS) stopped the engine from outside
    "engine_memory.explanation.stopped": (
        "The function kept taking more memory than gradplot lets one function have, so "
        "gradplot stopped the PyTorch engine before it could slow the whole computer down, and "
        "started a new one. The window and your function are safe: the next edit is drawn."
    ),
    "internal.title.load": "The evaluation engine could not be loaded",
    "cancelled.title.short": "Cancelled",
    # per point: the x where f failed
    "title.at_point": "{title} (at x = {x})",
    # --- maths notation: one sentence per Python rule (gradplot.engine.notation) --------------
    "notation.rule.power": "In Python the power is **: x**2, not x^2 (^ is bitwise xor) nor x².",
    "notation.rule.times": (
        "Python needs * for every product: 2*x, 2*(x+1), (x+1)*(x-1), x*sin(x)."
    ),
    "notation.rule.abs": "The absolute value |x| is written abs(x).",
    "notation.rule.call": "A function's argument goes in brackets: sin(x), sqrt(x), not sin x.",
    "notation.rule.func_power": (
        "A power of a function goes after its brackets: sin(x)**2, not sin^2(x)."
    ),
    "notation.rule.define": (
        "Type only the right-hand side, x**2, not f(x) = x**2 or y = x**2; "
        "for another variable write def f(t): return t**2."
    ),
    "notation.rule.symbols": "Python is typed with the keyboard's operators and names:",
    "notation.rule.factorial": (
        "Python has no ! operator: write the value (5! is 120) or the product, "
        "such as x*(x-1)*(x-2)."
    ),
    "notation.rule.degrees": "Angles are in radians: 30° is 30*pi/180.",
    "notation.rule.case": (
        "Python tells capitals apart: the variable is x; X would be another name (a slider)."
    ),
    "notation.rule.decimal": (
        "Decimals are written with a point: 2.5, not 2,5 (a comma separates items)."
    ),
    "notation.rule.renamed": "Functions have their Python names here:",
    # a rule followed by what became what
    "notation.rule_pairs": "{rule} {pairs}.",
    "notation.pair": "{python} for {maths}",
    # --- notes on a successful evaluation ----------------------------------------------------
    "note.branch": (
        "Vector mode made a Python decision (if/while/bool) at line {line} on a value that "
        "depends on x: all samples took the same branch. Turn vector input off to decide per "
        "point."
    ),
    "note.point_timeout": (
        "f ran too long at x = {points}; those points are left out (a gap in the curve). A "
        "loop that never ends there is the usual cause."
    ),
    "note.point_timeout.more": (
        "f ran too long at x = {points} and {more} more; those {total} points are left out (a "
        "gap in the curve). A loop that never ends there is the usual cause."
    ),
    "note.nonfinite.one": (
        "{names} is NaN or infinite at some x ({count} of {samples} samples of f); those "
        "samples are gaps."
    ),
    "note.nonfinite.many": (
        "{names} are NaN or infinite at some x ({count} of {samples} samples of f); those "
        "samples are gaps."
    ),
    "note.constant": (
        "f does not use x, so it is a constant and its derivative is 0 (PyTorch itself would "
        "have nothing to call backward() on)."
    ),
    "note.not_differentiable": (
        "f is not connected to x by differentiable operations (comparisons, where() between "
        "constants...), so its derivative is drawn as 0. PyTorch's y.backward() would raise "
        "'element 0 of tensors does not require grad'; switch strict backward on to see it."
    ),
    "note.detach_off": (
        "detach is switched off: every .detach() returns its input unchanged, so the gradient "
        "flows through it."
    ),
    "note.engine_restarted": (
        "The PyTorch engine process ended unexpectedly ({how}) and was started again; this "
        "plot was computed anew."
    ),
    # the names of the curves, as a note lists them
    "curve.f": "f",
    "curve.df": "df",
    "curve.d2f": "d2f",
    "curve.d3f": "d3f",
    "curve.d4f": "d4f",
    # how the engine process ended (gradplot.engine_process.client)
    "engine.how.signal": "signal {signal}",
    "engine.how.exit_code": "exit code {code}",
    "engine.how.no_answer": "no answer",
    "engine.how.no_answer_loading": "no answer while loading",
    "engine.how.could_not_load": "could not load",
    "engine.how.cancelled": "cancelled",
    "engine.how.memory": "over the memory cap",
}

# the error kinds, each with its own title, explanation and hint
KINDS: tuple[str, ...] = (
    "syntax", "refused", "name", "type", "shape", "runtime", "notation", "timeout",
    "nonscalar_backward", "backward_twice", "no_grad", "inplace", "cancelled", "request",
    "range", "engine_hung", "engine_crashed", "engine_memory", "internal",
)
# the Python rules of maths notation, in the order their sentences are said
NOTATION_RULES: tuple[str, ...] = tuple(
    key.removeprefix("notation.rule.") for key in MESSAGES if key.startswith("notation.rule.")
)


def kind_texts(kind: str) -> tuple[Message, Message, Message]:
    """The messages of an error kind's own title, explanation and hint."""
    return Message(f"{kind}.title"), Message(f"{kind}.explanation"), Message(f"{kind}.hint")


def notation_explanation(
    rules: tuple[str, ...], pairs: tuple[tuple[str, str, str], ...]
) -> Message:
    """The sentences for ``rules``; ``pairs`` (rule, maths, Python) list what became what."""
    sentences = []
    for rule in rules:
        said = Message(f"notation.rule.{rule}")
        listed = tuple(
            message("notation.pair", python=new, maths=old) for r, old, new in pairs if r == rule
        )
        if listed:
            said = message("notation.rule_pairs", rule=said, pairs=joined("join.list", listed))
        sentences.append(said)
    return joined("join.sentences", tuple(sentences))
