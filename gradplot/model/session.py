"""What a teacher saves: a session (one plot), slides and decks (lessons), and a file.

Plain frozen dataclasses, checked on construction: a value that could not be plotted,
saved or read back (a NaN, a range the dtype cannot hold, text UTF-8 cannot encode, a
name listed twice) raises ``ValueError`` with a sentence for the user. No Qt, no torch
and no files here: :mod:`gradplot.io.schema` reads and writes these as ``.gradplot`` JSON.
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gradplot.engine.model import (
    DEFAULT_POINTS,
    DEFAULT_RANGE,
    DEFAULT_TIME_LIMIT,
    MAX_POINTS,
    DType,
    Request,
)
from gradplot.engine.switches import AutogradSwitches

__all__ = [
    "DTYPES",
    "ERROR_KINDS_MAX_CHARS",
    "MAX_ID_CHARS",
    "MAX_NAME_CHARS",
    "MAX_NOTES_CHARS",
    "MAX_PARAMETERS",
    "MAX_SLIDES",
    "MAX_SOURCE_CHARS",
    "MAX_TITLE_CHARS",
    "MAX_X_VALUES",
    "MIN_POINTS",
    "Deck",
    "GradplotFile",
    "Parameter",
    "Session",
    "Slide",
    "Text",
    "dtype_range_problem",
    "unencodable",
]

MAX_SOURCE_CHARS = 20_000
MAX_X_VALUES = 10_000
MAX_PARAMETERS = 32
MAX_SLIDES = 500
MAX_TITLE_CHARS = 300
MAX_NOTES_CHARS = 20_000
MAX_ID_CHARS = 64
MAX_NAME_CHARS = 64
MIN_POINTS = 2
FLOAT32_MAX = 3.4028234663852886e38
DTYPES: tuple[DType, ...] = ("float32", "float64")
ERROR_KINDS_MAX_CHARS = 64

_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
_KIND_RE = re.compile(r"[a-z][a-z0-9_]*\Z")


def _check_finite(value: float, what: str) -> None:
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number (found {value!r})")


def _check_range(rng: tuple[float, float], what: str) -> None:
    if len(rng) != 2:
        raise ValueError(f"{what} must be two numbers [low, high]")
    lo, hi = rng
    _check_finite(lo, f"{what} low end")
    _check_finite(hi, f"{what} high end")
    if not lo < hi:
        raise ValueError(f"{what} must have its low end below its high end (found {lo!r}, {hi!r})")
    if not math.isfinite(hi - lo):
        raise ValueError(f"{what} is too wide")


def _floats2(rng: Sequence[float], what: str) -> tuple[float, float]:
    if len(rng) != 2:
        raise ValueError(f"{what} must be two numbers [low, high]")
    return (float(rng[0]), float(rng[1]))


def unencodable(value: str) -> str | None:
    """The first character of ``value`` that UTF-8 cannot hold (a lone surrogate), if any."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return value[exc.start]
    return None


def _check_text(value: str, what: str, limit: int) -> None:
    if len(value) > limit:
        raise ValueError(f"{what} is too long ({len(value):,} characters; at most {limit:,})")
    if "\x00" in value:
        raise ValueError(f"{what} contains a NUL character")
    bad = unencodable(value)
    if bad is not None:
        raise ValueError(
            f"{what} contains {ord(bad):#06x}, half of a UTF-16 surrogate pair, "
            "which is not a character and cannot be saved"
        )


def _float32(v: float) -> float:
    return float(struct.unpack("f", struct.pack("f", v))[0])


def dtype_range_problem(
    values: Iterable[float], dtype: str, *, is_range: bool = False
) -> str | None:
    """Why ``values`` (x range ends or x values) cannot be held by ``dtype``, or ``None``.

    float32 holds magnitudes up to about 3.4e38; beyond that x itself would be infinite.
    A range (``is_range``) whose two ends are the same float32 number has no width.
    """
    if dtype != "float32":
        return None
    values = tuple(values)
    for v in values:
        if math.isfinite(v) and abs(v) > FLOAT32_MAX:
            return (
                f"{v:g} is beyond the largest float32 number ({FLOAT32_MAX:.4g}), so x would "
                "be infinite; use float64 or a smaller number"
            )
    if is_range and len(values) == 2 and _float32(values[0]) == _float32(values[1]):
        return (
            f"{values[0]!r} and {values[1]!r} are the same float32 number, so the range has "
            "no width; use float64 or a wider range"
        )
    return None


def _check_identifier(name: str, what: str) -> None:
    if (
        not name
        or len(name) > MAX_NAME_CHARS
        or not name.isidentifier()
        or not name.isascii()
        or name.startswith("_")
    ):
        raise ValueError(
            f"{what} {name[:MAX_NAME_CHARS]!r} is not a valid name "
            "(letters, digits and _, not starting with a digit or _)"
        )


