"""The code editor: Python highlighting, line numbers, auto-indent, the error marker."""

from __future__ import annotations

import keyword
import re

from PySide6.QtCore import QRect, QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

INDENT = "    "

# The names a user may call (kept in step with the engine's namespace; only used for colour).
KNOWN_FUNCTIONS = (
    "sin", "cos", "tan", "exp", "log", "log1p", "sqrt", "abs", "where", "dot", "relu",
    "sigmoid", "tanh", "softplus", "clamp", "maximum", "minimum", "sign", "atan", "sinh",
    "cosh", "norm", "sum", "mean", "max", "min", "range", "detach", "pow", "all", "any",
    "float", "int", "len", "print",
)
CONSTANTS = ("pi", "e", "True", "False", "None")

# Okabe–Ito-derived colours that read on a light background.
_COLOURS = {
    "keyword": "#0072B2",
    "function": "#8a4f00",
    "number": "#009E73",
    "string": "#a0467f",
    "comment": "#767676",
    "variable": "#D55E00",
    "constant": "#0072B2",
}


def _format(colour: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


class PythonHighlighter(QSyntaxHighlighter):
    """Colours keywords, known functions, numbers, strings, comments and ``x``."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        words = "|".join(keyword.kwlist)
        funcs = "|".join(KNOWN_FUNCTIONS)
        consts = "|".join(CONSTANTS)
        self._rules: list[tuple[QRegularExpression, QTextCharFormat]] = [
            (QRegularExpression(rf"\b({funcs})\b(?=\s*\()"), _format(_COLOURS["function"])),
            (QRegularExpression(rf"\b({consts})\b"), _format(_COLOURS["constant"], italic=True)),
            (QRegularExpression(rf"\b({words})\b"), _format(_COLOURS["keyword"], bold=True)),
            (QRegularExpression(r"\bx\b"), _format(_COLOURS["variable"], bold=True)),
            (
                QRegularExpression(
                    r"\b(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|"
                    r"(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d+)?j?)\b"
                ),
                _format(_COLOURS["number"]),
            ),
            (QRegularExpression(r"'[^'\n]*'|\"[^\"\n]*\""), _format(_COLOURS["string"])),
            (QRegularExpression(r"#[^\n]*"), _format(_COLOURS["comment"], italic=True)),
        ]

    def highlightBlock(self, text: str) -> None:
        for pattern, fmt in self._rules:
            it = pattern.globalMatch(text)
            while it.hasNext():
                match = it.next()
                self.setFormat(match.capturedStart(), match.capturedLength(), fmt)


class _LineNumberArea(QWidget):
    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self._editor.line_number_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._editor.paint_line_numbers(event)


_DEDENT_AFTER = re.compile(r"^\s*(return|pass|break|continue|raise)\b")


class CodeEditor(QPlainTextEdit):
    """A small Python editor for ``f``.

    ``sourceChanged(str)`` fires on every edit. :meth:`set_error_position` marks the
    line (and column) the engine reported; :meth:`clear_error_position` removes it.
    """

    sourceChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editor")
        self.setAccessibleName("Function source")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabChangesFocus(False)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.setPlaceholderText("sin(x)   or   def f(x): ...")
        self._highlighter = PythonHighlighter(self.document())
        self._numbers = _LineNumberArea(self)
        self._error_line: int | None = None
        self._error_column: int | None = None
        self.blockCountChanged.connect(self._update_margin)
        self.updateRequest.connect(self._on_update_request)
        self.cursorPositionChanged.connect(self._refresh_selections)
        self.textChanged.connect(self._on_text_changed)
        self._update_margin()

    # --- source ----------------------------------------------------------------------
    def source(self) -> str:
        return self.toPlainText()

    def set_source(self, text: str) -> None:
        """Replace the whole text as one undoable edit."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()

    def _on_text_changed(self) -> None:
        self.sourceChanged.emit(self.toPlainText())

    # --- error marker ----------------------------------------------------------------
    @property
    def error_position(self) -> tuple[int | None, int | None]:
        return self._error_line, self._error_column

    def set_error_position(self, line: int | None, column: int | None) -> None:
        if line is not None and not 1 <= line <= self.blockCount():
            line, column = None, None
        if (line, column) == (self._error_line, self._error_column):
            return
        self._error_line, self._error_column = line, column
        self._refresh_selections()
        self._numbers.update()

    def clear_error_position(self) -> None:
        self.set_error_position(None, None)

    def _refresh_selections(self) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        current = QTextEdit.ExtraSelection()
        current.format.setBackground(QColor("#f3f6fa"))
        current.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        current.cursor = self.textCursor()
        current.cursor.clearSelection()
        selections.append(current)
        if self._error_line is not None:
            block = self.document().findBlockByNumber(self._error_line - 1)
            line_sel = QTextEdit.ExtraSelection()
            line_sel.format.setBackground(QColor("#fde8e4"))
            line_sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            line_sel.cursor = QTextCursor(block)
            selections.append(line_sel)
            text = block.text()
            col = (self._error_column or 1) - 1
            col = min(max(col, 0), max(len(text) - 1, 0))
            end = col + 1
            while end < len(text) and (text[end].isalnum() or text[end] == "_"):
                end += 1
            if self._error_column is None:
                col, end = len(text) - len(text.lstrip()), len(text)
            if end > col:
                mark = QTextEdit.ExtraSelection()
                mark.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                mark.format.setUnderlineColor(QColor("#D55E00"))
                mark.format.setBackground(QColor("#f9c6b8"))
                cursor = QTextCursor(block)
                cursor.setPosition(block.position() + col)
                cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
                mark.cursor = cursor
                selections.append(mark)
        self.setExtraSelections(selections)

    # --- line numbers ----------------------------------------------------------------
    def line_number_width(self) -> int:
        digits = max(2, len(str(self.blockCount())))
        return 14 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_margin(self, _count: int = 0) -> None:
        self.setViewportMargins(self.line_number_width(), 0, 0, 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self._numbers.scroll(0, dy)
        else:
            self._numbers.update(0, rect.y(), self._numbers.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self._update_margin()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self._numbers.setGeometry(QRect(cr.left(), cr.top(), self.line_number_width(), cr.height()))

    def paint_line_numbers(self, event: QPaintEvent) -> None:
        painter = QPainter(self._numbers)
        painter.fillRect(event.rect(), QColor("#eef0f3"))
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        width = self._numbers.width()
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                is_error = self._error_line == number + 1
                if is_error:
                    painter.fillRect(0, top, width, height, QColor("#D55E00"))
                    painter.setPen(QColor("white"))
                else:
                    painter.setPen(QColor("#8a8f98"))
                painter.drawText(
                    0, top, width - 6, height, Qt.AlignmentFlag.AlignRight, str(number + 1)
                )
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()

    # --- keys: tabs are four spaces, Enter keeps (and after ':' adds) indentation ------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers()
        extra = mods & ~Qt.KeyboardModifier.KeypadModifier & ~Qt.KeyboardModifier.ShiftModifier
        plain = not extra
        if key == Qt.Key.Key_Tab and plain and not (mods & Qt.KeyboardModifier.ShiftModifier):
            self._indent()
            return
        if key == Qt.Key.Key_Backtab:
            self._dedent()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self._newline()
            return
        if key == Qt.Key.Key_Backspace and plain and self._backspace_indent():
            return
        super().keyPressEvent(event)

    def _selected_blocks(self) -> tuple[int, int]:
        cursor = self.textCursor()
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart()).blockNumber()
        last_pos = cursor.selectionEnd()
        last = doc.findBlock(last_pos).blockNumber()
        at_line_start = doc.findBlock(last_pos).position() == last_pos
        if cursor.hasSelection() and at_line_start and last > first:
            last -= 1
        return first, last

    def _indent(self) -> None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            col = cursor.positionInBlock()
            cursor.insertText(" " * (4 - col % 4))
            return
        first, last = self._selected_blocks()
        cursor.beginEditBlock()
        for n in range(first, last + 1):
            c = QTextCursor(self.document().findBlockByNumber(n))
            c.insertText(INDENT)
        cursor.endEditBlock()

    def _dedent(self) -> None:
        first, last = self._selected_blocks()
        cursor = self.textCursor()
        cursor.beginEditBlock()
        for n in range(first, last + 1):
            block = self.document().findBlockByNumber(n)
            text = block.text()
            remove = len(text) - len(text.lstrip(" "))
            remove = min(remove, 4)
            if remove:
                c = QTextCursor(block)
                c.movePosition(
                    QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, remove
                )
                c.removeSelectedText()
        cursor.endEditBlock()

    def _newline(self) -> None:
        cursor = self.textCursor()
        text = cursor.block().text()[: cursor.positionInBlock()]
        indent = text[: len(text) - len(text.lstrip(" \t"))].replace("\t", INDENT)
        code = text.split("#", 1)[0].rstrip()
        if code.endswith(":"):
            indent += INDENT
        elif _DEDENT_AFTER.match(code) and len(indent) >= 4:
            indent = indent[:-4]
        cursor.beginEditBlock()
        cursor.insertText("\n" + indent)
        cursor.endEditBlock()
        self.ensureCursorVisible()

    def _backspace_indent(self) -> bool:
        cursor = self.textCursor()
        if cursor.hasSelection():
            return False
        before = cursor.block().text()[: cursor.positionInBlock()]
        if not before or before.strip(" ") or len(before) < 1:
            return False
        remove = len(before) % 4 or 4
        cursor.movePosition(
            QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, remove
        )
        cursor.removeSelectedText()
        return True
