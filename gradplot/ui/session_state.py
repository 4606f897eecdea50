"""Which language lesson texts are shown in.

The window's state and sessions are :class:`gradplot.model.PlotState`'s now
(``state.apply(session)``, ``state.snapshot()``, :func:`gradplot.model.same_work`);
what is left here is :func:`current_language`, until it is one with
:func:`gradplot.ui.i18n.current_language`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import QLocale, QSettings

__all__ = ["current_language"]


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