def _check_id(value: str, what: str) -> None:
    """An id is optional (empty); a given one is short and plain."""
    if value and (len(value) > MAX_ID_CHARS or not _ID_RE.match(value)):
        raise ValueError(f"{what} {value[:MAX_ID_CHARS]!r} is not valid")


@dataclass(frozen=True)
class Text:
    """A piece of teaching text in English and Simplified Chinese."""

    en: str = ""
    zh_hans: str = ""

    def get(self, language: str = "en") -> str:
        """The text for ``language`` (``en``, ``zh``, ``zh_CN``, ``zh-Hans``, ...).

        Falls back to the other language when the wanted one is empty.
        """
        zh = language.lower().replace("_", "-").startswith("zh")
        first, second = (self.zh_hans, self.en) if zh else (self.en, self.zh_hans)
        return first or second

    def _validate(self, what: str, limit: int) -> None:
        _check_text(self.en, f"{what} (en)", limit)
        _check_text(self.zh_hans, f"{what} (zh-Hans)", limit)


@dataclass(frozen=True)
class Parameter:
    """A free name of the function, with its value and the range of its slider."""

    name: str
    value: float = 1.0
    minimum: float = -5.0
    maximum: float = 5.0

    def __post_init__(self) -> None:
        for attr in ("value", "minimum", "maximum"):
            object.__setattr__(self, attr, float(getattr(self, attr)))
        _check_identifier(self.name, "parameter")
        _check_finite(self.value, f"parameter {self.name} value")
        _check_range((self.minimum, self.maximum), f"parameter {self.name} slider range")
        if not self.minimum <= self.value <= self.maximum:
            raise ValueError(
                f"parameter {self.name} value {self.value!r} lies outside its slider range "
                f"[{self.minimum!r}, {self.maximum!r}]"
            )


@dataclass(frozen=True)
class Session(AutogradSwitches):
    """The whole state of one plot: function, autograd toggles, sampling, parameters, view.

    The autograd switches are the keyword-only fields of :class:`AutogradSwitches`.

    ``x_values`` (explicit sample points, e.g. ``(0, 1, 2, 3)`` for ``torch.arange(4.0)``)
    wins over ``x_range``/``points``. ``reference`` is an optional expected-derivative
    expression drawn for comparison. ``view_x``/``view_y`` are the visible ranges
    (``None``: follow the data).
    """

    source: str = "sin(x)"
    x_range: tuple[float, float] = DEFAULT_RANGE
    points: int = DEFAULT_POINTS
    x_values: tuple[float, ...] | None = None
    dtype: DType = "float32"
    parameters: tuple[Parameter, ...] = ()
    reference: str | None = None
    view_x: tuple[float, float] | None = None
    view_y: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        # normalise numbers to float (ints are welcome on input; files then read back equal)
        object.__setattr__(self, "x_range", _floats2(self.x_range, "x range"))
        if self.x_values is not None:
            object.__setattr__(self, "x_values", tuple(float(v) for v in self.x_values))
        if self.view_x is not None:
            object.__setattr__(self, "view_x", _floats2(self.view_x, "view x range"))
        if self.view_y is not None:
            object.__setattr__(self, "view_y", _floats2(self.view_y, "view y range"))
        object.__setattr__(self, "parameters", tuple(self.parameters))
        _check_text(self.source, "the function source", MAX_SOURCE_CHARS)
        _check_range(self.x_range, "x range")
        if not MIN_POINTS <= self.points <= MAX_POINTS:
            raise ValueError(
                f"points must be from {MIN_POINTS} to {MAX_POINTS:,} (found {self.points})"
            )
        if self.x_values is not None:
            if not 1 <= len(self.x_values) <= MAX_X_VALUES:
                raise ValueError(
                    f"x values must hold from 1 to {MAX_X_VALUES:,} numbers "
                    f"(found {len(self.x_values):,})"
                )
            for i, v in enumerate(self.x_values):
                _check_finite(v, f"x value {i + 1}")
        if self.dtype not in DTYPES:
            raise ValueError(f"dtype must be float32 or float64 (found {self.dtype!r})")
        problem = dtype_range_problem(self.x_range, self.dtype, is_range=True) or (
            dtype_range_problem(self.x_values or (), self.dtype)
        )
        if problem is not None:
            raise ValueError(f"the x range or x values do not fit the dtype: {problem}")
        for problem in self.problems():
            raise ValueError(problem)
        if len(self.parameters) > MAX_PARAMETERS:
            raise ValueError(f"at most {MAX_PARAMETERS} parameters are allowed")
        names = [p.name for p in self.parameters]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"parameter {dupes[0]} is listed twice")
        if self.reference is not None:
            _check_text(self.reference, "the reference expression", MAX_SOURCE_CHARS)
        if self.view_x is not None:
            _check_range(self.view_x, "view x range")
        if self.view_y is not None:
            _check_range(self.view_y, "view y range")

    @property
    def params(self) -> dict[str, float]:
        """Parameter values by name, as :class:`Request` wants them."""
        return {p.name: p.value for p in self.parameters}

    def to_request(self, *, time_limit: float = DEFAULT_TIME_LIMIT, request_id: int = 0) -> Request:
        """The engine request for this session (the reference is evaluated separately)."""
        return Request(
            source=self.source,
            **self._grid(time_limit, request_id),
            **AutogradSwitches.of(self).as_kwargs(),
        )

    def reference_request(
        self, *, time_limit: float = DEFAULT_TIME_LIMIT, request_id: int = 0
    ) -> Request | None:
        """A plain request that evaluates the reference expression on the same grid."""
        if not self.reference or not self.reference.strip():
            return None
        return Request(source=self.reference, **self._grid(time_limit, request_id))

    def _grid(self, time_limit: float, request_id: int) -> dict[str, Any]:
        """What f's request and the reference's share: the samples, values and limits."""
        return {
            "x_range": self.x_range,
            "points": self.points,
            "x_values": self.x_values,
            "params": self.params,
            "dtype": self.dtype,
            "time_limit": time_limit,
            "request_id": request_id,
        }

    @classmethod
    def from_request(
        cls,
        request: Request,
        *,
        parameter_ranges: Mapping[str, tuple[float, float]] | None = None,
        reference: str | None = None,
        view_x: tuple[float, float] | None = None,
        view_y: tuple[float, float] | None = None,
    ) -> Session:
        """A session capturing ``request`` (e.g. "add current state as a slide").

        A parameter's slider range comes from ``parameter_ranges``, else it is widened
        from the default [-5, 5] to contain the value.
        """
        ranges = parameter_ranges or {}
        params = []
        for name, value in request.params.items():
            lo, hi = ranges.get(name, (min(-5.0, value), max(5.0, value)))
            params.append(Parameter(name, float(value), float(lo), float(hi)))
        return cls(
            source=request.source,
            x_range=(float(request.x_range[0]), float(request.x_range[1])),
            points=request.points,
            x_values=None
            if request.x_values is None
            else tuple(float(v) for v in request.x_values),
            dtype=request.dtype,
            **AutogradSwitches.of(request).as_kwargs(),
            parameters=tuple(params),
            reference=reference,
            view_x=view_x,
            view_y=view_y,
        )


