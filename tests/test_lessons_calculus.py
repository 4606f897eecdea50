"""The calculus deck (D2L 2.4): it loads, every slide runs, and each shows what it claims."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

from gradplot.engine import Request, evaluate
from gradplot.engine.pytorch_script import script_names, to_pytorch_script
from gradplot.io.schema import dumps, loads
from gradplot.lessons import builtin_deck, builtin_decks
from gradplot.model import Slide
from tests.engine.test_pytorch_script import run_script

DECK = builtin_deck("d2l-calculus")
SLIDES = {s.id: s for s in DECK.slides}
CJK = re.compile(r"[\u4e00-\u9fff]")


def f_np(x: np.ndarray) -> np.ndarray:
    return 3 * x**2 - 4 * x


def test_the_deck_is_built_in_and_round_trips() -> None:
    assert DECK in builtin_decks()
    assert loads(dumps(DECK)).deck == DECK
    assert len(DECK.slides) >= 4
    assert {"calc-f", "calc-limit-table", "calc-tangent", "calc-autograd"} <= set(SLIDES)


@pytest.mark.parametrize("slide", DECK.slides, ids=lambda s: s.id)
def test_every_slide_is_taught_in_both_languages_and_runs(slide: Slide) -> None:
    for text in (slide.title, slide.notes, slide.notice):
        assert text.en.strip() and text.zh_hans.strip()
        assert CJK.search(text.zh_hans), text.zh_hans
        assert not CJK.search(text.en), text.en
    assert CJK.search(DECK.title.zh_hans) and CJK.search(DECK.description.zh_hans)
    result = evaluate(slide.session.to_request())
    assert result.ok, result.error
    assert result.f is not None and np.all(np.isfinite(result.f))
    assert result.df is not None and np.all(np.isfinite(result.df))
    if slide.session.reference:
        ref_request = slide.session.reference_request()
        assert ref_request is not None
        ref = evaluate(ref_request)
        assert ref.f is not None
        np.testing.assert_allclose(result.df, ref.f, rtol=1e-5, atol=1e-5)


def test_f_and_its_derivative() -> None:
    result = evaluate(SLIDES["calc-f"].session.to_request())
    assert result.f is not None and result.df is not None
    np.testing.assert_allclose(result.f, f_np(result.x), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(result.df, 6 * result.x - 4, rtol=1e-5, atol=1e-4)


def test_the_limit_table_prints_as_the_book_does() -> None:
    session = SLIDES["calc-limit-table"].session
    result = evaluate(session.to_request())
    assert result.f is not None
    np.testing.assert_array_equal(result.x, [0.1, 0.01, 0.001, 0.0001, 0.00001])
    # the book: h=0.10000, numerical limit=2.30000 ... h=0.00001, numerical limit=2.00003
    printed = [f"{v:.5f}" for v in result.f]
    assert printed == ["2.30000", "2.03000", "2.00300", "2.00030", "2.00003"]
    h = torch.tensor(result.x, dtype=torch.float64)
    one = torch.tensor(1.0, dtype=torch.float64)
    want = ((3 * (one + h) ** 2 - 4 * (one + h)) - (3 * one**2 - 4 * one)) / h
    np.testing.assert_array_equal(result.f, want.numpy())


def test_float32_round_off_grows_again_at_small_h() -> None:
    session = SLIDES["calc-roundoff"].session
    assert session.dtype == "float32"
    result = evaluate(session.to_request())
    assert result.f is not None
    error = np.abs(result.f.astype(np.float64) - 2.0)
    best = int(np.argmin(error))
    assert 0 < best < len(error) - 1  # shrinks, then grows
    assert error[-1] > 100 * error[best]
    in64 = evaluate(Request(source=session.source, x_values=session.x_values, dtype="float64"))
    assert in64.f is not None
    assert np.abs(in64.f[-1] - 2.0) < error[-1]


def test_the_tangent_at_1_is_2x_minus_3() -> None:
    source = SLIDES["calc-tangent"].session.source
    at1 = evaluate(Request(source=source, x_values=(1.0,)))
    assert at1.f is not None and at1.df is not None
    fa, slope = float(at1.f[0]), float(at1.df[0])
    assert (fa, slope) == (-1.0, 2.0)
    xs = np.linspace(-1, 3, 9)
    np.testing.assert_allclose(fa + slope * (xs - 1.0), 2 * xs - 3)


def test_autograd_slide_and_its_pytorch() -> None:
    request = SLIDES["calc-autograd"].session.to_request()
    result = evaluate(request)
    np.testing.assert_array_equal(result.df, [-4.0, 2.0, 8.0, 14.0])
    ns = run_script(to_pytorch_script(request))
    grad = ns[script_names(request)["x"]].grad
    np.testing.assert_array_equal(grad.numpy(), [-4.0, 2.0, 8.0, 14.0])
    assert "tensor([-4., 2., 8., 14.])" in SLIDES["calc-autograd"].notes.en
