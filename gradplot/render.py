"""``gradplot render SOURCE -o out.png|out.svg``: the window's plot, without a window.

Takes the options of ``gradplot eval``; evaluates with the same engine, draws with the
same :class:`~gradplot.ui.plot_view.PlotView` (and reference curve) as the window, and
writes a PNG of exactly ``--width`` × ``--height`` pixels or an SVG. Works without a
display (Qt's offscreen platform). ``--projector`` uses the projector theme.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gradplot.ui.plot_view import PlotView

DEFAULT_WIDTH = 1200
DEFAULT_HEIGHT = 750
MAX_SIDE = 8000
LOCAL_PROJECTOR_WIDTH = 5.0


def build_parser() -> argparse.ArgumentParser:
    from gradplot.io.arguments import CommandParser, add_evaluation_options

    parser = CommandParser(
        prog="gradplot render",
        description="Draw f and its autograd derivatives to a PNG or SVG file, headless.",
    )
    add_evaluation_options(parser)
    parser.add_argument("-o", "--output", required=True, metavar="PATH",
                        help="the image to write: .png or .svg")
    parser.add_argument("--width", type=int, default=DEFAULT_WIDTH, help="pixels (default 1200)")
    parser.add_argument("--height", type=int, default=DEFAULT_HEIGHT,
                        help="pixels (default 750)")
    parser.add_argument("--projector", action="store_true",
                        help="thick lines and large text, for a projector")
    parser.add_argument("--reference", metavar="EXPR",
                        help="expected derivative drawn dashed, e.g. 'cos(x)'")
    return parser


def _projector_style(plot: PlotView) -> bool:
    """Part of the app's projector theme if available; True when it was applied."""
    try:
        theme: Any = importlib.import_module("gradplot.ui.theme")
    except ImportError:
        return False
    style = getattr(theme, "style_plot", None)
    projector = getattr(theme, "PROJECTOR", None)
    if not callable(style) or projector is None:
        return False
    style(plot, projector)
    return True


def _local_projector_style(plot: PlotView) -> None:
    from PySide6.QtGui import QFont

    from gradplot.ui.plot_view import CURVE_COLOURS, CURVE_STYLES, make_pen

    for k, curve in enumerate(plot.curves):
        curve.setPen(make_pen(CURVE_COLOURS[k], CURVE_STYLES[k], LOCAL_PROJECTOR_WIDTH))
    font = QFont()
    font.setPointSizeF(16)
    item = plot.getPlotItem()
    for name in ("left", "bottom"):
        item.getAxis(name).setTickFont(font)


def render(
    request: Any, output: Path, *, width: int, height: int, projector: bool = False,
    reference: str | None = None,
) -> tuple[int, str]:
    """Evaluate ``request`` and write the plot to ``output``; (exit status, message)."""
    from gradplot.ui.app import needs_offscreen

    if needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from gradplot.engine import evaluate
    from gradplot.io.arguments import check_params

    result = evaluate(request)
    check_params(tuple(request.params.items()), result)
    if result.error is not None:
        from gradplot.io.errors import format_error

        return 1, format_error(result.error)
    app = QApplication.instance() or QApplication(["gradplot"])
    from gradplot.io.storage import atomic_write_bytes
    from gradplot.model.plot_state import PlotState
    from gradplot.ui.export import export_png, svg_bytes
    from gradplot.ui.plot_view import PlotView
    from gradplot.ui.reference import ReferenceOverlay

    plot = PlotView()
    plot.resize(width, height)
    plot.show()
    plot.set_result(result)
    lo, hi = (float(result.x.min()), float(result.x.max())) if len(result.x) else (-1.0, 1.0)
    if hi <= lo:
        lo, hi = lo - 1.0, hi + 1.0
    pad = 0.0 if request.x_values is None else max(0.1 * (hi - lo), 0.5)
    plot.set_x_view(lo - pad, hi + pad)
    plot.fit_y()
    message = ""
    overlay = None
    # the reference on the grid of f, as the window's evaluation asks for it
    ref_request = PlotState(reference=(reference or "").strip()).reference_request(
        result.request)
    if ref_request is not None:
        overlay = ReferenceOverlay(plot)
        overlay.show(result, evaluate(ref_request))
        if overlay.error_title is not None:
            message = f"note: reference not drawn: {overlay.error_title}\n"
    if projector:
        if not _projector_style(plot):
            _local_projector_style(plot)
        if overlay is not None:
            overlay.set_width(LOCAL_PROJECTOR_WIDTH - 1)
    app.processEvents()
    if output.suffix.lower() == ".svg":
        atomic_write_bytes(output, svg_bytes(plot, title=request.source[:80]))
    else:
        export_png(plot, output, scale=1.0)
    plot.close()
    plot.deleteLater()
    app.processEvents()
    return 0, message


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    from gradplot.io.arguments import request_from_args

    output = Path(args.output)
    if output.suffix.lower() not in (".png", ".svg"):
        parser.error(f"the output must end in .png or .svg, not {output.name!r}")
    if not (16 <= args.width <= MAX_SIDE and 16 <= args.height <= MAX_SIDE):
        parser.error(f"--width and --height must be from 16 to {MAX_SIDE}")
    request = request_from_args(args)
    try:
        status, message = render(
            request, output, width=args.width, height=args.height,
            projector=args.projector, reference=args.reference,
        )
    except OSError as exc:
        sys.stderr.write(f"error: could not write {output}: {exc.strerror or exc}\n")
        return 1
    if message:
        sys.stderr.write(message)
    return status
