"""Themes for the plot and the projector mode.

Normal mode follows the system's light or dark colour scheme (``QStyleHints.colorScheme``,
Qt 6.5+). Projector mode is a high-contrast *light* theme (projectors wash out dark
backgrounds) with fonts at least 1.6x, curves at least 4 px and a large hover readout.

:func:`style_plot` works on any pyqtgraph ``PlotWidget``/``PlotItem`` (``gradplot
render --projector`` uses it on its own plot); :class:`ProjectorMode` switches a whole
window (full screen, fonts, palette) and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette, QPen
from PySide6.QtWidgets import QApplication, QWidget

PROJECTOR_FONT_SCALE = 1.6
PROJECTOR_PEN_WIDTH = 4.5
NORMAL_PEN_WIDTH = 2.5
CURVE_STYLES = (
    Qt.PenStyle.SolidLine,
    Qt.PenStyle.DashLine,
    Qt.PenStyle.DashDotLine,
    Qt.PenStyle.DotLine,
)


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    foreground: str  # axis text, legend text
    axis: str
    zero_line: str
    grid_alpha: float
    legend_fill: tuple[int, int, int, int]
    legend_border: str
    curve_colours: tuple[str, str, str, str]
    stale_colour: str
    pen_width: float
    tick_point_size: float
    readout_point_size: float
    readout_css: str


# Okabe–Ito: distinct for colour-blind viewers; every curve also has its own dash.
LIGHT = Theme(
    name="light", background="#ffffff", foreground="#222222", axis="#444444",
    zero_line="#333333", grid_alpha=0.18, legend_fill=(255, 255, 255, 215),
    legend_border="#bbbbbb", curve_colours=("#0072B2", "#D55E00", "#009E73", "#CC79A7"),
    stale_colour="#b4b4b4", pen_width=NORMAL_PEN_WIDTH, tick_point_size=10,
    readout_point_size=10,
    readout_css="QLabel { background: rgba(255,255,255,225); border: 1px solid #bbbbbb;"
    " border-radius: 3px; padding: 4px 6px; color: #222; }",
)
DARK = Theme(
    name="dark", background="#1e1f22", foreground="#e8e8e8", axis="#b8b8b8",
    zero_line="#d0d0d0", grid_alpha=0.22, legend_fill=(40, 41, 45, 220),
    legend_border="#666666", curve_colours=("#56B4E9", "#E69F00", "#33C08F", "#E08BC0"),
    stale_colour="#6a6a6a", pen_width=NORMAL_PEN_WIDTH, tick_point_size=10,
    readout_point_size=10,
    readout_css="QLabel { background: rgba(30,31,34,230); border: 1px solid #666666;"
    " border-radius: 3px; padding: 4px 6px; color: #eee; }",
)
# Pure white, black text, saturated dark curves: survives a washed-out projector.
PROJECTOR = Theme(
    name="projector", background="#ffffff", foreground="#000000", axis="#000000",
    zero_line="#000000", grid_alpha=0.3, legend_fill=(255, 255, 255, 240),
    legend_border="#000000", curve_colours=("#0050A0", "#C04000", "#007A55", "#A0307E"),
    stale_colour="#9a9a9a", pen_width=PROJECTOR_PEN_WIDTH,
    tick_point_size=10 * PROJECTOR_FONT_SCALE, readout_point_size=20,
    readout_css="QLabel { background: rgba(255,255,255,240); border: 2px solid #000000;"
    " border-radius: 4px; padding: 8px 12px; color: #000; }",
)


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark colour scheme (False when unknown)."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    hints = app.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is None:  # Qt < 6.5
        return app.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return bool(scheme() == Qt.ColorScheme.Dark)


def system_theme() -> Theme:
    return DARK if system_is_dark() else LIGHT


def curve_pen(theme: Theme, k: int, *, stale: bool = False) -> QPen:
    pen = QPen(QColor(theme.stale_colour if stale else theme.curve_colours[k % 4]))
    pen.setWidthF(theme.pen_width)
    pen.setStyle(CURVE_STYLES[k % 4])
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def _plot_item(plot: Any) -> Any:
    return plot.getPlotItem() if hasattr(plot, "getPlotItem") else plot


def style_curves(plot: Any, theme: Theme, *, stale: bool = False) -> None:
    """Pens of the plot's curves (``plot.curves`` if it has them, else its data items)."""
    curves = getattr(plot, "curves", None)
    if curves is None:
        curves = _plot_item(plot).listDataItems()
    for k, curve in enumerate(curves):
        curve.setPen(curve_pen(theme, k, stale=stale))
        if curve.opts.get("symbol") is not None:
            curve.setSymbolBrush(theme.stale_colour if stale else theme.curve_colours[k % 4])


