"""The explained error (title, why, the fix as code, the raw message) and the notes."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gradplot.engine import ErrorInfo, Note
from gradplot.ui.i18n import (
    current_language,
    localize_error,
    localize_note,
    note_head,
    trf,
    where_text,
)

FIX_BUTTON_CHARS = 40  # longer fixes are shown in full below the button


class ErrorPanel(QFrame):
    """Shows one ErrorInfo; hidden when there is none.

    An error that carries a ``fix`` (the whole source, corrected) gets a button that
    emits :attr:`fixRequested` with it: the window puts it in the editor as one edit.
    """

    fixRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorPanel")
        self.setAccessibleName("Error")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#errorPanel { background: #fff4f1; border: 1px solid #D55E00; border-radius: 4px; }"
            "#errorPanel QLabel { background: transparent; }"
        )
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.setSpacing(4)
        self.title = QLabel()
        self.title.setObjectName("errorTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explanation = QLabel()
        self.explanation.setObjectName("errorExplanation")
        self.explanation.setWordWrap(True)
        # plain text: "A function's argument" must not show as "function&#x27;s"
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        fix_row = QHBoxLayout()
        fix_label = QLabel("<b>Fix</b>")
        self.copy_button = QToolButton()
        self.copy_button.setText("Copy")
        self.copy_button.setToolTip("Copy the fix to the clipboard")
        self.copy_button.clicked.connect(self._copy_hint)
        self.fix_button = QPushButton()
        self.fix_button.setObjectName("errorFixButton")
        self.fix_button.setToolTip(
            "Replace the function with this Python (Ctrl+Z brings back what you typed)"
        )
        self.fix_button.setVisible(False)
        self.fix_button.clicked.connect(self._use_fix)
        fix_row.addWidget(fix_label)
        fix_row.addWidget(self.fix_button)
        fix_row.addStretch(1)
        fix_row.addWidget(self.copy_button)
        self.hint = QLabel()
        self.hint.setObjectName("errorHint")
        self.hint.setFont(mono)
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint.setStyleSheet(
            "QLabel { background: #ffffff; border: 1px solid #e3c9bf; padding: 4px; }"
        )
        self.raw_toggle = QToolButton()
        self.raw_toggle.setObjectName("errorRawToggle")
        self.raw_toggle.setText("PyTorch's own message")
        self.raw_toggle.setCheckable(True)
        self.raw_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.raw_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.raw_toggle.setAutoRaise(True)
        self.raw_toggle.toggled.connect(self._on_raw_toggled)
        self.raw = QPlainTextEdit()
        self.raw.setObjectName("errorRaw")
        self.raw.setReadOnly(True)
        self.raw.setFont(mono)
        self.raw.setMaximumHeight(90)
        self.raw.setVisible(False)
        lay.addWidget(self.title)
        lay.addWidget(self.explanation)
        lay.addLayout(fix_row)
        lay.addWidget(self.hint)
        lay.addWidget(self.raw_toggle)
        lay.addWidget(self.raw)
        self._error: ErrorInfo | None = None
        self.setVisible(False)

    @property
    def error(self) -> ErrorInfo | None:
        return self._error

    def show_error(self, error: ErrorInfo) -> None:
        self._error = error
        error = localize_error(error)  # the UI language (English: unchanged)
        where = where_text(error)
        where_html = (
            f" <span style='color:#8a4f00; font-weight:normal'>({html.escape(where)})</span>"
            if where
            else ""
        )
        self.title.setText(
            f"<span style='color:#a33a00; font-size:large'><b>{html.escape(error.title)}</b>"
            f"</span>{where_html}"
        )
        self.explanation.setText(error.explanation)
        self.hint.setText(error.hint or "")
        has_hint = bool(error.hint)
        self.hint.setVisible(has_hint)
        self.copy_button.setVisible(has_hint)
        if error.fix:
            lines = error.fix.splitlines() or [""]
            short = lines[0]
            if len(lines) > 1 or len(short) > FIX_BUTTON_CHARS:
                short = short[:FIX_BUTTON_CHARS].rstrip() + " …"
            self.fix_button.setText(trf("Use %1", short))
        self.fix_button.setVisible(bool(error.fix))
        self.raw.setPlainText(error.raw or "")
        self.raw_toggle.setVisible(bool(error.raw))
        self.raw.setVisible(bool(error.raw) and self.raw_toggle.isChecked())
        self.setVisible(True)

    def clear(self) -> None:
        self._error = None
        self.setVisible(False)

    def _use_fix(self) -> None:
        if self._error is not None and self._error.fix:
            self.fixRequested.emit(self._error.fix)

    def _on_raw_toggled(self, on: bool) -> None:
        self.raw_toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.raw.setVisible(on and bool(self.raw.toPlainText()))

    def _copy_hint(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.hint.text())


class NotesPanel(QFrame):
    """Information about a successful evaluation (never styled as an error)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesPanel")
        self.setAccessibleName("Notes")
        self.setStyleSheet(
            "#notesPanel { background: #eef6fc; border: 1px solid #56B4E9; border-radius: 4px; }"
            "#notesPanel QLabel { background: transparent; }"
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setObjectName("notesText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.label)
        self._notes: tuple[Note, ...] = ()
        self.setVisible(False)

    @property
    def notes(self) -> tuple[Note, ...]:
        return self._notes

    def show_notes(self, notes: tuple[Note, ...], output: str = "") -> None:
        items = list(notes)
        if output.strip() and not any(n.kind == "output" for n in items):
            items.append(Note(kind="output", message=output.rstrip()))
        self._notes = tuple(items)
        if not items:
            self.setVisible(False)
            self.label.clear()
            return
        parts = []
        colon = "：" if current_language() == "zh" else ":"
        for note in items:
            head = note_head(note.kind, note.line)  # in the UI language, as the body
            body = html.escape(localize_note(note).message)
            if note.kind == "output":
                body = f"<pre style='margin:0'>{body[:2000]}</pre>"
            # no symbol glyph: many classroom machines lack a font that has one
            parts.append(
                f"<span style='color:#0072B2'><b>{html.escape(head)}{colon}</b></span> {body}"
            )
        self.label.setText("<br>".join(parts))
        self.setVisible(True)
