"""The code editor on its own: indentation, tabs, undo/redo, the error marker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gradplot.ui.editor import CodeEditor


def make(qtbot: QtBot, text: str = "") -> CodeEditor:
    editor = CodeEditor()
    qtbot.addWidget(editor)
    editor.setPlainText(text)  # a fresh document: nothing to undo yet
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    return editor


def test_auto_indent_after_colon(qtbot: QtBot) -> None:
    editor = make(qtbot, "def f(x):")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "if x > 0:")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "return x")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "y = 1")
    assert editor.source() == "def f(x):\n    if x > 0:\n        return x\n    y = 1"


def test_tab_is_four_spaces_and_backtab_dedents(qtbot: QtBot) -> None:
    editor = make(qtbot, "")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.keyClicks(editor, "x")
    assert editor.source() == "    x"
    qtbot.keyClick(editor, Qt.Key.Key_Backtab)
    assert editor.source() == "x"
    editor.set_source("  ")
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.source() == "    "
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert editor.source() == ""


def test_selected_lines_indent_together(qtbot: QtBot) -> None:
    editor = make(qtbot, "a = 1\nb = 2")
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.source() == "    a = 1\n    b = 2"
    qtbot.keyClick(editor, Qt.Key.Key_Backtab)
    assert editor.source() == "a = 1\nb = 2"


def test_undo_redo(qtbot: QtBot) -> None:
    editor = make(qtbot, "sin(x)")
    qtbot.keyClicks(editor, " + 1")
    assert editor.source() == "sin(x) + 1"
    editor.undo()
    assert editor.source() == "sin(x)"
    editor.redo()
    assert editor.source() == "sin(x) + 1"
    editor.set_source("cos(x)")  # replacing everything is one undoable step
    editor.undo()
    assert editor.source() == "sin(x) + 1"


def test_error_marker(qtbot: QtBot) -> None:
    editor = make(qtbot, "def f(x):\n    return foo(x)\n")
    seen: list[str] = []
    editor.sourceChanged.connect(seen.append)
    editor.set_error_position(2, 12)
    assert editor.error_position == (2, 12)
    marks = editor.extraSelections()
    underlined = [m for m in marks if m.cursor.hasSelection()]
    assert underlined and underlined[-1].cursor.selectedText() == "foo"
    editor.set_error_position(99, 1)  # beyond the text: ignored, not a crash
    assert editor.error_position == (None, None)
    editor.clear_error_position()
    assert all(not m.cursor.hasSelection() for m in editor.extraSelections())
    assert seen == []  # marking never edits the text


def test_line_numbers_margin_grows(qtbot: QtBot) -> None:
    editor = make(qtbot, "x")
    narrow = editor.line_number_width()
    editor.set_source("\n".join("x" for _ in range(120)))
    assert editor.line_number_width() > narrow
