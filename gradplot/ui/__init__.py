"""The Qt window of gradplot. Widgets take plain data in and emit signals out.

``from gradplot.ui import MainWindow`` imports Qt, but neither pyqtgraph and numpy (they
come with the plot, which a staged window builds after its first paint) nor torch (the
engine runs in its own process). The import happens on first use of the name, so
``gradplot.ui.app`` can set the start up before Qt loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gradplot.ui.main_window import MainWindow

__all__ = ["MainWindow"]


def __getattr__(name: str) -> Any:
    if name == "MainWindow":
        from gradplot.ui.main_window import MainWindow

        return MainWindow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