@dataclass(frozen=True)
class Slide:
    """One step of a lesson: a titled, explained session.

    ``notice`` is the "what to notice" line shown with the plot. ``expect_error`` is the
    :attr:`gradplot.engine.ErrorInfo.kind` when the point of the slide *is* the error
    (e.g. ``backward_twice``), so the GUI can present it as the lesson, not a failure.
    """

    title: Text
    session: Session
    notes: Text = field(default_factory=Text)
    notice: Text = field(default_factory=Text)
    id: str = ""
    expect_error: str | None = None

    def __post_init__(self) -> None:
        self.title._validate("slide title", MAX_TITLE_CHARS)
        self.notes._validate("slide notes", MAX_NOTES_CHARS)
        self.notice._validate("what to notice", MAX_NOTES_CHARS)
        _check_id(self.id, "slide id")
        if self.expect_error is not None and (
            len(self.expect_error) > ERROR_KINDS_MAX_CHARS or not _KIND_RE.match(self.expect_error)
        ):
            raise ValueError(f"expected error kind {self.expect_error[:64]!r} is not valid")


@dataclass(frozen=True)
class Deck:
    """A lesson: a titled sequence of slides."""

    title: Text
    slides: tuple[Slide, ...] = ()
    id: str = ""
    description: Text = field(default_factory=Text)

    def __post_init__(self) -> None:
        self.title._validate("deck title", MAX_TITLE_CHARS)
        self.description._validate("deck description", MAX_NOTES_CHARS)
        _check_id(self.id, "deck id")
        if len(self.slides) > MAX_SLIDES:
            raise ValueError(f"a deck holds at most {MAX_SLIDES} slides")
        ids = [s.id for s in self.slides if s.id]
        if len(ids) != len(set(ids)):
            raise ValueError("two slides of the deck share an id")

    def slide(self, slide_id: str) -> Slide:
        for s in self.slides:
            if s.id == slide_id:
                return s
        raise KeyError(slide_id)


@dataclass(frozen=True)
class GradplotFile:
    """The content of one ``.gradplot`` file: a session, a deck, or both.

    ``current_slide`` (0-based) remembers where in the deck the teacher was.
    ``ignored_keys`` lists keys found on reading that this version does not know.
    """

    session: Session | None = None
    deck: Deck | None = None
    current_slide: int | None = None
    ignored_keys: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.session is None and self.deck is None:
            raise ValueError("the file holds neither a session nor a deck")
        if self.current_slide is not None:
            if self.deck is None:
                raise ValueError("current slide is given but there is no deck")
            if not 0 <= self.current_slide < max(1, len(self.deck.slides)):
                raise ValueError(
                    f"current slide {self.current_slide} is outside the deck "
                    f"({len(self.deck.slides)} slides)"
                )
