"""The app's QSettings, and the plot state they keep between runs.

:func:`restore_plot_state` reads the last function, switches, range, point count and
slider values into a :class:`~gradplot.model.PlotState`; :func:`save_plot_state` writes
them back. A value that is missing or cannot be read leaves the state's default.
"""

from __future__ import annotations

import json
import math
from typing import Any

from PySide6.QtCore import QSettings

from gradplot.engine.switches import SWITCHES, AutogradSwitches
from gradplot.model import AUTO_POINTS, Parameter, PlotState

SETTINGS_VERSION = 1


def make_settings() -> QSettings:
    """The app's settings store (an INI file in the user's config directory)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "gradplot", "gradplot"
    )


def as_bool(value: Any, default: bool = False) -> bool:
    """A stored boolean: INI files give back "true"/"false" strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if value is None:
        return default
    return bool(value)


def as_float(value: Any, default: float) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return default
    return out if math.isfinite(out) else default


def as_int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _json(settings: QSettings, key: str, default: str) -> Any:
    try:
        return json.loads(str(settings.value(key, default)))
    except (ValueError, TypeError):
        return None


def _parameter(name: object, triple: object) -> Parameter | None:
    if not isinstance(name, str) or not isinstance(triple, list) or len(triple) != 3:
        return None
    value, lo, hi = (as_float(t, 0.0) for t in triple)
    lo, hi = min(lo, value), max(hi, value)
    try:
        return Parameter(name, value, lo, hi if hi > lo else lo + 1.0)
    except ValueError:  # not a name the engine could have reported
        return None


def restore_plot_state(settings: QSettings, state: PlotState) -> None:
    """What the last run left: into ``state`` (slider values are remembered for the
    names the function will report)."""
    source = settings.value("source")
    if isinstance(source, str) and source.strip():
        state.source = source
    raw = _json(settings, "toggles", "{}")
    if isinstance(raw, dict):
        # each switch read as its default's type (a missing or bad one: the default), a
        # number held to its range
        values: dict[str, Any] = {}
        for s in SWITCHES:
            if s.is_bool:
                values[s.name] = as_bool(raw.get(s.name), bool(s.default))
            else:
                n = as_int(raw.get(s.name), int(s.default))
                values[s.name] = min(max(n, s.minimum), s.maximum)
        state.switches = AutogradSwitches(**values)
    rng = _json(settings, "range", "null")
    if isinstance(rng, list) and len(rng) == 2:
        lo = as_float(rng[0], state.x_range[0])
        hi = as_float(rng[1], state.x_range[1])
        if hi > lo:
            state.x_range = (lo, hi)
    state.points = max(as_int(settings.value("points", AUTO_POINTS), AUTO_POINTS), 0)
    params = _json(settings, "params", "{}")
    if isinstance(params, dict):
        found = (_parameter(name, triple) for name, triple in params.items())
        state.remember(p for p in found if p is not None)


def save_plot_state(settings: QSettings, state: PlotState) -> None:
    """The state's function, switches, range, points and every known slider."""
    settings.setValue("version", SETTINGS_VERSION)
    settings.setValue("source", state.source)
    settings.setValue("toggles", json.dumps(state.switches.as_kwargs()))
    settings.setValue("range", json.dumps(list(state.x_range)))
    settings.setValue("points", state.points)
    shown = {p.name for p in state.parameters}
    params = [p for p in state.remembered if p.name not in shown] + list(state.parameters)
    settings.setValue(
        "params", json.dumps({p.name: [p.value, p.minimum, p.maximum] for p in params})
    )


__all__ = [
    "SETTINGS_VERSION",
    "as_bool",
    "as_float",
    "as_int",
    "make_settings",
    "restore_plot_state",
    "save_plot_state",
]
