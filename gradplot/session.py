"""What a teacher saves: sessions, slides and decks, and the ``.gradplot`` file format.

Pure Python (no Qt, no torch). A ``.gradplot`` file is UTF-8 JSON::

    {"format": "gradplot", "schema": 1, "session": {...}, "deck": {...}}

holding a session, a deck, or both. Everything read is untrusted: :func:`loads` checks
every type, range and length and raises :class:`SessionFileError` (with a message meant
for the user) on anything it does not accept. Keys this version does not know are
ignored (and listed in :attr:`GradplotFile.ignored_keys`), so a later schema-1 writer
may add optional keys; a file whose ``schema`` is newer is refused as a whole.

Only regular files are read (a folder, named pipe or device is refused before it is
opened, so nothing waits on it), and never more than :data:`MAX_FILE_BYTES`. Text that
cannot be written back as UTF-8 (a lone surrogate such as ``"\\ud800"``) is refused on
reading, so whatever loads can be saved.

Writes are atomic (:func:`atomic_write_bytes`): a temporary file in the target's
directory, flushed and fsynced, then ``os.replace``. Through a symbolic link, the link's
target is replaced (atomically, in its own directory) and the link is kept.
:func:`save_file` refuses to replace a read-only file, and a file it cannot read
(damaged, not ours, or from a newer gradplot) unless told to, so a file that was refused
on opening is never overwritten by accident.

:class:`AutosaveStore` keeps the unsaved state in the user data directory, with a
"running" marker per process that tells a crash (marker left behind) from a clean exit.
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import re
import stat
import struct
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from gradplot import __version__
from gradplot.engine.model import (
    DEFAULT_POINTS,
    DEFAULT_RANGE,
    DEFAULT_TIME_LIMIT,
    MAX_POINTS,
    DType,
    Request,
)
from gradplot.engine.switches import SWITCHES, AutogradSwitches

__all__ = [
    "FILE_SUFFIX",
    "FORMAT",
    "MAX_FILE_BYTES",
    "MAX_PARAMETERS",
    "MAX_SLIDES",
    "MAX_SOURCE_CHARS",
    "MAX_X_VALUES",
    "SCHEMA",
    "AutosaveStore",
    "Deck",
    "GradplotFile",
    "NotARegularFile",
    "Parameter",
    "Recovery",
    "Session",
    "SessionFileError",
    "Slide",
    "Text",
    "add_recent",
    "atomic_write_bytes",
    "discard_autosave",
    "dtype_range_problem",
    "dumps",
    "is_read_only",
    "load_file",
    "loads",
    "parse_recent",
    "pending_recovery",
    "read_regular_file",
    "remove_recent",
    "save_file",
    "write_autosave",
    "write_target",
]

FORMAT = "gradplot"
SCHEMA = 1
FILE_SUFFIX = ".gradplot"

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_SOURCE_CHARS = 20_000
MAX_X_VALUES = 10_000
MAX_PARAMETERS = 32
MAX_SLIDES = 500
MAX_TITLE_CHARS = 300
MAX_NOTES_CHARS = 20_000
MAX_ID_CHARS = 64
MAX_NAME_CHARS = 64
MAX_RECENT = 10
MIN_POINTS = 2
FLOAT32_MAX = 3.4028234663852886e38
DTYPES: tuple[DType, ...] = ("float32", "float64")
ERROR_KINDS_MAX_CHARS = 64

_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
_KIND_RE = re.compile(r"[a-z][a-z0-9_]*\Z")

ErrorReason = Literal[
    "invalid", "damaged", "newer", "not_gradplot", "too_large", "io", "not_file",
    "refuse_overwrite", "read_only",
]


class SessionFileError(Exception):
    """A ``.gradplot`` file (or data meant for one) that cannot be read or written.

    ``str(error)`` is a complete sentence for the user. ``reason`` says what kind of
    problem it is: ``invalid`` (well-formed JSON with a bad value), ``damaged`` (not
    readable JSON/UTF-8), ``newer`` (written by a newer gradplot), ``not_gradplot``,
    ``too_large``, ``io`` (the operating system refused), ``not_file`` (a folder, named
    pipe or device), ``refuse_overwrite`` (an existing file this version cannot read) or
    ``read_only`` (the file is read-only).
    """

    def __init__(
        self, message: str, *, reason: ErrorReason = "invalid", path: Path | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.reason: ErrorReason = reason
        self.path = path


# ---------------------------------------------------------------------------- data


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


def _unencodable(value: str) -> str | None:
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
    bad = _unencodable(value)
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
            x_range=self.x_range,
            points=self.points,
            x_values=self.x_values,
            params=self.params,
            dtype=self.dtype,
            time_limit=time_limit,
            **AutogradSwitches.of(self).as_kwargs(),
            request_id=request_id,
        )

    def reference_request(
        self, *, time_limit: float = DEFAULT_TIME_LIMIT, request_id: int = 0
    ) -> Request | None:
        """A plain request that evaluates the reference expression on the same grid."""
        if not self.reference or not self.reference.strip():
            return None
        return Request(
            source=self.reference,
            x_range=self.x_range,
            points=self.points,
            x_values=self.x_values,
            params=self.params,
            dtype=self.dtype,
            time_limit=time_limit,
            request_id=request_id,
        )

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
        if self.id and (len(self.id) > MAX_ID_CHARS or not _ID_RE.match(self.id)):
            raise ValueError(f"slide id {self.id[:MAX_ID_CHARS]!r} is not valid")
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
        if self.id and (len(self.id) > MAX_ID_CHARS or not _ID_RE.match(self.id)):
            raise ValueError(f"deck id {self.id[:MAX_ID_CHARS]!r} is not valid")
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


Content = Session | Deck | GradplotFile


def _as_file(content: Content) -> GradplotFile:
    if isinstance(content, GradplotFile):
        return content
    if isinstance(content, Session):
        return GradplotFile(session=content)
    if isinstance(content, Deck):
        return GradplotFile(deck=content)
    raise TypeError(f"cannot save a {type(content).__name__}")


# ------------------------------------------------------------------- serialisation


def _range_json(rng: tuple[float, float] | None) -> list[float] | None:
    return None if rng is None else [rng[0], rng[1]]


def _text_json(text: Text) -> dict[str, str]:
    return {"en": text.en, "zh-Hans": text.zh_hans}


def _session_json(s: Session) -> dict[str, Any]:
    return {
        "source": s.source,
        "x_range": _range_json(s.x_range),
        "points": s.points,
        "x_values": None if s.x_values is None else list(s.x_values),
        "dtype": s.dtype,
        **AutogradSwitches.of(s).as_kwargs(),
        "parameters": [
            {"name": p.name, "value": p.value, "min": p.minimum, "max": p.maximum}
            for p in s.parameters
        ],
        "reference": s.reference,
        "view_x": _range_json(s.view_x),
        "view_y": _range_json(s.view_y),
    }


def _slide_json(s: Slide) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if s.id:
        out["id"] = s.id
    out["title"] = _text_json(s.title)
    out["notes"] = _text_json(s.notes)
    out["notice"] = _text_json(s.notice)
    if s.expect_error is not None:
        out["expect_error"] = s.expect_error
    out["session"] = _session_json(s.session)
    return out


def _deck_json(d: Deck) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if d.id:
        out["id"] = d.id
    out["title"] = _text_json(d.title)
    out["description"] = _text_json(d.description)
    out["slides"] = [_slide_json(s) for s in d.slides]
    return out


def _file_json(f: GradplotFile) -> dict[str, Any]:
    out: dict[str, Any] = {"format": FORMAT, "schema": SCHEMA, "app_version": __version__}
    if f.session is not None:
        out["session"] = _session_json(f.session)
    if f.deck is not None:
        out["deck"] = _deck_json(f.deck)
    if f.current_slide is not None:
        out["current_slide"] = f.current_slide
    return out


def dumps(content: Content) -> str:
    """The ``.gradplot`` JSON text for a session, deck or file (UTF-8 safe, ends in \\n)."""
    return json.dumps(_file_json(_as_file(content)), ensure_ascii=False, indent=1) + "\n"


# ------------------------------------------------------------------------- reading


class _Invalid(Exception):
    """Internal: a validation failure with the location it happened at."""


class _Reader:
    """Typed access to untrusted JSON, collecting ignored keys."""

    def __init__(self) -> None:
        self.ignored: list[str] = []

    @staticmethod
    def _kind(v: object) -> str:
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "true/false"
        if isinstance(v, (int, float)):
            return "a number"
        if isinstance(v, str):
            return "text"
        if isinstance(v, list):
            return "a list"
        return "an object"

    def obj(self, v: object, where: str, known: Iterable[str]) -> dict[str, object]:
        if not isinstance(v, dict):
            raise _Invalid(f"{where} must be an object (found {self._kind(v)})")
        known_set = set(known)
        for key in v:
            if key not in known_set:
                self.ignored.append(f"{where}.{key}" if where else key)
        return v

    def boolean(self, v: object, where: str) -> bool:
        if not isinstance(v, bool):
            raise _Invalid(f"{where} must be true or false (found {self._kind(v)})")
        return v

    def integer(self, v: object, where: str, lo: int, hi: int) -> int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise _Invalid(f"{where} must be a whole number (found {self._kind(v)})")
        if not lo <= v <= hi:
            raise _Invalid(f"{where} must be from {lo:,} to {hi:,} (found {v:,})")
        return v

    def number(self, v: object, where: str) -> float:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise _Invalid(f"{where} must be a number (found {self._kind(v)})")
        try:
            f = float(v)
        except OverflowError:
            raise _Invalid(f"{where} is too large") from None
        if not math.isfinite(f):
            raise _Invalid(f"{where} must be a finite number")
        return f

    def text(self, v: object, where: str, limit: int) -> str:
        if not isinstance(v, str):
            raise _Invalid(f"{where} must be text (found {self._kind(v)})")
        if len(v) > limit:
            raise _Invalid(f"{where} is too long ({len(v):,} characters; at most {limit:,})")
        bad = _unencodable(v)
        if bad is not None:
            raise _Invalid(
                f"{where} holds \\u{ord(bad):04x}, half of a UTF-16 surrogate pair: it is not "
                "a character, and such text could not be saved again"
            )
        return v

    def lst(self, v: object, where: str, limit: int) -> list[object]:
        if not isinstance(v, list):
            raise _Invalid(f"{where} must be a list (found {self._kind(v)})")
        if len(v) > limit:
            raise _Invalid(f"{where} is too long ({len(v):,} entries; at most {limit:,})")
        return v

    def rng(self, v: object, where: str) -> tuple[float, float]:
        items = self.lst(v, where, 2)
        if len(items) != 2:
            raise _Invalid(f"{where} must be two numbers [low, high]")
        return (
            self.number(items[0], f"{where} low end"),
            self.number(items[1], f"{where} high end"),
        )

    def loc_text(self, v: object, where: str, limit: int) -> Text:
        if isinstance(v, str):  # one language only: used for both
            s = self.text(v, where, limit)
            return Text(s, s)
        d = self.obj(v, where, ("en", "zh-Hans"))
        en = self.text(d.get("en", ""), f"{where} (en)", limit)
        zh = self.text(d.get("zh-Hans", ""), f"{where} (zh-Hans)", limit)
        return Text(en, zh)


_SESSION_KEYS = (
    "source", "x_range", "points", "x_values", "dtype", *(s.name for s in SWITCHES),
    "parameters", "reference", "view_x", "view_y",
)  # fmt: skip


def _build(where: str, factory: Any, **kwargs: Any) -> Any:
    try:
        return factory(**kwargs)
    except ValueError as exc:
        raise _Invalid(f"{where}: {exc}" if where else str(exc)) from None


def _read_session(r: _Reader, v: object, where: str) -> Session:
    d = r.obj(v, where, _SESSION_KEYS)
    if "source" not in d:
        raise _Invalid(f"{where} has no function source")
    kw: dict[str, Any] = {"source": r.text(d["source"], f"{where} › source", MAX_SOURCE_CHARS)}
    if d.get("x_range") is not None:
        kw["x_range"] = r.rng(d["x_range"], f"{where} › x_range")
    if "points" in d:
        kw["points"] = r.integer(d["points"], f"{where} › points", MIN_POINTS, MAX_POINTS)
    if d.get("x_values") is not None:
        vals = r.lst(d["x_values"], f"{where} › x_values", MAX_X_VALUES)
        kw["x_values"] = tuple(
            r.number(val, f"{where} › x_values[{i}]") for i, val in enumerate(vals)
        )
    if "dtype" in d:
        dtype = r.text(d["dtype"], f"{where} › dtype", 16)
        if dtype not in DTYPES:
            raise _Invalid(f"{where} dtype must be float32 or float64 (found {dtype!r})")
        kw["dtype"] = dtype
    for switch in SWITCHES:
        if switch.name in d:
            at = f"{where} › {switch.name}"
            value = d[switch.name]
            kw[switch.name] = (
                r.boolean(value, at) if switch.is_bool
                else r.integer(value, at, switch.minimum, switch.maximum)
            )
    if "parameters" in d:
        params = []
        for i, pv in enumerate(r.lst(d["parameters"], f"{where} › parameters", MAX_PARAMETERS)):
            pw = f"{where} › parameter {i + 1}"
            pd = r.obj(pv, pw, ("name", "value", "min", "max"))
            if "name" not in pd:
                raise _Invalid(f"{pw} has no name")
            pkw: dict[str, Any] = {"name": r.text(pd["name"], f"{pw} › name", MAX_NAME_CHARS)}
            for src, dst in (("value", "value"), ("min", "minimum"), ("max", "maximum")):
                if src in pd:
                    pkw[dst] = r.number(pd[src], f"{pw} › {src}")
            params.append(_build(pw, Parameter, **pkw))
        kw["parameters"] = tuple(params)
    if d.get("reference") is not None:
        kw["reference"] = r.text(d["reference"], f"{where} › reference", MAX_SOURCE_CHARS)
    for key in ("view_x", "view_y"):
        if d.get(key) is not None:
            kw[key] = r.rng(d[key], f"{where} › {key}")
    result: Session = _build(where, Session, **kw)
    return result


def _read_slide(r: _Reader, v: object, where: str) -> Slide:
    d = r.obj(v, where, ("id", "title", "notes", "notice", "expect_error", "session"))
    if "session" not in d:
        raise _Invalid(f"{where} has no session")
    kw: dict[str, Any] = {
        "title": r.loc_text(d.get("title", ""), f"{where} › title", MAX_TITLE_CHARS),
        "notes": r.loc_text(d.get("notes", ""), f"{where} › notes", MAX_NOTES_CHARS),
        "notice": r.loc_text(d.get("notice", ""), f"{where} › notice", MAX_NOTES_CHARS),
        "session": _read_session(r, d["session"], f"{where} › session"),
    }
    if "id" in d:
        kw["id"] = r.text(d["id"], f"{where} › id", MAX_ID_CHARS)
    if d.get("expect_error") is not None:
        kw["expect_error"] = r.text(d["expect_error"], f"{where} › expect_error", 64)
    result: Slide = _build(where, Slide, **kw)
    return result


def _read_deck(r: _Reader, v: object, where: str) -> Deck:
    d = r.obj(v, where, ("id", "title", "description", "slides"))
    slides_raw = r.lst(d.get("slides", []), f"{where} › slides", MAX_SLIDES)
    kw: dict[str, Any] = {
        "title": r.loc_text(d.get("title", ""), f"{where} › title", MAX_TITLE_CHARS),
        "description": r.loc_text(
            d.get("description", ""), f"{where} › description", MAX_NOTES_CHARS
        ),
        "slides": tuple(_read_slide(r, s, f"slide {i + 1}") for i, s in enumerate(slides_raw)),
    }
    if "id" in d:
        kw["id"] = r.text(d["id"], f"{where} › id", MAX_ID_CHARS)
    result: Deck = _build(where, Deck, **kw)
    return result


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise _Invalid(f"the key {key[:40]!r} appears twice in one object")
        out[key] = value
    return out


def _no_constant(name: str) -> object:
    raise _Invalid(f"{name} is not a number this file format allows")


def _parse_json(data: bytes | str) -> object:
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise SessionFileError(
                f"The file is too large for a gradplot file ({len(data):,} bytes; "
                f"at most {MAX_FILE_BYTES:,}).",
                reason="too_large",
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SessionFileError(
                "The file is damaged: it is not UTF-8 text, so it cannot be a gradplot file.",
                reason="damaged",
            ) from None
    else:
        text = data
        if len(text) > MAX_FILE_BYTES:
            raise SessionFileError("The file is too large for a gradplot file.", reason="too_large")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except _Invalid as exc:
        raise SessionFileError(f"The file is damaged: {exc}.", reason="damaged") from None
    except json.JSONDecodeError as exc:
        raise SessionFileError(
            f"The file is damaged: it is not valid JSON ({exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}).",
            reason="damaged",
        ) from None
    except (ValueError, RecursionError):
        # over-long integer literals, absurd nesting
        raise SessionFileError(
            "The file is damaged: its JSON could not be read.", reason="damaged"
        ) from None


def _read_document(obj: object) -> GradplotFile:
    r = _Reader()
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise SessionFileError(
            'This is not a gradplot file (it has no "format": "gradplot" marker).',
            reason="not_gradplot",
        )
    schema = obj.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise SessionFileError(
            "The file's schema version is missing or not valid, so it cannot be read safely.",
            reason="damaged",
        )
    if schema > SCHEMA:
        made_by = obj.get("app_version")
        by = f" ({made_by[:32]})" if isinstance(made_by, str) and made_by else ""
        raise SessionFileError(
            f"This file was made by a newer version of gradplot{by}: it uses file schema "
            f"{schema}, and this version ({__version__}) reads schema {SCHEMA} only. "
            "Update gradplot to open it; the file has not been changed.",
            reason="newer",
        )
    try:
        d = r.obj(
            obj,
            "",
            ("format", "schema", "app_version", "session", "deck", "current_slide", "autosave"),
        )
        session = None if d.get("session") is None else _read_session(r, d["session"], "session")
        deck = None if d.get("deck") is None else _read_deck(r, d["deck"], "deck")
        current = None
        if d.get("current_slide") is not None:
            current = r.integer(d["current_slide"], "current_slide", 0, MAX_SLIDES)
        result: GradplotFile = _build(
            "",
            GradplotFile,
            session=session,
            deck=deck,
            current_slide=current,
            ignored_keys=tuple(r.ignored),
        )
        return result
    except _Invalid as exc:
        message = str(exc)
        raise SessionFileError(
            f"The file cannot be used: {message[:1].lower()}{message[1:]}.", reason="invalid"
        ) from None


def loads(data: bytes | str) -> GradplotFile:
    """Parse and validate ``.gradplot`` content; raises :class:`SessionFileError`."""
    return _read_document(_parse_json(data))


def _display(path: Path) -> str:
    return f"\u201c{path.name}\u201d"


def _with_path(exc: SessionFileError, path: Path) -> SessionFileError:
    return SessionFileError(f"{_display(path)}: {exc.message}", reason=exc.reason, path=path)


def _kind_of_file(mode: int) -> str | None:
    """What a non-regular file is, in words (``None`` for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_a_file(path: Path, kind: str) -> SessionFileError:
    return SessionFileError(
        f"{_display(path)} is {kind}, not a file, so it cannot be a gradplot file.",
        reason="not_file",
        path=path,
    )


_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
)


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of the regular file ``path``; raises ``OSError``.

    The type is checked before opening (a named pipe with no writer would block
    ``open``), opened non-blocking in case it was swapped meanwhile, and checked again
    on the open descriptor. A file that is not regular raises :class:`NotARegularFile`.
    """
    kind = _kind_of_file(os.stat(path).st_mode)
    if kind is not None:
        raise NotARegularFile(kind)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        kind = _kind_of_file(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotARegularFile(kind)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class NotARegularFile(OSError):
    """:func:`read_regular_file` was given a folder, pipe, device or socket."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def _read_bytes(path: Path) -> bytes:
    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except NotARegularFile as exc:
        raise _not_a_file(path, exc.kind) from None
    except FileNotFoundError:
        raise SessionFileError(
            f"{_display(path)} does not exist (was it moved or deleted?).", reason="io", path=path
        ) from None
    except OSError as exc:
        raise SessionFileError(
            f"{_display(path)} could not be read: {exc.strerror or exc}.", reason="io", path=path
        ) from None
    return data


