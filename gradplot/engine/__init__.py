"""The evaluation core: torch and the standard library only, never Qt.

``import gradplot.engine`` is cheap: the plain data types come from
:mod:`gradplot.engine.model`; :func:`evaluate` (and with it torch) is imported on
first use, so a GUI can paint before torch has loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gradplot.engine.model import (
    DEFAULT_POINTS,
    DEFAULT_RANGE,
    DEFAULT_TIME_LIMIT,
    MAX_ORDER,
    MAX_PASSES,
    MAX_POINTS,
    ErrorInfo,
    GraphInfo,
    GraphNode,
    Note,
    Request,
    Result,
)

if TYPE_CHECKING:
    from gradplot.engine.evaluation import evaluate

__all__ = [
    "DEFAULT_POINTS",
    "DEFAULT_RANGE",
    "DEFAULT_TIME_LIMIT",
    "MAX_ORDER",
    "MAX_PASSES",
    "MAX_POINTS",
    "ErrorInfo",
    "GraphInfo",
    "GraphNode",
    "Note",
    "Request",
    "Result",
    "evaluate",
]


def __getattr__(name: str) -> Any:
    if name == "evaluate":
        from gradplot.engine.evaluation import evaluate

        return evaluate
    raise AttributeError(f"module 'gradplot.engine' has no attribute {name!r}")
