"""Export the plot: PNG (2× for slides), SVG, CSV of the engine's numbers, clipboard.

Images are drawn from the plot's own scene, so an export looks exactly like the
window; the CSV comes from the :class:`Result` (the numbers the engine computed,
written like ``gradplot eval`` writes them), not from the screen.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QRectF, QSize
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView

from gradplot.engine import Result
from gradplot.io.csv import write_csv
from gradplot.io.storage import atomic_write_bytes

__all__ = [
    "copy_plot_image",
    "csv_text",
    "export_csv",
    "export_png",
    "export_svg",
    "plot_image",
    "svg_bytes",
]

DEFAULT_PNG_SCALE = 2.0


def _source_rect(view: QGraphicsView) -> QRect:
    return view.viewport().rect()


def plot_image(view: QGraphicsView, scale: float = DEFAULT_PNG_SCALE) -> QImage:
    """The plot drawn at ``scale`` × its on-screen size (lines and text scale too)."""
    rect = _source_rect(view)
    w, h = max(rect.width(), 1), max(rect.height(), 1)
    image = QImage(round(w * scale), round(h * scale), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        view.render(painter, QRectF(0, 0, w, h), rect)
    finally:
        painter.end()
    return image


def _png_bytes(image: QImage) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    saver: Any = image  # the stubs want bytes for the format, the binding wants str
    if not saver.save(buffer, "PNG"):
        raise OSError("the PNG image could not be encoded")
    buffer.close()
    return bytes(data.data())


def export_png(
    view: QGraphicsView, path: str | os.PathLike[str], scale: float = DEFAULT_PNG_SCALE
) -> QImage:
    """Write a PNG of the plot at ``scale`` × (2 by default: sharp on slides)."""
    image = plot_image(view, scale)
    atomic_write_bytes(path, _png_bytes(image))
    return image


def svg_bytes(view: QGraphicsView, title: str = "gradplot") -> bytes:
    """The plot as an SVG document (vector lines and text)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    rect = _source_rect(view)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(rect.width(), rect.height()))
    generator.setViewBox(QRect(0, 0, rect.width(), rect.height()))
    generator.setTitle(title)
    generator.setDescription("f(x) and its derivatives")
    painter = QPainter(generator)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def export_svg(view: QGraphicsView, path: str | os.PathLike[str]) -> None:
    atomic_write_bytes(path, svg_bytes(view))


def csv_text(result: Result) -> str:
    """x, f, df, d2f, ... one row per sample, exactly as ``gradplot eval`` prints them."""
    if result.error is not None or result.f is None:
        raise ValueError("there are no values to export (the function has an error)")
    out = io.StringIO()
    write_csv(result, out)
    return out.getvalue()


def export_csv(result: Result, path: str | os.PathLike[str]) -> None:
    atomic_write_bytes(Path(path), csv_text(result).encode("utf-8"))


def copy_plot_image(view: QGraphicsView, scale: float = DEFAULT_PNG_SCALE) -> QImage:
    """Put a PNG-quality image of the plot on the clipboard."""
    image = plot_image(view, scale)
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.setImage(image)
    return image