def style_plot(plot: Any, theme: Theme) -> None:
    """Colours, fonts and pen widths of a pyqtgraph plot (PlotWidget or PlotItem)."""
    import pyqtgraph as pg  # only with a plot: the window paints before pyqtgraph loads

    item = _plot_item(plot)
    if hasattr(plot, "setBackground"):
        plot.setBackground(theme.background)
    tick_font = QFont()
    tick_font.setPointSizeF(theme.tick_point_size)
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(theme.axis, width=2 if theme is PROJECTOR else 1))
        axis.setTextPen(pg.mkPen(theme.foreground))
        axis.setTickFont(tick_font)
        label_css = {"color": theme.foreground, "font-size": f"{theme.tick_point_size + 2:g}pt"}
        axis.setLabel(axis.labelText, units=axis.labelUnits, **label_css)
    grid = getattr(plot, "grid", None)
    if isinstance(grid, pg.GridItem):
        # the plot's own grid item (far cheaper to paint than the axes' grid)
        colour = QColor(theme.foreground)
        colour.setAlphaF(theme.grid_alpha * 0.5)  # the grid stays behind the curves
        grid.setPen(pg.mkPen(colour))
    else:
        item.showGrid(x=True, y=True, alpha=theme.grid_alpha)
    legend = item.legend
    if legend is not None:
        legend.setBrush(pg.mkBrush(*theme.legend_fill))
        legend.setPen(pg.mkPen(theme.legend_border))
        legend.setLabelTextColor(theme.foreground)
        legend.setLabelTextSize(f"{theme.tick_point_size + 1:g}pt")
        for _sample, label in legend.items:  # the size applies at the next setText
            label.setText(label.text)
    for line_name in ("_x_axis_line", "_y_axis_line"):
        line = getattr(plot, line_name, None)
        if line is not None:
            pen = QPen(QColor(theme.zero_line))
            pen.setWidthF(2.0 if theme is PROJECTOR else 1.2)
            pen.setCosmetic(True)
            line.setPen(pen)
    style_curves(plot, theme, stale=bool(getattr(plot, "stale", False)))
    readout = getattr(plot, "readout", None)
    if isinstance(readout, QWidget):
        readout.setStyleSheet(theme.readout_css)
        font = readout.font()
        font.setPointSizeF(theme.readout_point_size)
        readout.setFont(font)
        readout.adjustSize()
    scalar_label = getattr(plot, "scalar_label", None)
    if scalar_label is not None:
        scalar_label.setColor(theme.foreground)
        scalar_label.fill = pg.mkBrush(*theme.legend_fill)


def light_palette() -> QPalette:
    """A plain high-contrast light palette (black on white)."""
    p = QPalette()
    white, black = QColor("#ffffff"), QColor("#000000")
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        p.setColor(role, white)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#f0f0f0"))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.ToolTipText,
    ):
        p.setColor(role, black)
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffe0"))
    p.setColor(QPalette.ColorRole.Highlight, QColor("#0050A0"))
    p.setColor(QPalette.ColorRole.HighlightedText, white)
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#555555"))
    return p


def scaled_font(font: QFont, scale: float) -> QFont:
    out = QFont(font)
    if out.pointSizeF() > 0:
        out.setPointSizeF(out.pointSizeF() * scale)
    elif out.pixelSize() > 0:
        out.setPixelSize(round(out.pixelSize() * scale))
    return out


class ProjectorMode(QObject):
    """Switches one window into projector mode and back.

    ``plot`` gets the :data:`PROJECTOR` theme (a plot with ``set_theme`` keeps it for
    new data; any other is styled once); the application font, and the font of every
    widget that set its own (the editor), grow by ``scale``; the window goes full
    screen. ``leave()`` restores everything it changed.
    """

    def __init__(self, window: QWidget, plot: Any, scale: float = PROJECTOR_FONT_SCALE) -> None:
        super().__init__(window)
        self._window = window
        self._plot = plot
        self.scale = scale
        self._active = False
        self._saved_app_font: QFont | None = None
        self._saved_palette: QPalette | None = None
        self._saved_fonts: list[tuple[QWidget, QFont]] = []
        self._was_maximized = False
        self.normal_theme: Theme = system_theme()

    @property
    def active(self) -> bool:
        return self._active

    @property
    def theme(self) -> Theme:
        return PROJECTOR if self._active else self.normal_theme

    def set_active(self, on: bool) -> None:
        if on != self._active:
            self.enter() if on else self.leave()

    def enter(self) -> None:
        if self._active:
            return
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._active = True
        self._saved_app_font = QFont(app.font())
        self._saved_palette = QPalette(app.palette())
        # widgets with a font of their own do not follow the application font
        own = [
            w for w in (self._window, *self._window.findChildren(QWidget))
            if w.testAttribute(Qt.WidgetAttribute.WA_SetFont)
        ]
        self._saved_fonts = [(w, QFont(w.font())) for w in own]
        app.setFont(scaled_font(self._saved_app_font, self.scale))
        for w, font in self._saved_fonts:
            w.setFont(scaled_font(font, self.scale))
        app.setPalette(light_palette())
        self._style(PROJECTOR)
        self._was_maximized = self._window.isMaximized()
        self._window.showFullScreen()

    def leave(self) -> None:
        if not self._active:
            return
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._active = False
        if self._saved_app_font is not None:
            app.setFont(self._saved_app_font)
        for w, font in self._saved_fonts:
            w.setFont(font)
        self._saved_fonts = []
        if self._saved_palette is not None:
            app.setPalette(self._saved_palette)
        self._style(self.normal_theme)
        if self._was_maximized:
            self._window.showMaximized()
        else:
            self._window.showNormal()

    def _style(self, theme: Theme) -> None:
        set_theme = getattr(self._plot, "set_theme", None)
        if callable(set_theme):
            set_theme(theme)
        else:
            style_plot(self._plot, theme)

    def follow_system(self) -> None:
        """The system scheme changed: take it over (projector mode stays light)."""
        self.normal_theme = system_theme()
        if not self._active:
            self._style(self.normal_theme)
