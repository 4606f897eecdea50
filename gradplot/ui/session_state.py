"""The window's state as a :class:`gradplot.model.Session`, both ways.

:func:`apply_session` puts a session into the window's existing controls (editor,
toggles, range, points, parameters, explicit x values, dtype, view);
:func:`current_session` reads them back. :func:`current_language` is the one place the
classroom widgets ask which language to show lesson texts in.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QSettings

from gradplot.engine.switches import AutogradSwitches
from gradplot.model import Parameter, Session
from gradplot.ui.controls import AUTO_POINTS

if TYPE_CHECKING:
    from gradplot.ui.main_window import MainWindow

__all__ = ["apply_session", "current_language", "current_session", "same_work"]


def _language_hook() -> Callable[[], str] | None:
    try:
        module = importlib.import_module("gradplot.ui.i18n")
    except ImportError:
        return None
    hook = getattr(module, "current_language", None)
    return hook if callable(hook) else None


def current_language() -> str:
    """``"zh-Hans"`` or ``"en"``: the language lesson texts are shown in.

    Uses ``gradplot.ui.i18n.current_language()`` when that module provides one (the
    app's language setting); otherwise the ``language`` setting, then the system locale.
    """
    hook = _language_hook()
    value: object = None
    if hook is not None:
        value = hook()
    if not isinstance(value, str) or not value:
        settings = QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "gradplot", "gradplot"
        )
        value = settings.value("language")
    if not isinstance(value, str) or not value or value == "system":
        value = QLocale().name()
    return "zh-Hans" if value.lower().replace("_", "-").startswith("zh") else "en"


def apply_session(window: MainWindow, session: Session) -> None:
    """Show ``session`` in the window's controls and evaluate it."""
    window.x_values = session.x_values
    window.dtype = session.dtype
    window.toggles.set_toggles(AutogradSwitches.of(session))  # an order above the menu's is kept
    lo, hi = session.x_range
    window.ranges.set_x_range(lo, hi, quiet=True)
    window.ranges.points.blockSignals(True)
    try:
        window.ranges.set_point_count(session.points)
    finally:
        window.ranges.points.blockSignals(False)
    window.parameters.restore(
        {p.name: (p.value, p.minimum, p.maximum) for p in session.parameters}
    )
    if session.source != window.editor.source():
        window.editor.set_source(session.source)
    if session.view_x is not None:
        window.plot.set_x_view(*session.view_x)
    elif session.x_values is not None:
        xs = session.x_values
        pad = max((max(xs) - min(xs)) * 0.25, 1.0)
        window.plot.set_x_view(min(xs) - pad, max(xs) + pad)
    else:
        window.plot.set_x_view(lo, hi)
    window.follow_new_function(session.view_y)
    window.request_soon()


def current_session(window: MainWindow, *, reference: str | None = None) -> Session:
    """The window's state as a session (what "add current state as a slide" stores)."""
    t = window.toggles.toggles()
    points = window.ranges.point_count()
    last = window.last_request
    if points == AUTO_POINTS:
        points = last.points if last is not None else 400
    lo, hi = window.ranges.x_range()
    if not hi > lo:
        lo, hi = (last.x_range if last is not None else (-1.0, 1.0))
    state = window.parameters.state()
    parameters = []
    for name in window.parameters.names():
        value, p_lo, p_hi = state[name]
        p_lo, p_hi = min(p_lo, value), max(p_hi, value)
        if not p_hi > p_lo:
            p_hi = p_lo + 1.0
        try:
            parameters.append(Parameter(name, value, p_lo, p_hi))
        except ValueError:
            continue
    x_view = window.plot.x_view()
    y_view = window.plot.y_view()
    return Session(
        source=window.editor.source(),
        x_range=(lo, hi),
        points=max(2, points),
        x_values=window.x_values,
        dtype=window.dtype,
        **t.as_kwargs(),
        parameters=tuple(parameters),
        reference=reference or None,
        view_x=x_view if x_view[1] > x_view[0] else None,
        view_y=y_view if y_view[1] > y_view[0] else None,
    )


def same_work(a: Session | None, b: Session | None) -> bool:
    """Equal as far as the teacher's work goes (the visible ranges do not count)."""
    if a is None or b is None:
        return a is b
    return replace(a, view_x=None, view_y=None) == replace(b, view_x=None, view_y=None)