def load_file(path: str | os.PathLike[str]) -> GradplotFile:
    """Read a ``.gradplot`` file. Never writes; raises :class:`SessionFileError`."""
    p = Path(path)
    data = _read_bytes(p)
    try:
        return loads(data)
    except SessionFileError as exc:
        raise _with_path(exc, p) from None


# ------------------------------------------------------------------------- writing


def _fsync_dir(directory: Path) -> None:
    if sys.platform == "win32":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once.

    The bytes go to a temporary file in the same directory, which is flushed and
    fsynced and then renamed over ``path`` with :func:`os.replace`. If anything fails
    the old file is untouched and the temporary file is removed. A symbolic link is
    followed: its target is replaced, in the target's directory, and the link stays.
    Raises ``OSError``.
    """
    p = write_target(path)
    directory = p.parent
    try:
        mode = os.stat(p).st_mode & 0o777
    except OSError:
        mode = 0o644
    else:
        if is_read_only(p):
            raise PermissionError(errno.EACCES, "the file is read-only", os.fspath(p))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, mode)
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(directory)


def write_target(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` really replaces: symbolic links followed, absolute."""
    return Path(os.path.realpath(os.fspath(path)))


def is_read_only(path: str | os.PathLike[str]) -> bool:
    """Whether the existing file ``path`` (its link target) is marked read-only.

    The mode bits decide, not :func:`os.access`: an administrator may write anything,
    but the user's "read-only" is still meant.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return True
    return not os.access(path, os.W_OK)


def save_file(path: str | os.PathLike[str], content: Content, *, force: bool = False) -> None:
    """Save a session, deck or file atomically as ``.gradplot`` JSON.

    Unless ``force`` is set, an existing file at ``path`` that is not a readable
    gradplot file of this schema (damaged, someone else's format, or from a newer
    gradplot) is left alone and :class:`SessionFileError` (``refuse_overwrite``) is
    raised, so a file that failed to open is never replaced by accident. A read-only
    file is never replaced, forced or not (``read_only``). Through a symbolic link,
    the link's target is written and the link kept.
    """
    p = Path(path)
    try:
        data = dumps(content).encode("utf-8")
    except UnicodeEncodeError as exc:  # only reachable by bypassing validation
        raise SessionFileError(
            f"{_display(p)} was not saved: the work holds text that is not valid Unicode "
            f"({exc.reason}). The previous version of the file, if any, is unchanged.",
            reason="invalid",
            path=p,
        ) from None
    if p.exists() and is_read_only(p):
        raise SessionFileError(
            f"{_display(p)} was not saved: the file is read-only, so gradplot leaves it as "
            "it is. Save under another name (Save As), or make the file writable first.",
            reason="read_only",
            path=p,
        )
    if not force and p.exists():
        try:
            load_file(p)
        except SessionFileError as exc:
            raise SessionFileError(
                f"{_display(p)} was not overwritten: it already exists and cannot be read "
                f"by this version of gradplot ({exc.message.split(': ', 1)[-1]}) "
                "Choose another name to save your work.",
                reason="refuse_overwrite",
                path=p,
            ) from None
    try:
        atomic_write_bytes(p, data)
    except OSError as exc:
        raise SessionFileError(
            f"{_display(p)} could not be saved: {exc.strerror or exc}. "
            "The previous version of the file, if any, is unchanged.",
            reason="io",
            path=p,
        ) from None


# ------------------------------------------------------------------------ autosave


@dataclass(frozen=True)
class Recovery:
    """Unsaved work left behind by a gradplot that did not exit cleanly.

    ``content`` is ``None`` when the autosave could not be read (then ``error`` says
    why). ``origin`` is the file the work belonged to, if it had been saved before.
    """

    path: Path
    saved_at: datetime
    content: GradplotFile | None
    origin: Path | None = None
    error: str | None = None


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32" or pid <= 0:
        return False  # no cheap, safe check: treat as gone (a crash)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class AutosaveStore:
    """Autosave slot for this process in ``directory`` (default: the user data dir).

    Each process writes ``autosave-<pid>.gradplot`` and, next to it, a marker
    ``autosave-<pid>.running``. :meth:`discard_autosave` (call it on a clean exit, after
    the user saved or declined to save, and after a recovery was handled) removes both.
    A marker left behind by a process that is no longer running means a crash:
    :meth:`pending_recovery` then offers its autosave.
    """

    AUTOSAVE_PREFIX = "autosave-"

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        if directory is None:
            import platformdirs

            directory = Path(platformdirs.user_data_dir("gradplot", appauthor=False)) / "autosave"
        self.directory = Path(directory)
        self.pid = os.getpid()

    def _paths(self, pid: int) -> tuple[Path, Path]:
        stem = f"{self.AUTOSAVE_PREFIX}{pid}"
        return self.directory / f"{stem}.gradplot", self.directory / f"{stem}.running"

    @property
    def autosave_path(self) -> Path:
        return self._paths(self.pid)[0]

    @property
    def marker_path(self) -> Path:
        return self._paths(self.pid)[1]

    def write_autosave(
        self, content: Content, *, origin: str | os.PathLike[str] | None = None
    ) -> Path:
        """Atomically store the current unsaved state; returns the autosave path.

        Raises :class:`SessionFileError` (``io``) when the data directory is not writable,
        and (``invalid``) when the content cannot be written as UTF-8.
        """
        doc = _file_json(_as_file(content))
        doc["autosave"] = {
            "saved_at": datetime.now(timezone.utc).isoformat(),
            "origin": None if origin is None else os.fspath(Path(origin).absolute()),
            "pid": self.pid,
        }
        path, marker = self._paths(self.pid)
        try:
            data = (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        except UnicodeEncodeError as exc:
            raise SessionFileError(
                f"Autosave failed: the work holds text that is not valid Unicode ({exc.reason}).",
                reason="invalid",
                path=path,
            ) from None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if not marker.exists():
                marker_doc = {"pid": self.pid, "started": time.time()}
                atomic_write_bytes(marker, json.dumps(marker_doc).encode("utf-8"))
            atomic_write_bytes(path, data)
        except OSError as exc:
            raise SessionFileError(
                f"Autosave failed: {exc.strerror or exc} ({self.directory}).",
                reason="io",
                path=path,
            ) from None
        return path

    def _recoveries(self) -> list[Recovery]:
        found: list[Recovery] = []
        try:
            markers = list(self.directory.glob(f"{self.AUTOSAVE_PREFIX}*.running"))
        except OSError:
            return found
        for marker in markers:
            try:
                pid = int(marker.stem[len(self.AUTOSAVE_PREFIX) :])
            except ValueError:
                continue
            if _pid_alive(pid):
                continue  # this process, or another gradplot still running
            path = self._paths(pid)[0]
            try:
                saved_at = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
            except OSError:
                continue  # crashed before anything was autosaved
            content: GradplotFile | None = None
            error: str | None = None
            origin: Path | None = None
            try:
                obj = _parse_json(_read_bytes(path))
                content = _read_document(obj)
                meta = obj.get("autosave") if isinstance(obj, dict) else None
                if isinstance(meta, dict) and isinstance(meta.get("origin"), str):
                    origin = Path(meta["origin"])
            except SessionFileError as exc:
                error = exc.message
            found.append(Recovery(path, saved_at, content, origin, error))
        found.sort(key=lambda rec: rec.saved_at, reverse=True)
        return found

    def pending_recovery(self) -> Recovery | None:
        """The newest autosave left by a gradplot that crashed, or ``None``."""
        found = self._recoveries()
        return found[0] if found else None

    def discard_autosave(self, recovery: Recovery | None = None) -> None:
        """Remove this process's autosave and marker (a clean exit), or ``recovery``'s."""
        if recovery is None:
            path, marker = self._paths(self.pid)
        else:
            path = recovery.path
            marker = path.with_suffix(".running")
        for p in (path, marker):  # the autosave first: a marker alone offers nothing
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def write_autosave(
    content: Content,
    *,
    directory: str | os.PathLike[str] | None = None,
    origin: str | os.PathLike[str] | None = None,
) -> Path:
    """:meth:`AutosaveStore.write_autosave` on the default (or given) directory."""
    return AutosaveStore(directory).write_autosave(content, origin=origin)


def pending_recovery(*, directory: str | os.PathLike[str] | None = None) -> Recovery | None:
    """:meth:`AutosaveStore.pending_recovery` on the default (or given) directory."""
    return AutosaveStore(directory).pending_recovery()


def discard_autosave(
    recovery: Recovery | None = None, *, directory: str | os.PathLike[str] | None = None
) -> None:
    """:meth:`AutosaveStore.discard_autosave` on the default (or given) directory."""
    AutosaveStore(directory).discard_autosave(recovery)


# -------------------------------------------------------------------- recent files


def _norm(path: str | os.PathLike[str]) -> str:
    return os.path.normpath(os.path.abspath(os.fspath(path)))


def _same(a: str, b: str) -> bool:
    return os.path.normcase(a) == os.path.normcase(b)


def add_recent(
    recent: Sequence[str], path: str | os.PathLike[str], *, limit: int = MAX_RECENT
) -> list[str]:
    """``recent`` with ``path`` moved (or added) to the front, absolute, at most ``limit``."""
    new = _norm(path)
    return [new, *(p for p in recent if not _same(p, new))][:limit]


def remove_recent(recent: Sequence[str], path: str | os.PathLike[str]) -> list[str]:
    """``recent`` without ``path`` (e.g. after it failed to open)."""
    gone = _norm(path)
    return [p for p in recent if not _same(p, gone)]


def parse_recent(value: object, *, limit: int = MAX_RECENT) -> list[str]:
    """A clean recent-files list from whatever settings storage returned.

    Accepts a list of strings, a single string, or ``None``; drops non-strings,
    blanks, over-long entries and duplicates.
    """
    items: list[object]
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        return []
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip() or len(item) > 4096 or "\x00" in item:
            continue
        norm = _norm(item)
        if not any(_same(norm, p) for p in out):
            out.append(norm)
        if len(out) >= limit:
            break
    return out
