"""The built-in deck: it loads, every slide evaluates, and each shows what its notes claim."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from gradplot.engine import Request, Result, evaluate
from gradplot.io.schema import dumps, loads
from gradplot.lessons import BUILTIN_FILES, builtin_deck, builtin_decks
from gradplot.model import Session, Slide

DECK = builtin_deck("d2l-autograd")
SLIDES = {s.id: s for s in DECK.slides}
CJK = re.compile(r"[\u4e00-\u9fff]")


@functools.cache
def run(slide_id: str) -> Result:
    return evaluate(SLIDES[slide_id].session.to_request())


def run_session(session: Session) -> Result:
    return evaluate(session.to_request())


def df(slide_id: str) -> np.ndarray:
    result = run(slide_id)
    assert result.ok, result.error
    assert result.df is not None
    return result.df


# ------------------------------------------------------------------ the deck as data


def test_builtin_decks_load_with_the_strict_loader() -> None:
    decks = builtin_decks()
    assert len(decks) == len(BUILTIN_FILES) >= 1
    assert decks[0] is DECK
    assert builtin_decks() is decks  # cached
    with pytest.raises(KeyError):
        builtin_deck("no-such-deck")


def test_deck_round_trips_through_the_file_format() -> None:
    assert loads(dumps(DECK)).deck == DECK


def test_the_issue_slides_are_all_there() -> None:
    expected = {
        "grad-2xTx", "grad-2xTx-range", "accumulate", "accumulate-zero", "sum-x-x", "detach",
        "detach-off", "control-flow-point", "control-flow-vector", "ex1-second-derivative",
        "ex2-backward-twice", "ex2-retain-graph", "ex3-nonscalar", "ex3-backward-gradient",
        "ex4-huber", "ex5-sin",
    }  # fmt: skip
    assert expected <= set(SLIDES)
    assert len(SLIDES) == len(DECK.slides)


@pytest.mark.parametrize("slide", DECK.slides, ids=lambda s: s.id)
def test_every_slide_is_taught_in_both_languages(slide: Slide) -> None:
    for text in (slide.title, slide.notes, slide.notice):
        assert text.en.strip() and text.zh_hans.strip()
        assert CJK.search(text.zh_hans), text.zh_hans
        assert not CJK.search(text.en), text.en
    assert DECK.title.en and CJK.search(DECK.title.zh_hans)


def test_lessons_import_no_qt() -> None:
    code = (
        "import sys, gradplot.lessons as l; l.builtin_decks(); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'superqt')"
        " or m.startswith('gradplot.ui')]; assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# ------------------------------------------------------------------ every slide runs


@pytest.mark.parametrize("slide", DECK.slides, ids=lambda s: s.id)
def test_every_slide_evaluates_as_intended(slide: Slide) -> None:
    result = run(slide.id)
    if slide.expect_error is not None:
        assert result.error is not None, f"{slide.id} should fail with {slide.expect_error}"
        assert result.error.kind == slide.expect_error, result.error
        return
    assert result.ok, result.error
    assert result.f is not None and np.all(np.isfinite(result.f))
    assert len(result.derivatives) == slide.session.order
    for d in result.derivatives:
        assert np.all(np.isfinite(d))
    assert not [n for n in result.notes if n.kind in ("point_timeout", "nonfinite")]


@pytest.mark.parametrize(
    "slide", [s for s in DECK.slides if s.session.reference], ids=lambda s: s.id
)
def test_reference_curves_evaluate_and_match_where_the_notes_say_so(slide: Slide) -> None:
    ref_request = slide.session.reference_request()
    assert ref_request is not None
    ref = evaluate(ref_request)
    assert ref.ok, ref.error
    assert ref.f is not None
    if slide.expect_error is not None:
        return
    if slide.id == "accumulate":
        np.testing.assert_allclose(df(slide.id), 2 * ref.f, rtol=1e-5, atol=1e-5)
    else:
        np.testing.assert_allclose(df(slide.id), ref.f, rtol=1e-5, atol=1e-5)


# ------------------------------------------------------------------ what the notes claim


def test_2xTx_gradient_is_4x() -> None:
    result = run("grad-2xTx")
    assert result.scalar_value == pytest.approx(28.0)
    np.testing.assert_array_equal(df("grad-2xTx"), [0.0, 4.0, 8.0, 12.0])
    x = run("grad-2xTx-range").x
    np.testing.assert_allclose(df("grad-2xTx-range"), 4 * x, rtol=1e-6, atol=1e-5)


def test_accumulation_curve_is_twice_the_single_pass() -> None:
    session = SLIDES["accumulate"].session
    single = run_session(replace(session, backward_passes=1))
    assert single.df is not None
    np.testing.assert_allclose(df("accumulate"), 2 * single.df, rtol=1e-6)
    np.testing.assert_allclose(df("accumulate"), 8 * run("accumulate").x, rtol=1e-6, atol=1e-5)
    np.testing.assert_allclose(df("accumulate-zero"), single.df, rtol=1e-6)


def test_sum_of_squares_and_the_implicit_gradient() -> None:
    x = run("sum-x-x").x
    np.testing.assert_allclose(df("sum-x-x"), 2 * x, rtol=1e-6, atol=1e-6)
    at = [int(np.argmin(np.abs(x - k))) for k in (0, 1, 2, 3)]
    np.testing.assert_allclose(df("sum-x-x")[at], [0, 2, 4, 6], atol=1e-5)
    plain = run_session(replace(SLIDES["sum-x-x"].session, source="x * x"))
    assert plain.df is not None
    np.testing.assert_allclose(plain.df, df("sum-x-x"))


def test_detach_gives_x_squared_and_without_the_cut_3x_squared() -> None:
    x = run("detach").x
    f = run("detach").f
    assert f is not None
    np.testing.assert_allclose(f, x**3, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(df("detach"), x**2, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(df("detach-off"), 3 * x**2, rtol=1e-5, atol=1e-5)
    assert any(n.kind == "detach_off" for n in run("detach-off").notes)


def test_control_flow_per_point_gradient_is_f_over_a() -> None:
    result = run("control-flow-point")
    x, f, d = result.x, result.f, df("control-flow-point")
    assert f is not None
    np.testing.assert_allclose(d, f / x, rtol=1e-5)
    pos, neg = d[x > 0], d[x < 0]
    assert np.all(np.log2(pos) == np.round(np.log2(pos)))  # powers of two
    assert np.all(np.log2(neg / 100) == np.round(np.log2(neg / 100)))  # 100 x powers of two


def test_control_flow_on_a_vector_gives_512() -> None:
    np.testing.assert_array_equal(df("control-flow-vector"), [512.0] * 4)
    np.testing.assert_array_equal(df("ex3-backward-gradient"), [512.0] * 4)
    assert any(n.kind == "branch" for n in run("control-flow-vector").notes)


def test_second_derivative_slide() -> None:
    result = run("ex1-second-derivative")
    x = result.x
    np.testing.assert_allclose(result.derivatives[0], 3 * x**2 - 3, rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(result.derivatives[1], 6 * x, rtol=1e-5, atol=1e-4)
    assert result.timing("backward 1") is not None
    assert result.timing("order 2") is not None
    assert result.graph_nodes > 0


def test_backward_twice_then_retain_graph() -> None:
    err = run("ex2-backward-twice").error
    assert err is not None and "retain_graph" in err.hint
    np.testing.assert_allclose(df("ex2-retain-graph"), [0, 0.5345, 1.0690, 1.6036], atol=1e-4)
    one = run_session(replace(SLIDES["ex2-retain-graph"].session, backward_passes=1))
    assert one.df is not None
    np.testing.assert_allclose(one.df, [0, 0.2673, 0.5345, 0.8018], atol=1e-4)
    np.testing.assert_allclose(df("ex2-retain-graph"), 2 * one.df, rtol=1e-6)


def test_nonscalar_backward_slide_is_fixed_by_turning_strict_off() -> None:
    strict = SLIDES["ex3-nonscalar"].session
    assert run("ex3-nonscalar").error is not None
    fixed = run_session(replace(strict, strict_backward=False))
    assert fixed.df is not None
    np.testing.assert_array_equal(fixed.df, [512.0] * 4)


def test_huber_and_halving_examples() -> None:
    x = run("ex4-huber").x
    np.testing.assert_allclose(df("ex4-huber"), np.clip(x, -1, 1), rtol=1e-6, atol=1e-6)
    vector_error = run("ex4-huber-vector").error
    assert vector_error is not None
    fixed = run_session(
        replace(
            SLIDES["ex4-huber-vector"].session,
            source="where(abs(x) <= 1, 0.5 * x**2, abs(x) - 0.5)",
        )
    )
    assert fixed.df is not None
    np.testing.assert_allclose(fixed.df, df("ex4-huber"), atol=1e-6)
    halving = df("ex4-halving")
    assert set(np.unique(halving)) == {1.0, 0.5, 0.25, 0.125}


def test_sin_derivative_matches_cos() -> None:
    result = run("ex5-sin")
    assert len(result.x) == 100
    assert result.x[0] == pytest.approx(-2 * np.pi, rel=1e-6)
    np.testing.assert_allclose(df("ex5-sin"), np.cos(result.x), atol=1e-6)


def test_builtin_sessions_are_well_formed_requests() -> None:
    for slide in DECK.slides:
        request = slide.session.to_request()
        assert isinstance(request, Request)
        assert request.source == slide.session.source
