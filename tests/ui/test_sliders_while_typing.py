"""Sliders appear for names still there after a pause in typing; settings stay bounded."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from gradplot.ui import MainWindow, controls
from gradplot.ui.controls import PARAM_MEMORY, ParameterPanel
from tests.ui.conftest import wait_result

TYPED = "def f(x):\n    return a*x"


def prefixes(text: str) -> list[str]:
    return [text[: k + 1] for k in range(len(text))]


def test_names_while_typing_get_no_slider_until_the_pause(qtbot: QtBot) -> None:
    panel = ParameterPanel()
    qtbot.addWidget(panel)
    # what the engine reports key by key: d, de, ... then r, re, ret ... then a
    for names in (["d"], ["de"], ["def"], [], ["r"], ["re"], ["ret"], ["retu"], ["retur"],
                  ["a"]):
        panel.propose_names(names)
    assert panel.names() == ()  # no event loop turn passed: nothing settled yet
    assert panel.pending == ("a",)
    with qtbot.waitSignal(panel.namesSettled, timeout=10_000):
        pass  # the debouncer fires after the pause
    assert panel.names() == ("a",)
    assert panel.findChild(type(panel.row("a")), "param_a") is panel.row("a")
    assert set(panel.slider_values()) == {"a"}  # no trace of the names typed on the way


def test_a_removed_name_goes_at_once_and_keeps_its_value(qtbot: QtBot) -> None:
    panel = ParameterPanel()
    qtbot.addWidget(panel)
    panel.propose_names(["a", "b"])
    panel.settle_now()
    assert panel.names() == ("a", "b")
    panel.row("a").set_value(2.5)
    panel.propose_names(["b"])
    assert panel.names() == ("b",)
    panel.propose_names(["a", "b"])
    panel.settle_now()
    assert panel.row("a").value() == 2.5


def test_a_session_shows_its_sliders_at_once(qtbot: QtBot) -> None:
    panel = ParameterPanel()
    qtbot.addWidget(panel)
    panel.propose_names(["zz"])
    panel.set_names(["a"])  # a file or slide: no pause needed
    assert panel.names() == ("a",) and panel.pending == ()
    panel.settle_now()
    assert panel.names() == ("a",)


def test_memory_keeps_only_recent_names(qtbot: QtBot) -> None:
    panel = ParameterPanel()
    qtbot.addWidget(panel)
    panel.remember({f"old{k}": (float(k), -5.0, 5.0) for k in range(40)})
    assert len(panel.slider_values()) == PARAM_MEMORY
    assert "old39" in panel.slider_values() and "old0" not in panel.slider_values()
    for k in range(PARAM_MEMORY + 5):
        panel.set_names([f"p{k}"])
    state = panel.slider_values()
    assert len(state) == PARAM_MEMORY + 1  # the current row and the remembered ones
    assert f"p{PARAM_MEMORY + 4}" in state and "p0" not in state


def test_typing_key_by_key_leaves_one_parameter_in_the_settings(
    make_window: Callable[..., MainWindow], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the pause never ends by itself here: however slow each evaluation, the test
    # decides when typing paused
    monkeypatch.setattr(controls, "PARAM_SETTLE_MS", 3_600_000)
    window = make_window("x")
    window.activateWindow()
    qtbot.waitActive(window)
    window.editor.setFocus()
    qtbot.waitUntil(window.editor.hasFocus)  # what the keyboard types goes to the editor
    for text in prefixes(TYPED):
        # each keystroke evaluated: the worst case for stray names
        wait_result(qtbot, window, lambda text=text: window.editor.set_source(text))
    assert window.parameters.pending == ("a",) and window.parameters.names() == ()
    window.parameters.settle_now()
    assert window.parameters.names() == ("a",)
    window.save_settings()
    params = json.loads(str(window._settings.value("params")))
    assert set(params) == {"a"}, params


def test_a_function_not_typed_gets_its_sliders_at_once(
    make_window: Callable[..., MainWindow], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(controls, "PARAM_SETTLE_MS", 3_600_000)
    window = make_window("a*sin(b*x)")  # from the command line or the settings
    assert window.parameters.names() == ("a", "b")
    window.plot.setFocus()  # e.g. a button or a slide put the new source in
    wait_result(qtbot, window, lambda: window.editor.set_source("c*x"))
    assert window.parameters.names() == ("c",) and window.parameters.pending == ()
