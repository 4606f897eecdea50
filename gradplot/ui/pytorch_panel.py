"""Show as PyTorch: the plain PyTorch script for the current request, copyable."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gradplot.engine import Request
from gradplot.engine.pytorch_script import to_pytorch_script
from gradplot.ui.i18n import tr


def script_for(request: Request, scalar_output: bool | None = None) -> str:
    """The script, or a comment saying why there is none (never raises)."""
    try:
        return to_pytorch_script(request, scalar_output=scalar_output)
    except SyntaxError:
        return "# " + tr("Fix the syntax error in f to see the PyTorch script.")
    except Exception as exc:  # a function the script writer cannot express
        return "# " + tr("No PyTorch script for this function:") + f" {type(exc).__name__}: {exc}"


class PyTorchPanel(QWidget):
    """A read-only, monospace view of ``to_pytorch_script(request)`` with a Copy button.

    ``set_request`` is cheap when the panel is hidden: the text is only built when the
    panel is (or becomes) visible.
    """

    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pytorchPanel")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        self.heading = QLabel("The same computation in plain PyTorch, ready for a notebook:")
        self.heading.setWordWrap(True)
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setObjectName("pytorchCopy")
        self.copy_button.setToolTip("Copy the whole script to the clipboard")
        self.copy_button.setAccessibleName("Copy the PyTorch script")
        self.copy_button.clicked.connect(self.copy)
        row.addWidget(self.heading, 1)
        row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        self.text = QPlainTextEdit()
        self.text.setObjectName("pytorchScript")
        self.text.setReadOnly(True)
        self.text.setAccessibleName("PyTorch script")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.heading.setBuddy(self.text)
        lay.addLayout(row)
        lay.addWidget(self.text, 1)
        self._request: Request | None = None
        self._scalar: bool | None = None
        self._shown_for: tuple[Request, bool | None] | None = None

    @property
    def request(self) -> Request | None:
        return self._request

    def script(self) -> str:
        return self.text.toPlainText()

    def set_request(self, request: Request, scalar_output: bool | None = None) -> None:
        self._request = request
        self._scalar = scalar_output
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        if self._request is None:
            return
        key = (self._request, self._scalar)
        if key == self._shown_for:
            return
        self._shown_for = key
        text = script_for(self._request, self._scalar)
        if text != self.text.toPlainText():
            bar = self.text.verticalScrollBar()
            pos = bar.value()
            self.text.setPlainText(text)
            bar.setValue(pos)

    def retranslated(self) -> None:
        """The language changed: comments of the fallback text may need rebuilding."""
        self._shown_for = None
        if self.isVisible():
            self.refresh()

    def copy(self) -> None:
        self.refresh()
        text = self.script()
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(text)
        self.copied.emit(text)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.refresh()
