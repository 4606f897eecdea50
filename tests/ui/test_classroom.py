"""Languages, projector mode, the computation graph, Show as PyTorch, accessibility."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtGui import QAccessible, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from gradplot.ui import i18n
from gradplot.ui.classroom import needs_name
from gradplot.ui.main_window import MainWindow, make_settings
from gradplot.ui.theme import PROJECTOR_FONT_SCALE
from tests.ui.conftest import wait_result


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\d|\{\w*\}", text))


# --- languages ----------------------------------------------------------------------------
def test_translation_source_covers_every_ui_string(tool: ModuleType, qtbot: QtBot) -> None:
    messages = tool.read_ts()
    current = {key for key, (_text, kind) in messages.items() if kind != "vanished"}
    missing = [key for key in tool.collect_sources() if key not in current]
    assert missing == [], "run scripts/update_translations.py and translate: " + repr(missing)
    unfinished = [key for key, (text, kind) in messages.items() if kind == "unfinished" or not text]
    assert unfinished == []
    for (_ctx, source), (text, _kind) in messages.items():
        assert _placeholders(source) == _placeholders(text), source


def test_compiled_catalogue_matches_the_source(tool: ModuleType, qtbot: QtBot) -> None:
    translator = QTranslator()
    assert translator.load(str(i18n.translations_dir() / i18n.QM_NAME))
    for (ctx, source), (text, kind) in tool.read_ts().items():
        if kind != "vanished":
            assert translator.translate(ctx, source) == text, source


def _visible_english(window: QWidget) -> list[tuple[str, str, str]]:
    bad = []
    for obj in i18n.objects_of(window):
        if obj.property("i18n_exempt"):
            continue
        for key, get, _set in i18n.text_slots(obj):
            text = get()
            if text and not i18n.has_cjk(text) and not i18n.is_technical(text):
                bad.append((type(obj).__name__, key, text))
    return bad


def test_chinese_ui_leaves_no_english_string(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("a * sin(x)")
    room = window.classroom
    room.graph_dock.show()
    room.pytorch_dock.show()
    wait_result(qtbot, window, lambda: window.editor.set_source("sin(x"))  # an error shows
    assert window.error_panel.isVisible()
    with qtbot.waitSignal(room.languageChanged):
        room.choose_language("zh")
    assert i18n.current_language() == "zh"
    assert _visible_english(window) == []
    assert "语法" in window.error_panel.title.text()
    assert window.classroom.projector_action.text() == "投影模式(&J)"
    # the status line of a new result is Chinese too
    result = wait_result(qtbot, window, lambda: window.editor.set_source("a * sin(x)"))
    assert result.ok
    room.retranslate_now()
    assert "毫秒" in window.timings_label.text()
    assert _visible_english(window) == []
    # and back to English, live
    room.choose_language("en")
    assert room.projector_action.text() == "Pro&jector mode"
    assert window.toggles.vector_input.text() == "Vector input"


def test_language_choice_persists(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    assert i18n.language_choice() == "system"
    window.classroom.choose_language("zh")
    assert make_settings().value(i18n.SETTINGS_KEY) == "zh"
    assert i18n.language_choice(make_settings()) == "zh"
    i18n.set_language("en")
    assert i18n.install() == "zh"  # what the next start does
    second = make_window()
    assert second.classroom.language_actions["zh"].isChecked()
    window.classroom.choose_language("system")
    assert i18n.language_choice() == "system"


def test_system_choice_follows_the_locale() -> None:
    from PySide6.QtCore import QLocale

    assert i18n.resolve("system", QLocale("zh_CN")) == "zh"
    assert i18n.resolve("system", QLocale("de_DE")) == "en"
    assert i18n.resolve("en", QLocale("zh_CN")) == "en"


def test_error_explanations_in_chinese(qtbot: QtBot) -> None:
    from gradplot.engine.errors import CATALOGUE, UnknownName, explain, make_error
    from gradplot.ui.i18n import localize_error
    from tests.ui.conftest import engine_chinese

    CATALOGUE_ZH = {
        kind
        for kind, (title, explanation, _hint) in CATALOGUE.items()
        if i18n.has_cjk(engine_chinese(title)) and i18n.has_cjk(engine_chinese(explanation))
    }
    assert set(CATALOGUE) <= set(CATALOGUE_ZH)
    i18n.set_language("zh")
    for kind in CATALOGUE:
        info = localize_error(make_error(kind, "raw"))
        assert i18n.has_cjk(info.title) and i18n.has_cjk(info.explanation), kind
    unknown = explain(UnknownName("sn", ["sin", "sinh"], what="function"))
    assert unknown.title == "Unknown function 'sn' - did you mean 'sin'?"
    assert unknown.hint == "did you mean sin, sinh?"
    named = localize_error(unknown)
    assert named.title == "未知的函数“sn”——是不是想写“sin”？"
    assert named.hint == "是不是想写 sin, sinh？"
    i18n.set_language("en")
    assert localize_error(make_error("shape")).title == CATALOGUE["shape"][0]


# --- projector mode -------------------------------------------------------------------------
def test_projector_mode_and_back(make_window: Callable[..., MainWindow], qtbot: QtBot) -> None:
    window = make_window()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app_size = app.font().pointSizeF()
    editor_size = window.editor.font().pointSizeF()
    readout_size = window.plot.readout.font().pointSizeF()
    with qtbot.waitSignal(window.classroom.projectorToggled):
        window.classroom.projector_action.trigger()
    assert window.classroom.projector_active
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    assert app.font().pointSizeF() >= PROJECTOR_FONT_SCALE * app_size - 0.01
    assert window.editor.font().pointSizeF() >= PROJECTOR_FONT_SCALE * editor_size - 0.01
    assert window.plot.readout.font().pointSizeF() >= 1.6 * readout_size
    # curves stay thick after new data
    wait_result(qtbot, window, lambda: window.editor.set_source("cos(x)"))
    assert all(c.opts["pen"].widthF() >= 4 for c in window.plot.curves)
    assert window.plot.backgroundBrush().color().name() == "#ffffff"
    window.classroom.set_projector(False)
    assert not window.windowState() & Qt.WindowState.WindowFullScreen
    assert app.font().pointSizeF() == pytest.approx(app_size)
    assert window.editor.font().pointSizeF() == pytest.approx(editor_size)
    assert all(c.opts["pen"].widthF() < 4 for c in window.plot.curves)


# --- computation graph ----------------------------------------------------------------------
def test_graph_view_shows_the_autograd_graph(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("2*dot(x,x)")
    room = window.classroom
    room.graph_action.trigger()
    view = room.graph_view
    result = window.last_result
    assert result is not None and result.graph is not None
    names = {n.name for n in result.graph.nodes}
    assert {"MulBackward0", "DotBackward0", "AccumulateGrad"} <= names
    assert len(view.nodes) == len(result.graph.nodes)
    kinds = {n.kind: n for n in view.nodes}
    assert kinds["leaf"].title.startswith("x") and "AccumulateGrad" in kinds["leaf"].title
    assert "MulBackward0" in kinds["output"].title
    assert any(n.title == "DotBackward0" for n in view.nodes)
    assert "(" in kinds["leaf"].subtitle  # the shape of x
    assert len(view.edges) == len(result.graph.edges)
    # leaf above the output: edges run in the forward direction
    assert kinds["leaf"].rect.center().y() < kinds["output"].rect.center().y()


def test_graph_view_marks_a_detached_branch(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("x * x.detach()")
    room = window.classroom
    room.graph_dock.show()
    cut = [n for n in room.graph_view.nodes if n.kind == "cut"]
    assert len(cut) == 1 and "detach" in cut[0].title
    assert any(is_cut for _a, _b, is_cut in room.graph_view.edges)
    assert "detach()" in room.graph_view.caption
    # switch detach off: the branch joins the graph, no cut is drawn
    wait_result(qtbot, window, lambda: window.toggles.detach.setChecked(False))
    assert not [n for n in room.graph_view.nodes if n.kind == "cut"]
    assert "switched off" in room.graph_view.caption
    # everything detached: no graph, explained
    wait_result(qtbot, window, lambda: window.editor.set_source("x.detach() * 2"))
    wait_result(qtbot, window, lambda: window.toggles.detach.setChecked(True))
    assert room.graph_view.nodes == ()
    assert "detach()" in room.graph_view.caption


# --- Show as PyTorch --------------------------------------------------------------------------
def test_pytorch_panel_follows_the_request(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("sin(x)")
    room = window.classroom
    room.pytorch_action.trigger()
    panel = room.pytorch_panel
    assert "sin(x)" in panel.script() and "backward" in panel.script()
    wait_result(qtbot, window, lambda: window.editor.set_source("x ** 3 + 2"))
    assert "x ** 3 + 2" in panel.script()
    wait_result(qtbot, window, lambda: window.toggles.retain_graph.setChecked(True))
    assert "retain_graph=True" in panel.script()
    with qtbot.waitSignal(panel.copied):
        panel.copy_button.click()
    clipboard = QGuiApplication.clipboard()
    assert clipboard is not None and clipboard.text() == panel.script()
    wait_result(qtbot, window, lambda: window.editor.set_source("sin(x"))
    assert panel.script().startswith("#")


# --- accessibility ----------------------------------------------------------------------------
def _accessible_name(w: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(w)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


def test_every_control_has_an_accessible_name(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("a * sin(b * x)")
    window.classroom.graph_dock.show()
    window.classroom.pytorch_dock.show()
    window.classroom.retranslate_now()
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}"
        for w in window.findChildren(QWidget)
        if w.isVisible() and needs_name(w) and not _accessible_name(w).strip()
    ]
    assert unnamed == []
    # toolbar buttons are named by their actions, and every action has a key
    for action in window.toolbar.actions():
        assert action.text() and not action.shortcut().isEmpty()


def test_tab_order_follows_the_layout(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    order: list[QWidget] = []
    w: QWidget = window.editor
    for _ in range(400):
        if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w not in order:
            order.append(w)
        w = w.nextInFocusChain()
        if w is window.editor:
            break
    t = window.toggles
    sequence = [window.editor, t.vector_input, t.detach, t.retain_graph, t.zero_grad,
                t.strict_backward, t.passes, t.order, window.ranges.x_min, window.ranges.x_max,
                window.ranges.points, window.plot]
    positions = [order.index(x) for x in sequence]
    assert positions == sorted(positions)


def test_plot_curves_differ_by_more_than_colour(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    styles = {c.opts["pen"].style() for c in window.plot.curves}
    assert len(styles) == len(window.plot.curves)

