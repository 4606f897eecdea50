"""The ``.gradplot`` file format: JSON text to and from :mod:`gradplot.model.session`.

A ``.gradplot`` file is UTF-8 JSON::

    {"format": "gradplot", "schema": 1, "session": {...}, "deck": {...}}

holding a session, a deck, or both. Everything read is untrusted: :func:`loads` checks
every type, range and length and raises :class:`~gradplot.io.errors.SessionFileError`
(with a message meant for the user) on anything it does not accept. Keys this version
does not know are ignored (and listed in :attr:`GradplotFile.ignored_keys`), so a later
schema-1 writer may add optional keys; a file whose ``schema`` is newer is refused as a
whole. Text that cannot be written back as UTF-8 (a lone surrogate such as ``"\\ud800"``)
is refused on reading, so whatever loads can be saved.

Text only: :mod:`gradplot.io.storage` reads and writes the files.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

from gradplot import __version__
from gradplot.engine.model import MAX_POINTS
from gradplot.engine.switches import SWITCHES, AutogradSwitches
from gradplot.io.errors import SessionFileError
from gradplot.model.session import (
    DTYPES,
    ERROR_KINDS_MAX_CHARS,
    MAX_ID_CHARS,
    MAX_NAME_CHARS,
    MAX_NOTES_CHARS,
    MAX_PARAMETERS,
    MAX_SLIDES,
    MAX_SOURCE_CHARS,
    MAX_TITLE_CHARS,
    MAX_X_VALUES,
    MIN_POINTS,
    Deck,
    GradplotFile,
    Parameter,
    Session,
    Slide,
    Text,
    unencodable,
)

__all__ = [
    "FILE_SUFFIX",
    "FORMAT",
    "MAX_FILE_BYTES",
    "SCHEMA",
    "Content",
    "as_file",
    "dumps",
    "loads",
    "parse_json",
    "read_document",
]

FORMAT = "gradplot"
SCHEMA = 1
FILE_SUFFIX = ".gradplot"
MAX_FILE_BYTES = 16 * 1024 * 1024

Content = Session | Deck | GradplotFile


def as_file(content: Content) -> GradplotFile:
    """``content`` as the content of a whole file."""
    if isinstance(content, GradplotFile):
        return content
    if isinstance(content, Session):
        return GradplotFile(session=content)
    if isinstance(content, Deck):
        return GradplotFile(deck=content)
    raise TypeError(f"cannot save a {type(content).__name__}")


# ------------------------------------------------------------------------- writing


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


def _titled_json(item_id: str, **texts: Text) -> dict[str, Any]:
    """The optional id and the texts that open a slide's or a deck's JSON, in that order."""
    out: dict[str, Any] = {"id": item_id} if item_id else {}
    out.update((key, _text_json(text)) for key, text in texts.items())
    return out


def _slide_json(s: Slide) -> dict[str, Any]:
    out = _titled_json(s.id, title=s.title, notes=s.notes, notice=s.notice)
    if s.expect_error is not None:
        out["expect_error"] = s.expect_error
    out["session"] = _session_json(s.session)
    return out


def _deck_json(d: Deck) -> dict[str, Any]:
    out = _titled_json(d.id, title=d.title, description=d.description)
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


def dumps(content: Content, *, autosave: Mapping[str, object] | None = None) -> str:
    """The ``.gradplot`` JSON text for a session, deck or file (UTF-8 safe, ends in \\n).

    ``autosave`` is the crash-recovery record an autosave carries (readers ignore it).
    """
    doc = _file_json(as_file(content))
    if autosave is not None:
        doc["autosave"] = dict(autosave)
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


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
        bad = unencodable(v)
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


def _read_texts(r: _Reader, d: dict[str, object], where: str, **limits: int) -> dict[str, Text]:
    """The texts of a slide or deck (each may be missing: empty), in the order given."""
    return {
        key: r.loc_text(d.get(key, ""), f"{where} › {key}", limit) for key, limit in limits.items()
    }


def _read_slide(r: _Reader, v: object, where: str) -> Slide:
    d = r.obj(v, where, ("id", "title", "notes", "notice", "expect_error", "session"))
    if "session" not in d:
        raise _Invalid(f"{where} has no session")
    kw: dict[str, Any] = {
        **_read_texts(
            r, d, where, title=MAX_TITLE_CHARS, notes=MAX_NOTES_CHARS, notice=MAX_NOTES_CHARS
        ),
        "session": _read_session(r, d["session"], f"{where} › session"),
    }
    if "id" in d:
        kw["id"] = r.text(d["id"], f"{where} › id", MAX_ID_CHARS)
    if d.get("expect_error") is not None:
        kw["expect_error"] = r.text(
            d["expect_error"], f"{where} › expect_error", ERROR_KINDS_MAX_CHARS
        )
    result: Slide = _build(where, Slide, **kw)
    return result


def _read_deck(r: _Reader, v: object, where: str) -> Deck:
    d = r.obj(v, where, ("id", "title", "description", "slides"))
    slides_raw = r.lst(d.get("slides", []), f"{where} › slides", MAX_SLIDES)
    kw: dict[str, Any] = {
        **_read_texts(r, d, where, title=MAX_TITLE_CHARS, description=MAX_NOTES_CHARS),
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


def parse_json(data: bytes | str) -> object:
    """The JSON value of ``data``, strictly (no duplicate keys, no NaN); or SessionFileError."""
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


def read_document(obj: object) -> GradplotFile:
    """The content of a parsed ``.gradplot`` document; raises :class:`SessionFileError`."""
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
    return read_document(parse_json(data))
