"""The application's state, without Qt and without torch.

:mod:`~gradplot.model.session` holds what is saved (a session, slides and decks, a
file's content) as frozen, self-checking dataclasses; :mod:`~gradplot.model.plot_state`
the live, evented state of the plot; :mod:`~gradplot.model.lesson_state` the decks, the
current slide and the deck edits; :mod:`~gradplot.model.document` the file the work
belongs to, whether it is saved, and when to autosave.

Views and controllers in :mod:`gradplot.ui` take these objects and subscribe to their
events (psygnal); nothing here knows a widget exists. An import-linter contract and a
headless test keep it that way.
"""

from __future__ import annotations

from gradplot.engine.switches import SWITCHES, AutogradSwitches, Switch
from gradplot.model.plot_state import (
    AUTO_POINTS,
    DEFAULT_SOURCE,
    PARAM_MEMORY,
    PlotState,
    same_work,
    session_view_x,
)
from gradplot.model.session import (
    Deck,
    GradplotFile,
    Parameter,
    Session,
    Slide,
    Text,
    dtype_range_problem,
)

__all__ = [
    "AUTO_POINTS",
    "DEFAULT_SOURCE",
    "PARAM_MEMORY",
    "SWITCHES",
    "AutogradSwitches",
    "Deck",
    "GradplotFile",
    "Parameter",
    "PlotState",
    "Session",
    "Slide",
    "Switch",
    "Text",
    "dtype_range_problem",
    "same_work",
    "session_view_x",
]
