"""The engine's one catalogue of messages: errors and notes say what they were rendered from."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradplot.engine import Request, evaluate
from gradplot.engine.errors import CATALOGUE, UnknownName, explain, make_error
from gradplot.engine.messages import KINDS, MESSAGES, Message, message, notation_explanation
from gradplot.engine.model import ErrorInfo, Note
from gradplot.engine.notation import RULES, sentences

# one request for each way the engine fails or notes something, in both input modes
SOURCES = (
    "sin(x",
    "import os",
    "sn(x)",
    "x.sinn()",
    "def f(x):\n    return y\n    y = 1",
    "x + 'a'",
    "torch.dot(x, x[:2])",
    "x ^ 2 + ln(x)",
    "2(x+1) + |x|",
    "def f(x):\n    if x > 0:\n        return x\n    return -x",
    "x.sum() * 0 + (x > 0).float()",
    "1 / x",
    "log(x)",
    "2 + 0*1",
    "where(x > 0, 1., -1.)",
    "x.detach() * x",
    "def f(x):\n    x += 1\n    return x",
    "def f(x):\n    return (x, x)",
    "1 // 0 + x",
)


def fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def rendered_texts(info: ErrorInfo) -> list[str]:
    assert info.texts is not None, info
    out = []
    for text, said in zip((info.title, info.explanation, info.hint), info.texts, strict=True):
        out.append(text if said is None else said.render())
    return out


def test_each_kind_has_its_own_texts() -> None:
    assert set(CATALOGUE) == set(KINDS)
    for kind in KINDS:
        title, explanation, _hint = CATALOGUE[kind]
        assert title and explanation, kind
        assert not fields(title + explanation), f"{kind}: its own texts take no values"


def test_every_template_is_well_formed() -> None:
    for key, template in MESSAGES.items():
        sample = {name: 7 for name in fields(template)}
        assert isinstance(Message(key, sample).render(), str), key


@pytest.mark.parametrize("vector", [True, False])
@pytest.mark.parametrize("source", SOURCES)
def test_what_the_engine_says_is_rendered_from_its_messages(source: str, vector: bool) -> None:
    result = evaluate(Request(source=source, points=9, vector_input=vector))
    if result.error is not None:
        info = result.error
        assert [info.title, info.explanation, info.hint] == rendered_texts(info)
    for note in result.notes:
        assert note.text is not None and note.text.render() == note.message, note


def test_make_error_keeps_code_as_written() -> None:
    info = make_error("notation", hint="x**2", fix="x**2")
    assert info.hint == "x**2" and info.texts is not None and info.texts[2] is None
    assert info.title == CATALOGUE["notation"][0]


@given(
    name=st.text(min_size=1, max_size=12),
    suggestion=st.text(min_size=1, max_size=12),
)
def test_values_are_kept_as_they_are(name: str, suggestion: str) -> None:
    # a value with braces in it is never read as a template
    info = explain(UnknownName(name, [suggestion], what="function"))
    said = message("name.title.unknown", what=Message("name.what.function"), name=name)
    assert said.render() == f"Unknown function '{name}'"
    assert name in info.title


def test_points_left_out_count_all_of_them() -> None:
    text = Message(
        "note.point_timeout.more", {"points": "1, 2, 3, 4, 5", "more": 3, "total": 8}
    ).render()
    assert "x = 1, 2, 3, 4, 5 and 3 more; those 8 points" in text


def test_notation_sentences_say_what_became_what() -> None:
    pairs = (("renamed", "ln", "log"), ("renamed", "arcsin", "asin"))
    english = notation_explanation(("power", "renamed"), pairs).render()
    assert english == RULES["power"] + " " + RULES["renamed"] + " log for ln, asin for arcsin."
    assert english == sentences(("power", "renamed"), pairs)


def test_a_note_without_a_message_is_shown_as_written() -> None:
    note = Note(kind="output", message="hello")
    assert note.text is None
