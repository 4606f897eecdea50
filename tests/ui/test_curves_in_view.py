"""The curves stay in view: the view follows the data until the user moves it; the
overlays on the plot never cover each other; a refused backward still draws f."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gradplot.model import Session
from gradplot.ui import MainWindow
from gradplot.ui.plot_view import PlotView
from tests.notebook import CONTROL_FLOW
from tests.ui.conftest import wait_result


def wheel(plot: PlotView, steps: int) -> None:
    """Zoom with the mouse wheel over the middle of the plot, as a user does."""
    centre = plot.view_rect().center()
    for _ in range(abs(steps)):
        event = QWheelEvent(
            QPointF(centre), QPointF(plot.mapToGlobal(centre)), QPoint(0, 0),
            QPoint(0, 120 if steps > 0 else -120), Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
        )
        QApplication.sendEvent(plot.viewport(), event)


def f_in_view(window: MainWindow) -> float:
    share = window.plot.on_screen_share()
    assert share is not None
    return share


def test_switching_vector_input_off_follows_the_new_values(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window(CONTROL_FLOW)
    vector = window.last_result
    assert vector is not None and vector.ok
    per_point = wait_result(qtbot, window, lambda: window.toggles.vector_input.setChecked(False))
    assert per_point.ok and per_point.f is not None
    f = np.asarray(per_point.f, dtype=np.float64)
    f = f[np.isfinite(f)]  # x = 0 never leaves the while loop: a gap
    assert f.min() < -100_000 and f.max() > 1_000  # the view must change by far
    lo, hi = window.plot.y_view()
    assert lo <= f.min() and hi >= f.max()
    assert f_in_view(window) == 1.0
    assert not window.plot.offscreen_hint.isVisible()
    # and back: vector mode's values are in view again
    again = wait_result(qtbot, window, lambda: window.toggles.vector_input.setChecked(True))
    assert again.f is not None
    lo, hi = window.plot.y_view()
    assert lo <= float(np.nanmin(again.f)) and hi >= float(np.nanmax(again.f))


def test_a_slider_and_a_new_function_are_followed(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("a*sin(x)")
    qtbot.waitUntil(lambda: window.parameters.names() == ("a",))
    result = wait_result(qtbot, window, lambda: window.parameters.slider("a").setValue(4.5))
    assert result.f is not None
    assert window.plot.y_view()[1] >= float(np.max(result.f))
    result = wait_result(qtbot, window, lambda: window.editor.set_source("1000 + x"))
    lo, hi = window.plot.y_view()
    assert result.f is not None and lo <= float(np.min(result.f)) and hi >= float(np.max(result.f))


def test_a_view_moved_by_hand_is_kept_and_offers_a_fit(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("sin(x)")
    plot = window.plot
    assert plot.following
    wheel(plot, -1)  # zoom out by hand
    assert not plot.following
    moved = plot.y_view()
    # a new function keeps the user's view
    result = wait_result(qtbot, window, lambda: window.editor.set_source("sin(x) + 0.1"))
    assert result.ok
    assert plot.y_view() == pytest.approx(moved)
    assert not plot.offscreen_hint.isVisible()  # the curve is still mostly in view
    # now the curves leave the view
    wait_result(qtbot, window, lambda: window.editor.set_source("sin(x) + 500"))
    assert plot.y_view() == pytest.approx(moved)
    assert f_in_view(window) < 0.5
    assert plot.offscreen_hint.isVisible()
    # one click fits, and the view follows again
    qtbot.mouseClick(plot.offscreen_hint, Qt.MouseButton.LeftButton)
    assert plot.following
    assert f_in_view(window) == 1.0
    assert not plot.offscreen_hint.isVisible()
    result = wait_result(qtbot, window, lambda: window.editor.set_source("sin(x) - 500"))
    assert f_in_view(window) == 1.0


def test_the_hint_goes_when_the_user_pans_back(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("sin(x)")
    plot = window.plot
    wheel(plot, 1)
    plot.set_y_view(100.0, 200.0)  # far above the curve
    assert plot.offscreen_hint.isVisible()
    plot.set_y_view(-2.0, 2.0)
    assert not plot.offscreen_hint.isVisible()


def overlaps(plot: PlotView) -> list[tuple[str, str]]:
    rects = plot.overlay_rects()
    return [(a, b) for a, b in combinations(sorted(rects), 2) if rects[a].intersects(rects[b])]


@pytest.mark.parametrize("source", ["a*sin(x)", "sum(x**2)"])
@pytest.mark.parametrize("size", [(900, 620), (1100, 700), (1280, 800), (1600, 1000)])
def test_readout_legend_and_labels_never_overlap(
    make_window: Callable[..., MainWindow], qtbot: QtBot, source: str, size: tuple[int, int]
) -> None:
    window = make_window(source)
    window.teaching.dock.show()  # the lesson panel narrows the plot
    window.toggles.order.setCurrentIndex(2)  # f′, f″ and f‴: the tallest legend
    wait_result(qtbot, window)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().width() == size[0] or window.width() > size[0])
    wait_result(qtbot, window, window.request_now)
    plot = window.plot
    lo, hi = plot.x_view()
    plot.set_cursor(lo + 0.3 * (hi - lo))
    plot.layout_overlays()
    rects = plot.overlay_rects()
    assert "readout" in rects and "legend" in rects
    if source == "sum(x**2)":
        assert "scalar" in rects
    view = plot.view_rect()
    for name, rect in rects.items():
        assert view.contains(rect.center()), (name, rect, view)
    assert overlaps(plot) == [], (plot.width(), rects)


def test_the_reported_window_puts_the_readout_clear_of_the_legend(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("sum(x**2)")  # the gradient's legend entry is the widest
    plot = window.plot
    window.teaching.dock.show()
    window.resize(1200, 760)  # the default window, lesson panel open: a narrow plot
    qtbot.waitUntil(lambda: plot.width() < 800)
    plot.set_cursor(0.5)
    rects = plot.overlay_rects()
    assert not rects["readout"].intersects(rects["legend"])
    assert not rects["scalar"].intersects(rects["legend"])
    assert not rects["scalar"].intersects(rects["readout"])


# --- a refused backward: f is drawn, and the plot says why f′ is not ----------------------
@pytest.mark.parametrize(
    ("switch", "kind"),
    [("passes", "backward_twice"), ("strict", "nonscalar_backward")],
)
def test_a_refused_backward_draws_f_and_says_why(
    make_window: Callable[..., MainWindow], qtbot: QtBot, switch: str, kind: str
) -> None:
    window = make_window("x**3")
    if switch == "passes":
        result = wait_result(qtbot, window, lambda: window.toggles.passes.setValue(2))
    else:
        result = wait_result(
            qtbot, window, lambda: window.toggles.strict_backward.setChecked(True)
        )
    assert result.error is not None and result.error.kind == kind
    plot = window.plot
    assert not plot.stale
    x = np.asarray(result.x, dtype=np.float64)
    np.testing.assert_allclose(np.asarray(plot.curve("f").yData), x**3, rtol=1e-5)
    assert not plot.curve("df").isVisible()
    assert plot.missing_label.isVisible()
    assert result.error.title in plot.missing_label.text()
    assert window.error_panel.isVisible()
    assert f_in_view(window) == 1.0


def test_an_error_slide_shows_its_f_not_the_old_curves(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("sin(x)")
    slide = Session(source="x**2", backward_passes=2)
    result = wait_result(qtbot, window, lambda: window.apply_session(slide))
    assert result.error is not None and result.error.kind == "backward_twice"
    x = np.asarray(result.x, dtype=np.float64)
    np.testing.assert_allclose(np.asarray(window.plot.curve("f").yData), x**2, rtol=1e-5)
    assert not window.plot.stale


def test_a_broken_slide_leaves_no_greyed_curves_of_the_old_function(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("sin(x)")
    result = wait_result(qtbot, window, lambda: window.apply_session(Session(source="sin(x")))
    assert result.error is not None and result.f is None
    assert not any(c.isVisible() for c in window.plot.curves)
    # typing an error keeps the last good curves greyed, as before
    good = wait_result(qtbot, window, lambda: window.editor.set_source("cos(x)"))
    assert good.ok
    wait_result(qtbot, window, lambda: window.editor.set_source("cos(x"))
    assert window.plot.stale and window.plot.curve("f").isVisible()


def test_a_refused_scalar_f_is_shown_in_view(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("1000 + x")  # a view far from the next f
    slide = Session(source="sqrt(dot(x, x))", x_values=(0.0, 1.0, 2.0, 3.0), backward_passes=2)
    result = wait_result(qtbot, window, lambda: window.apply_session(slide))
    assert result.error is not None and result.scalar_value is not None
    plot = window.plot
    lo, hi = plot.y_view()
    assert lo < result.scalar_value < hi
    assert plot.scalar_label.isVisible() and plot.missing_label.isVisible()
    rects = plot.overlay_rects()
    assert plot.view_rect().contains(rects["scalar"])
    assert not rects["scalar"].intersects(rects["missing"])
