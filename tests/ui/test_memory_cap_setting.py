"""The engine's memory cap as a setting: Edit ▸ Engine memory cap…, stored, given to the
engine process with the next request (its address-space limit on Linux)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from gradplot.engine_process import DEFAULT_MEMORY_LIMIT_MB
from gradplot.ui.main_window import MEMORY_LIMIT_KEY, MainWindow, make_settings
from tests.ui.conftest import wait_result

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc limits")


def _address_space_limit(pid: int) -> str:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max address space"):
            return line.split()[3]
    raise AssertionError(f"no address-space limit listed for {pid}")


def _choose(monkeypatch: pytest.MonkeyPatch, window: MainWindow, value: int, ok: bool) -> None:
    asked: list[int] = []

    def get_int(_parent: object, _title: str, _label: str, current: int, *_rest: int
                ) -> tuple[int, bool]:
        asked.append(current)
        return value, ok

    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(get_int))
    before = window.evaluation.memory_limit_mb
    window.registry.action("memory_limit").trigger()
    assert asked == [before]  # the question starts from the cap in force


@linux_only
def test_the_cap_chosen_in_the_menu_is_kept_and_reaches_the_engine(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = window.evaluator.link
    assert link is not None and link.pid is not None
    assert window.evaluation.memory_limit_mb == DEFAULT_MEMORY_LIMIT_MB
    assert _address_space_limit(link.pid) != "unlimited"  # the default cap holds

    _choose(monkeypatch, window, 0, ok=True)  # no cap
    assert make_settings().value(MEMORY_LIMIT_KEY) in (0, "0")
    assert link.memory_limit_mb == 0
    wait_result(qtbot, window, lambda: window.editor.set_source("x * 2"), source="x * 2")
    assert link.pid is not None
    assert _address_space_limit(link.pid) == "unlimited"

    _choose(monkeypatch, window, 3072, ok=True)
    wait_result(qtbot, window, lambda: window.editor.set_source("x * 3"), source="x * 3")
    limit = _address_space_limit(link.pid)
    assert limit != "unlimited"
    # the engine's own size plus the allowance: at least the allowance
    assert int(limit) >= 3072 * 2**20

    # a new window starts with the stored cap
    again = MainWindow("sin(x)", evaluate=None)
    qtbot.addWidget(again)
    assert again.evaluation.memory_limit_mb == 3072
    window.set_memory_limit(DEFAULT_MEMORY_LIMIT_MB)  # the shared engine as other tests expect


def test_cancelling_the_question_changes_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow("x", persist=True, restore=False)
    qtbot.addWidget(window)
    _choose(monkeypatch, window, 10, ok=False)
    assert window.evaluation.memory_limit_mb == DEFAULT_MEMORY_LIMIT_MB
    assert make_settings().value(MEMORY_LIMIT_KEY) is None


def test_a_window_that_keeps_no_settings_still_caps_its_engine(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow("x", persist=False, restore=False)
    qtbot.addWidget(window)
    _choose(monkeypatch, window, 512, ok=True)
    assert window.evaluation.memory_limit_mb == 512
    assert make_settings().value(MEMORY_LIMIT_KEY) is None  # persist=False writes nothing
    window.set_memory_limit(DEFAULT_MEMORY_LIMIT_MB)
