"""The application's state, without Qt and without torch.

Views and controllers in :mod:`gradplot.ui` take these objects and subscribe to their
events (psygnal); nothing here knows a widget exists. An import-linter contract and a
headless test keep it that way.
"""

from __future__ import annotations

from gradplot.engine.switches import SWITCHES, AutogradSwitches, Switch
from gradplot.model.plot_state import AUTO_POINTS, DEFAULT_SOURCE, PlotState

__all__ = ["AUTO_POINTS", "DEFAULT_SOURCE", "SWITCHES", "AutogradSwitches", "PlotState", "Switch"]
