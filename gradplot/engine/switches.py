"""The autograd switches, declared once.

:class:`AutogradSwitches` is the one declaration: a :class:`~gradplot.engine.Request`
derives from it, a saved session reads and writes exactly its fields, the command
line's flags and the window's toggles are built from :data:`SWITCHES`. Adding a switch
is one edit here (and its meaning in the engine).

Plain data: no torch, no Qt. It lives at the bottom layer because the engine's
Request is built on it; :mod:`gradplot.model` exports it to the application.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

MAX_ORDER = 4
MAX_PASSES = 3


@dataclass(frozen=True)
class Switch:
    """What a switch is called and explains, wherever it is shown.

    ``flag`` is the command line's spelling: for a boolean it turns the switch to the
    opposite of its default (``--no-detach``); for a number it takes the value
    (``--passes 2``). ``label``/``object_name``/``shortcut`` are the window's control;
    ``concept`` is the line of PyTorch it stands for; ``help`` explains it.
    """

    name: str
    default: bool | int
    flag: str
    flag_help: str
    label: str
    object_name: str
    shortcut: str
    concept: str
    help: str
    minimum: int = 0
    maximum: int = 0

    @property
    def is_bool(self) -> bool:
        return isinstance(self.default, bool)


def _switch(default: bool | int, **about: Any) -> Any:
    return field(default=default, metadata={"about": about})


@dataclass(frozen=True, kw_only=True)
class AutogradSwitches:
    """The autograd switches of one evaluation (defaults: the notebook's first cell)."""

    vector_input: bool = _switch(
        True, flag="--scalar",
        flag_help="vector input off: call f once per x with a 0-d tensor",
        label="Vector input", object_name="vectorInput", shortcut="Alt+V",
        concept="x = torch.linspace(...).requires_grad_()",
        help="On: f is called once with the whole tensor x and y.sum().backward() "
        "(y.backward(torch.ones_like(y))) gives every slope at once.<br>"
        "Off: f is called once per point with a 0-d tensor, so if/while decide per point.",
    )
    detach: bool = _switch(
        True, flag="--no-detach",
        flag_help="make .detach() the identity, so gradients flow through it",
        label="Honour detach()", object_name="detach", shortcut="Alt+D",
        concept="tensor.detach()",
        help="On: .detach() cuts the graph: gradients do not flow back through it.<br>"
        "Off: detach() is treated as identity, to compare.",
    )
    retain_graph: bool = _switch(
        False, flag="--retain-graph", flag_help="backward(retain_graph=True)",
        label="Retain graph", object_name="retainGraph", shortcut="Alt+R",
        concept="y.backward(retain_graph=True)",
        help="Keep the autograd graph after backward so a second backward pass can run.",
    )
    backward_passes: int = _switch(
        1, flag="--passes", flag_help=f"backward passes, 1-{MAX_PASSES}",
        label="Backward &passes", object_name="backwardPasses", shortcut="Alt+P",
        concept="y.backward() called several times",
        help="How many times backward runs. Without retain graph the second pass fails; "
        "without zero grad the gradient accumulates.",
        minimum=1, maximum=MAX_PASSES,
    )
    zero_grad: bool = _switch(
        True, flag="--no-zero-grad",
        flag_help="do not call x.grad.zero_() between passes (gradients add up)",
        label="Zero grad between passes", object_name="zeroGrad", shortcut="Alt+Z",
        concept="x.grad.zero_()",
        help="Reset x.grad between backward passes. Off: gradients accumulate (add up).",
    )
    strict_backward: bool = _switch(
        False, flag="--strict-backward",
        flag_help="plain y.backward() even for a non-scalar y",
        label="Strict backward", object_name="strictBackward", shortcut="Alt+S",
        concept="y.backward()  vs  y.backward(gradient=torch.ones_like(y))",
        help="On: call plain y.backward(), which PyTorch only allows for a scalar y.<br>"
        "Off: a vector y gets backward(gradient=ones_like(y)), the gradient of y.sum().",
    )
    order: int = _switch(
        1, flag="--order", flag_help=f"highest derivative, 1-{MAX_ORDER}",
        label="Derivative &order", object_name="order", shortcut="Alt+O",
        concept="torch.autograd.grad(..., create_graph=True)",
        help="Higher derivatives differentiate the derivative again: that needs "
        "create_graph=True on the earlier pass.",
        minimum=1, maximum=MAX_ORDER,
    )

    @classmethod
    def of(cls, holder: Any) -> AutogradSwitches:
        """The switches of anything that has them as attributes (a Session, a Request)."""
        return cls(**{s.name: getattr(holder, s.name) for s in SWITCHES})

    def as_kwargs(self) -> dict[str, Any]:
        """The switches as keyword arguments for a Request or a Session."""
        return {s.name: getattr(self, s.name) for s in SWITCHES}

    def problems(self) -> list[str]:
        """What is out of range, in words (empty when every switch is valid)."""
        out = []
        for s in SWITCHES:
            value = getattr(self, s.name)
            if s.is_bool:
                if not isinstance(value, bool):
                    out.append(f"{s.name} must be true or false (found {value!r})")
            elif isinstance(value, bool) or not isinstance(value, int):
                out.append(f"{s.name} must be a whole number (found {value!r})")
            elif not s.minimum <= value <= s.maximum:
                words = s.name.replace("_", " ")
                out.append(f"{words} must be from {s.minimum} to {s.maximum} (found {value})")
        return out


SWITCHES: tuple[Switch, ...] = tuple(
    Switch(name=f.name, default=f.default, **f.metadata["about"])  # type: ignore[arg-type]
    for f in fields(AutogradSwitches)
)
SWITCH_NAMES: tuple[str, ...] = tuple(s.name for s in SWITCHES)

__all__ = ["MAX_ORDER", "MAX_PASSES", "SWITCHES", "SWITCH_NAMES", "AutogradSwitches",
           "Switch"]
