"""The lesson panel: a view of a :class:`~gradplot.model.lesson_state.LessonState`.

The panel shows the decks, the current slide and the deck-editing buttons; every click
is an edit of the LessonState, and the panel redraws from the state's events
(``_on_*``). The expected-derivative field is bound to ``PlotState.reference``.
:class:`SlideKeys` turns presentation clicker keys (PageDown/PageUp always;
Right/Left/Space when no text field has focus) into slide navigation.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gradplot.engine import Result
from gradplot.model.lesson_state import DeckEntry, LessonState
from gradplot.model.plot_state import PlotState
from gradplot.model.session import Slide
from gradplot.ui.i18n import current_language, tr


class SlideDialog(QDialog):
    """Edit a slide's title, notes and "what to notice" (in the current language)."""

    def __init__(self, slide: Slide, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Edit slide"))
        self.setObjectName("slideDialog")
        form = QFormLayout(self)
        self.title_edit = QLineEdit(slide.title.get(language))
        self.notes_edit = QPlainTextEdit(slide.notes.get(language))
        self.notice_edit = QPlainTextEdit(slide.notice.get(language))
        for edit in (self.notes_edit, self.notice_edit):
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(90)
        form.addRow(tr("&Title"), self.title_edit)
        form.addRow(tr("&Notes"), self.notes_edit)
        form.addRow(tr("What to &notice"), self.notice_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, 420)


class LessonPanel(QWidget):
    """Deck picker, slide view, navigation and deck editing, bound to ``lessons``."""

    def __init__(self, lessons: LessonState, state: PlotState,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.lessons = lessons
        self.state = state
        self._muted = False

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(6)

        self.deck_combo = QComboBox()
        self.deck_combo.setObjectName("deckPicker")
        self.deck_combo.currentIndexChanged.connect(self._on_deck_picked)
        self.deck_label = QLabel()
        self.deck_label.setBuddy(self.deck_combo)
        lay.addWidget(self.deck_label)
        lay.addWidget(self.deck_combo)

        nav = QHBoxLayout()
        self.prev_button = QPushButton()
        self.prev_button.setObjectName("previousSlide")
        self.prev_button.clicked.connect(lambda: self.lessons.previous_slide())
        self.counter = QLabel()
        self.counter.setObjectName("slideCounter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextSlide")
        self.next_button.clicked.connect(lambda: self.lessons.next_slide())
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("resetSlide")
        self.reset_button.clicked.connect(lambda: self.lessons.reset_slide())
        nav.addWidget(self.prev_button)
        nav.addWidget(self.counter, 1)
        nav.addWidget(self.next_button)
        nav.addWidget(self.reset_button)
        lay.addLayout(nav)

        self.title = QLabel()
        self.title.setObjectName("slideTitle")
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.notes = QLabel()
        self.notes.setObjectName("slideNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.notice_box = QFrame()
        self.notice_box.setObjectName("noticeBox")
        self.notice_box.setStyleSheet(
            "#noticeBox { background: #eef6fb; border: 1px solid #0072B2; border-radius: 4px; }"
            "#noticeBox QLabel { background: transparent; }"
        )
        nb = QVBoxLayout(self.notice_box)
        nb.setContentsMargins(8, 6, 8, 6)
        self.notice_heading = QLabel()
        self.notice = QLabel()
        self.notice.setObjectName("slideNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        nb.addWidget(self.notice_heading)
        nb.addWidget(self.notice)
        self.expected = QLabel()
        self.expected.setObjectName("expectedError")
        self.expected.setWordWrap(True)
        self.expected.setStyleSheet(
            "QLabel { background: #fff8e6; border: 1px solid #E69F00; border-radius: 4px;"
            " padding: 4px 6px; }"
        )
        self.expected.setVisible(False)
        self.x_values_label = QLabel()
        self.x_values_label.setObjectName("xValues")
        self.x_values_label.setWordWrap(True)
        self.x_values_label.setStyleSheet("QLabel { color: #555; }")

        body = QWidget()
        body_lay = QVBoxLayout(body)
        body_lay.setContentsMargins(0, 0, 0, 0)
        body_lay.addWidget(self.title)
        body_lay.addWidget(self.notes)
        body_lay.addWidget(self.notice_box)
        body_lay.addWidget(self.expected)
        body_lay.addWidget(self.x_values_label)
        body_lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        lay.addWidget(scroll, 3)

        self.slide_list = QListWidget()
        self.slide_list.setObjectName("slideList")
        self.slide_list.currentRowChanged.connect(self._on_row_picked)
        lay.addWidget(self.slide_list, 2)

        edit_row = QGridLayout()  # two rows: the labels stay whole in a narrow dock
        edit_row.setSpacing(2)
        self.new_deck_button = QToolButton()
        self.new_deck_button.clicked.connect(lambda: self.new_deck())
        self.add_button = QToolButton()
        self.add_button.setObjectName("addSlide")
        self.add_button.clicked.connect(lambda: self.add_current_slide())
        self.update_button = QToolButton()
        self.update_button.clicked.connect(lambda: self.lessons.update_current_slide())
        self.edit_button = QToolButton()
        self.edit_button.clicked.connect(lambda: self.edit_current_slide_dialog())
        self.up_button = QToolButton()
        self.up_button.clicked.connect(lambda: self.lessons.move_current_slide(-1))
        self.down_button = QToolButton()
        self.down_button.clicked.connect(lambda: self.lessons.move_current_slide(1))
        self.delete_button = QToolButton()
        self.delete_button.clicked.connect(lambda: self.lessons.delete_current_slide())
        buttons = (self.new_deck_button, self.add_button, self.update_button,
                   self.edit_button, self.up_button, self.down_button, self.delete_button)
        for k, b in enumerate(buttons):
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            edit_row.addWidget(b, k // 4, k % 4)
        lay.addLayout(edit_row)

        ref_row = QHBoxLayout()
        self.reference_label = QLabel()
        self.reference_edit = QLineEdit()
        self.reference_edit.setObjectName("referenceEdit")
        self.reference_edit.setClearButtonEnabled(True)
        self.reference_label.setBuddy(self.reference_edit)
        self.reference_edit.textChanged.connect(self._on_reference_text)
        ref_row.addWidget(self.reference_label)
        ref_row.addWidget(self.reference_edit, 1)
        lay.addLayout(ref_row)
        self.reference_status = QLabel()
        self.reference_status.setObjectName("referenceStatus")
        self.reference_status.setWordWrap(True)
        lay.addWidget(self.reference_status)

        events = lessons.events
        events.decks.connect(self._on_decks_changed)
        events.deck.connect(self._on_deck_changed)
        events.slide.connect(self._on_slide_changed)
        for edited in (events.slide_inserted, events.slide_removed, events.slide_moved,
                       events.slide_updated):
            edited.connect(self._on_slides_edited)
        state.events.reference.connect(self._on_reference_changed)
        self._on_reference_changed(state.reference)
        self.retranslate()

    # --- texts -----------------------------------------------------------------------
    def retranslate(self) -> None:
        self.deck_label.setText(tr("&Lesson"))
        self.deck_label.setVisible(False)  # the dock's title already says it
        self.deck_combo.setAccessibleName(tr("Lesson"))
        self.prev_button.setText(tr("◀ Back"))
        self.prev_button.setToolTip(tr("Previous slide (PageUp, Left)"))
        self.next_button.setText(tr("Next ▶"))
        self.next_button.setToolTip(tr("Next slide (PageDown, Right, Space)"))
        self.reset_button.setText(tr("Reset slide"))
        self.reset_button.setToolTip(tr("Undo your changes: show this slide as it was made"))
        self.notice_heading.setText("<b>" + tr("What to notice") + "</b>")
        self.new_deck_button.setText(tr("New lesson"))
        self.new_deck_button.setToolTip(tr("Start an empty lesson of your own"))
        self.add_button.setText(tr("+ Slide"))
        self.add_button.setToolTip(tr("Add the current function and switches as a new slide"))
        self.update_button.setText(tr("Update"))
        self.update_button.setToolTip(tr("Store the current function and switches in this slide"))
        self.edit_button.setText(tr("Edit…"))
        self.edit_button.setToolTip(tr("Edit the title, notes and what to notice"))
        self.up_button.setText("↑")
        self.up_button.setToolTip(tr("Move the slide up"))
        self.down_button.setText("↓")
        self.down_button.setToolTip(tr("Move the slide down"))
        self.delete_button.setText(tr("Delete"))
        self.delete_button.setToolTip(tr("Delete this slide"))
        self.reference_label.setText(tr("Expected f′:"))
        self.reference_edit.setPlaceholderText(tr("e.g. cos(x) — drawn dashed"))
        self.reference_edit.setToolTip(
            tr("An expression for the derivative you expect. It is drawn dashed, and the "
               "largest difference to the autograd f′ is shown.")
        )
        self._refill_combo()
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- the lessons' events ---------------------------------------------------------------
    def _on_decks_changed(self) -> None:
        self._refill_combo()

    def _on_deck_changed(self, _index: int) -> None:
        self._refill_combo()
        self._refill_list()
        self._refresh()

    def _on_slide_changed(self, _index: int) -> None:
        self._refresh()

    def _on_slides_edited(self, *_where: int) -> None:
        self._refill_list()
        self._refresh()

    def _on_deck_picked(self, combo_index: int) -> None:
        if not self._muted:
            self.lessons.select_deck(combo_index - 1)

    def _on_row_picked(self, row: int) -> None:
        if not self._muted and row != self.lessons.slide_index and row >= 0:
            self.lessons.go_to(row)

    # --- reference -------------------------------------------------------------------------
    def reference(self) -> str:
        return self.reference_edit.text().strip()

    def _on_reference_text(self, text: str) -> None:
        self.state.reference = text.strip() or None

    def _on_reference_changed(self, value: str | None) -> None:
        # compared stripped: the space the teacher just typed stays in the field
        if (value or "").strip() != self.reference():
            self.reference_edit.setText(value or "")

    def show_reference_status(self, text: str) -> None:
        self.reference_status.setText(text)
        self.reference_status.setVisible(bool(text))

    # --- results ---------------------------------------------------------------------------
    def show_result(self, result: Result) -> None:
        """Say so when the error on screen is the one this slide is about."""
        slide = self.lessons.current_slide()
        kind = result.error.kind if result.error is not None else None
        expected = slide is not None and slide.expect_error is not None and kind == (
            slide.expect_error
        )
        if expected:
            self.expected.setText(
                "<b>" + tr("This error is the lesson.") + "</b> "
                + tr("Read the explanation, then try the fix it suggests.")
            )
        self.expected.setVisible(expected)

    @property
    def expected_error_shown(self) -> bool:
        return not self.expected.isHidden()

    # --- edits that need words or a dialog ---------------------------------------------------
    def new_deck(self) -> DeckEntry:
        return self.lessons.new_deck(tr("My lesson"))

    def add_current_slide(self) -> Slide:
        """The current state as a new slide, named by its place in the deck."""
        name = tr("Slide {n}").format(n=self.lessons.slide_count() + 1)
        return self.lessons.add_current_slide(name, deck_title=tr("My lesson"))

    def edit_current_slide_dialog(self) -> None:
        slide = self.lessons.current_slide()
        if slide is None:
            return
        dialog = SlideDialog(slide, current_language(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                self.lessons.edit_current_slide(
                    title=dialog.title_edit.text(),
                    notes=dialog.notes_edit.toPlainText(),
                    notice=dialog.notice_edit.toPlainText(),
                )
            except ValueError as exc:
                self.show_reference_status(str(exc))

    def rename_deck_dialog(self) -> None:
        entry = self.lessons.current_entry
        if entry is None:
            return
        text, ok = QInputDialog.getText(
            self, tr("Rename lesson"), tr("Lesson title:"),
            text=entry.deck.title.get(current_language()),
        )
        if ok:
            self.lessons.rename_deck(text)

    # --- view ------------------------------------------------------------------------------
    def _refill_combo(self) -> None:
        self._muted = True
        try:
            self.deck_combo.clear()
            self.deck_combo.addItem(tr("(no lesson)"))
            language = current_language()
            for e in self.lessons.entries:
                name = e.deck.title.get(language) or tr("Untitled lesson")
                if e.path is not None:
                    name += f"  —  {e.path.name}"
                if e.modified:
                    name += " *"
                self.deck_combo.addItem(name)
            self.deck_combo.setCurrentIndex(self.lessons.deck_index + 1)
        finally:
            self._muted = False

    def _refill_list(self) -> None:
        self._muted = True
        try:
            self.slide_list.clear()
            deck = self.lessons.current_deck()
            if deck is not None:
                language = current_language()
                for i, s in enumerate(deck.slides):
                    self.slide_list.addItem(f"{i + 1}. {s.title.get(language)}")
            self.slide_list.setCurrentRow(self.lessons.slide_index)
        finally:
            self._muted = False

    def _refresh(self) -> None:
        lessons = self.lessons
        language = current_language()
        slide = lessons.current_slide()
        deck = lessons.current_deck()
        index, count = lessons.slide_index, lessons.slide_count()
        has = slide is not None
        for b in (self.update_button, self.edit_button, self.delete_button):
            b.setEnabled(has)
        self.up_button.setEnabled(has and index > 0)
        self.down_button.setEnabled(has and index < count - 1)
        self.prev_button.setEnabled(has and index > 0)
        self.next_button.setEnabled(has and index < count - 1)
        self.reset_button.setEnabled(has)
        self.add_button.setEnabled(lessons.can_add_slide)
        if slide is None:
            self.counter.setText(tr("no slide") if deck is None else tr("0 slides"))
            if deck is None:
                self.title.setText(tr("No lesson open"))
                self.notes.setText(tr("Pick a lesson above, or build your own: set up a plot, "
                                      "then “+ Slide”."))
            else:
                self.title.setText(deck.title.get(language))
                self.notes.setText(deck.description.get(language))
            self.notice_box.setVisible(False)
            self.expected.setVisible(False)
            self.x_values_label.setVisible(False)
        else:
            self.counter.setText(
                tr("{current} / {total}").format(current=index + 1, total=count)
            )
            self.title.setText(slide.title.get(language))
            self.notes.setText(slide.notes.get(language))
            notice = slide.notice.get(language)
            self.notice.setText(notice)
            self.notice_box.setVisible(bool(notice))
            xs = slide.session.x_values
            if xs is not None:
                shown = ", ".join(f"{v:g}" for v in xs[:12]) + (", …" if len(xs) > 12 else "")
                self.x_values_label.setText(
                    tr("x is sampled at the values {values} only (change the range to "
                       "sample a grid again).").format(values=f"[{shown}]")
                )
            self.x_values_label.setVisible(xs is not None)
        self._muted = True
        try:
            self.slide_list.setCurrentRow(index)
        finally:
            self._muted = False


_TEXT_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


def _in_text_field(widget: QWidget | None) -> bool:
    w = widget
    while w is not None:
        if isinstance(w, _TEXT_INPUTS):
            return True
        if isinstance(w, QComboBox) and w.isEditable():
            return True
        w = w.parentWidget()
    return False


class SlideKeys(QObject):
    """What presentation clickers send, turned into slide navigation for one window.

    PageDown/PageUp always step; Right/Left/Space step only when the focus is not in a
    text field (so the code editor keeps its arrows and spaces), not on a slider, list
    or combo box (arrows), and Space not on a button (which it presses).

    The application-wide event filter is installed only while a slide is showing: it
    sees every event of the app, and each one would otherwise cost a trip into Python
    (and the GIL, which the evaluation thread wants) for nothing.
    """

    def __init__(self, window: QWidget, lessons: LessonState) -> None:
        super().__init__(window)
        self.window = window
        self.lessons = lessons
        self._installed = False
        self._removed = False
        lessons.events.all.connect(self._sync)
        self._sync()

    @property
    def active(self) -> bool:
        """True while the filter is installed (a slide is showing)."""
        return self._installed

    def _sync(self, *_info: object) -> None:
        want = not self._removed and self.lessons.current_slide() is not None
        if want == self._installed:
            return
        app = QApplication.instance()
        if app is None:
            return
        if want:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._installed = want

    def remove(self) -> None:
        self._removed = True
        self._sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if self.lessons.current_slide() is None:
            return False
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.NoModifier:
            return False
        step = self.step_for(event.key(), QApplication.focusWidget() or watched)
        if step == 0:
            return False
        if step > 0:
            self.lessons.next_slide()
        else:
            self.lessons.previous_slide()
        return True

    @staticmethod
    def step_for(key: int, focus: QWidget | None) -> int:
        """+1, -1 or 0 (not a navigation key here) for ``key`` with ``focus``."""
        k = Qt.Key
        if key == k.Key_PageDown:
            return 1
        if key == k.Key_PageUp:
            return -1
        if key not in (k.Key_Right, k.Key_Left, k.Key_Space):
            return 0
        if _in_text_field(focus):
            return 0
        if key == k.Key_Space:
            return 0 if isinstance(focus, QAbstractButton) else 1
        if isinstance(focus, (QAbstractSlider, QComboBox, QAbstractItemView)):
            return 0
        return 1 if key == k.Key_Right else -1
