"""The app's staged window: painted before its plot exists, whole from ``ready`` on.

The order is asserted on the signals the window emits (never on how long a step took):
first paint, then ``ready`` (the plot and the tools on it), then the engine's results.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from gradplot.engine import evaluate
from gradplot.ui import i18n
from gradplot.ui.main_window import MainWindow, make_settings
from gradplot.ui.plot_view import PlotView
from tests.ui.conftest import RESULT_TIMEOUT_MS, wait_result


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


def _staged(qtbot: QtBot, source: str = "sin(x)", **kwargs: Any) -> MainWindow:
    window = MainWindow(source, staged=True, evaluate=evaluate, **kwargs)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    return window


def test_paints_first_then_builds_the_plot_then_draws(qtbot: QtBot) -> None:
    window = _staged(qtbot)
    events: list[str] = []
    window.firstPaint.connect(lambda: events.append("painted"))
    window.ready.connect(lambda: events.append("ready"))
    window.resultShown.connect(lambda _r: events.append("result"))
    window.when_ready(lambda: events.append("when_ready"))

    assert not window.is_ready
    assert not hasattr(window, "plot")  # the plot's place is held, nothing is built yet
    slot = window.splitter.widget(1)
    assert slot is not None and slot.objectName() == "plotSlot"
    assert window.editor.source() == "sin(x)"  # what the user sees first is already there

    window.show()
    result = wait_result(qtbot, window)
    assert events[:3] == ["painted", "ready", "when_ready"]
    assert events[3] == "result"

    assert window.is_ready
    assert isinstance(window.plot, PlotView)
    assert window.splitter.widget(1) is window.plot
    assert window.splitter.count() == 2
    assert result.ok and result.f is not None
    assert window.plot.result is result  # drawn
    # the request sampled the plot's own width ("auto" points), not a guess
    assert window.last_request is not None
    assert window.last_request.points == window.evaluation.auto_point_count()

    later: list[str] = []
    window.when_ready(lambda: later.append("now"))  # already whole: called at once
    assert later == ["now"]


def test_every_menu_entry_and_tool_exists_once_ready(qtbot: QtBot) -> None:
    window = _staged(qtbot)
    tops_before = [a.text() for a in window.menuBar().actions()]
    with qtbot.waitSignal(window.ready, timeout=RESULT_TIMEOUT_MS):
        window.show()
    tops_after = [a.text() for a in window.menuBar().actions()]
    assert tops_before == tops_after  # the menus stay where they were
    assert "&Lesson" in tops_after
    for action_id in ("tangent", "fit", "projector", "graph", "lessons_panel", "quit"):
        assert window.registry.action(action_id) is not None
    assert window.toolbar.actions()  # the classroom's entries
    assert window.files is not None and window.teaching is not None
    eager = MainWindow("sin(x)", persist=False, restore=False)
    qtbot.addWidget(eager)
    names = [a.objectName() or a.text() for a in window.registry.actions("view")]
    eager_names = [a.objectName() or a.text() for a in eager.registry.actions("view")]
    assert names == eager_names  # staged or not: the same window


def test_typing_before_the_plot_exists_is_what_gets_drawn(qtbot: QtBot) -> None:
    window = _staged(qtbot)
    window.show()
    window.editor.set_source("x**2")  # while the plot is still being built
    result = wait_result(qtbot, window, source="x**2")
    assert result.f is not None
    assert result.f[-1] == pytest.approx(result.x[-1] ** 2)


def test_docks_and_tangent_come_back_in_a_staged_window(qtbot: QtBot) -> None:
    first = MainWindow("sin(x)")
    qtbot.addWidget(first)
    first.resize(1200, 800)
    first.show()
    qtbot.waitExposed(first)
    first.classroom.graph_dock.show()
    first.plot.set_tangent_visible(True)
    first.save_settings()
    first.close()

    again = _staged(qtbot)
    with qtbot.waitSignal(again.ready, timeout=RESULT_TIMEOUT_MS):
        again.show()
    qtbot.waitUntil(lambda: again.classroom.graph_dock.isVisible(), timeout=5_000)
    assert again.plot.tangent_visible


def test_nothing_is_saved_before_the_window_is_whole(qtbot: QtBot) -> None:
    settings = make_settings()
    settings.clear()
    window = _staged(qtbot, settings=settings)
    window.save_settings()  # e.g. the save timer: no half a window's layout is written
    assert settings.value("windowState") is None


def test_closed_before_its_first_paint_ends_cleanly(qtbot: QtBot) -> None:
    window = _staged(qtbot)
    assert window.close()  # never shown: the files controller still has its say
    assert window.is_ready
    assert not window.evaluation.started


def test_first_paint_is_in_the_chosen_language(qtbot: QtBot) -> None:
    i18n.set_language("zh")
    window = _staged(qtbot)
    chinese = i18n.translate("Vector input")
    assert chinese != "Vector input"
    texts = {w.text() for w in window.toggles.findChildren(QWidget) if hasattr(w, "text")}
    assert chinese in texts  # before show: the first paint is Chinese already
    with qtbot.waitSignal(window.ready, timeout=RESULT_TIMEOUT_MS):
        window.show()
    # what came with the plot is translated too
    assert window.registry.action("projector").text() == i18n.translate("Pro&jector mode")
