"""One catalogue, one translation path: the engine's messages in Chinese, from the .ts."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import string
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from gradplot.engine import Request, evaluate
from gradplot.engine.errors import GradplotError, UnknownName, explain
from gradplot.engine.messages import KINDS, MESSAGES, Message
from gradplot.engine.model import ErrorInfo
from gradplot.ui import i18n
from gradplot.ui.main_window import MainWindow
from tests.ui.conftest import wait_result


@pytest.fixture
def chinese(qapp: object) -> Iterator[None]:
    assert i18n.set_language("zh") == "zh"
    try:
        yield
    finally:
        i18n.set_language("en")


def fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def test_every_message_has_chinese_with_the_same_fields(tool: ModuleType) -> None:
    ts = tool.read_ts()
    for key, template in MESSAGES.items():
        if not template.strip():
            continue
        text, kind = ts.get((i18n.ENGINE_CONTEXT, template), ("", "unfinished"))
        assert text and kind == "", f"{key}: no Chinese for {template!r}"
        assert fields(text) == fields(template), key
    for kind in KINDS:
        for part in ("title", "explanation"):
            chinese = ts[(i18n.ENGINE_CONTEXT, MESSAGES[f"{kind}.{part}"])][0]
            assert i18n.has_cjk(chinese), (kind, part)


names = st.text(alphabet=st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=10)


@settings(max_examples=60, deadline=None)
@given(name=names, suggestion=names, low=st.floats(-1e6, 1e6), limit=st.integers(1, 10**6))
def test_chinese_puts_the_values_in(
    qapp: object, name: str, suggestion: str, low: float, limit: int
) -> None:
    unknown = explain(UnknownName(name, [suggestion], what="tensor method"))
    ranged = explain(_request_failure(low))
    assert i18n.set_language("zh") == "zh"
    try:
        zh = i18n.localize_error(unknown)
        assert name in zh.title and "张量方法" in zh.title and i18n.has_cjk(zh.title)
        if unknown.details["suggestions"]:
            assert suggestion in zh.title and suggestion in zh.hint
        assert str(low) in i18n.localize_error(ranged).title
        memory = Message("engine_memory.title.limit", {"limit": limit})
        assert f"{limit} MB" in i18n.render(memory) and i18n.has_cjk(i18n.render(memory))
    finally:
        i18n.set_language("en")


def _request_failure(low: float) -> BaseException:
    result = evaluate(Request(source="x", x_range=(low, low)))
    assert result.error is not None and result.error.kind == "request"
    return GradplotError(result.error)


@pytest.mark.usefixtures("chinese")
def test_chinese_never_reads_the_english_text() -> None:
    info = evaluate(Request(source="sn(x)")).error
    assert info is not None
    reworded = dataclasses.replace(info, title="(an English title nobody matches)")
    assert i18n.localize_error(reworded).title == i18n.localize_error(info).title
    assert "sn" in i18n.localize_error(info).title


@pytest.mark.usefixtures("chinese")
def test_a_text_without_a_message_is_shown_as_written() -> None:
    info = ErrorInfo(kind="runtime", title="t", explanation="e", hint="h")
    assert i18n.localize_error(info) == info


def test_the_check_reports_a_reworded_template(tool: ModuleType) -> None:
    ctx = i18n.ENGINE_CONTEXT
    before = {"note.hello": "Hello {name}, line {line}."}
    ts = {(ctx, "Hello {name}, line {line}."): ("你好 {name}，第 {line} 行。", "")}
    assert tool.problems(ts, tool.engine_sources(before)) == []
    reworded = {"note.hello": "Hi {name}, on line {line}."}
    found = tool.problems(ts, tool.engine_sources(reworded))
    assert f"untranslated: {(ctx, 'Hi {name}, on line {line}.')}" in found
    assert f"no longer in the code: {(ctx, 'Hello {name}, line {line}.')}" in found


def test_no_english_is_parsed_back() -> None:
    with pytest.raises(ImportError):
        importlib.import_module("gradplot.ui.errors_zh")
    assert not hasattr(i18n, "TEMPLATES")
    for function in (i18n.translate, i18n.render, i18n.localize_error, i18n.localize_note):
        assert "re." not in inspect.getsource(function), function.__name__


def test_run_time_strings_follow_a_live_switch(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window("a * sin(x)")
    wait_result(qtbot, window, lambda: window.editor.set_source("a * sin(x) + 1"))
    slider = window.parameters.row("a").slider
    english_tip = slider.toolTip()
    assert english_tip.startswith("Value of the free name <b>a</b>")
    room = window.classroom
    try:
        with qtbot.waitSignal(room.languageChanged):
            room.choose_language("zh")
        assert i18n.has_cjk(slider.toolTip()) and "<b>a</b>" in slider.toolTip()
        assert "毫秒" in window.timings_label.text()
    finally:
        with qtbot.waitSignal(room.languageChanged):
            room.choose_language("en")
    assert slider.toolTip() == english_tip
    assert " ms" in window.timings_label.text() and "毫秒" not in window.timings_label.text()
    room.choose_language("system")
