"""The Qt window of gradplot. Widgets take plain data in and emit signals out.

``from gradplot.ui import MainWindow`` imports Qt and pyqtgraph but not torch: the
engine is imported on the worker thread once the window is up.
"""

from __future__ import annotations

from gradplot.ui.main_window import MainWindow

__all__ = ["MainWindow"]
