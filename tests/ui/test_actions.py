"""The action registry: menus by id, entries by (section, order), one toolbar."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar
from pytestqt.qtbot import QtBot

from gradplot.ui.actions import ActionRegistry


def _texts(menu: QMenu) -> list[str]:
    return ["---" if a.isSeparator() else a.text() for a in menu.actions()]


def test_menus_and_entries_are_placed_by_id_section_and_order(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    registry = ActionRegistry(window)
    registry.add_menu("help", "&Help", 90)
    registry.add_menu("file", "&File", 0)
    registry.add("quit", "&Quit", window.close, menu="file", section="quit", order=100)
    # registered later, shown first: the order decides, not who came first
    opened: list[bool] = []
    registry.add("open", "&Open…", lambda: opened.append(True), menu="file", section="open",
                 order=10, shortcut="Ctrl+O", object_name="openAction", toolbar=5)
    recent = registry.add_submenu("recent", "Open &Recent", menu="file", section="open",
                                  order=20, about_to_show=lambda m: m.addAction("one"))
    registry.add("save", "&Save", None, menu="file", section="save", order=30)
    registry.add_menu("view", "&View", 50)
    checked: list[bool] = []
    tangent = registry.add("tangent", "&Tangent", checked.append, menu="view", checkable=True,
                           toolbar=True, tooltip="Tangent line")
    registry.add("about", "&About", None, menu="help")
    registry.add_menu("lesson", "&Lesson", 60)  # nothing registered: not shown

    registry.build_menu_bar(window.menuBar())
    tops = [a.menu() for a in window.menuBar().actions()]
    assert [m.title() for m in tops if isinstance(m, QMenu)] == ["&File", "&View", "&Help"]
    file_menu = registry.menu("file")
    assert _texts(file_menu) == ["&Open…", "Open &Recent", "---", "&Save", "---", "&Quit"]
    assert registry.actions("file")[1] is recent.menuAction()
    assert window.findChild(QAction, "openAction") is registry.action("open")
    assert registry.action("open").shortcut().toString() == "Ctrl+O"

    registry.action("open").trigger()
    assert opened == [True]
    tangent.trigger()
    assert checked == [True] and tangent.toolTip() == "Tangent line"

    toolbar = QToolBar()
    window.addToolBar(toolbar)
    registry.build_toolbar(toolbar)
    assert toolbar.actions() == [tangent, registry.action("open")]  # True counts as 0

    # building again gives the same menus, nothing twice
    registry.build_menu_bar(window.menuBar())
    assert len(window.menuBar().actions()) == 3
    assert _texts(file_menu) == ["&Open…", "Open &Recent", "---", "&Save", "---", "&Quit"]


def test_an_existing_action_and_a_submenu_with_entries(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    registry = ActionRegistry(window)
    registry.add_menu("view", "&View", 0)
    own = QAction("dock", window)
    got = registry.add("dock", "&Values", own, menu="view", shortcut="Ctrl+Shift+L",
                       object_name="valuesAction")
    assert got is own and own.text() == "&Values" and own.objectName() == "valuesAction"
    registry.add_submenu("language", "&Language", menu="view", section="lang", order=10)
    registry.add("en", "English", None, menu="language", checkable=True, checked=True)
    registry.add("zh", "简体中文", None, menu="language", checkable=True)
    registry.build_menu_bar(window.menuBar())
    language = registry.menu("language")
    assert _texts(language) == ["English", "简体中文"]
    assert registry.action("en").isChecked() and not registry.action("zh").isChecked()
    assert _texts(registry.menu("view")) == ["&Values", "---", "&Language"]


def test_ids_are_unique_and_menus_must_exist(qtbot: QtBot) -> None:
    import pytest

    registry = ActionRegistry()
    registry.add_menu("file", "&File", 0)
    registry.add("quit", "&Quit", None, menu="file")
    with pytest.raises(ValueError):
        registry.add("quit", "&Quit", None, menu="file")
    with pytest.raises(ValueError):
        registry.add_menu("file", "&File", 0)
    with pytest.raises(KeyError):
        registry.add("x", "x", None, menu="nowhere")
