"""Random maths-class formulas: the fix offered means what the formula means in maths.

Each drawn formula comes twice: as a student types it (``2x^2``, ``|x-1|``, ``3(x+1)``,
``√(x)``, ``x·2``) and as plain Python. The fix gradplot offers for the first must give
exactly the values of the second.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradplot.engine import Request, evaluate
from gradplot.engine.notation import correct

XS = (0.25, 0.6, 1.3, 2.2)
Pair = tuple[str, str]  # (maths, python)

atoms: st.SearchStrategy[Pair] = st.one_of(
    st.integers(1, 9).map(lambda n: (str(n), str(n))),
    st.just(("x", "x")),
    st.just(("pi", "pi")),
    st.just(("π", "pi")),
)


def _juxtapose(left: Pair, right: Pair) -> Pair:
    """A product written side by side where maths does, with * or · where it must."""
    lm, rm = left[0], right[0]
    if rm[0] == "|" or (lm[-1].isdigit() and rm[0].isdigit()):
        sep = "·"
    elif lm[-1].isalpha() and rm[0].isalnum():  # x 2, pi x, π 3: not one name
        sep = " "
    else:
        sep = ""
    return lm + sep + rm, f"{left[1]}*{right[1]}"


def _extend(children: st.SearchStrategy[Pair]) -> st.SearchStrategy[Pair]:
    factor = st.one_of(
        children.map(lambda p: (f"({p[0]})", f"({p[1]})")),
        st.tuples(st.sampled_from(["sin", "cos", "tanh", "sqrt", "log"]), children).map(
            lambda t: (f"{t[0]}({t[1][0]})", f"{t[0]}({t[1][1]})")
        ),
        children.map(lambda p: (f"|{p[0]}|", f"abs({p[1]})")),
        children.map(lambda p: (f"√({p[0]})", f"sqrt({p[1]})")),
        st.tuples(atoms, st.sampled_from(["2", "3", "²", "³"])).map(
            lambda t: (
                t[0][0] + (t[1] if t[1] in "²³" else "^" + t[1]),
                f"{t[0][1]}**{ {'²': '2', '³': '3'}.get(t[1], t[1]) }",
            )
        ),
        atoms,
    )
    product = st.lists(factor, min_size=1, max_size=3).map(
        lambda fs: _product(fs)
    )
    return st.one_of(
        product,
        st.tuples(product, st.sampled_from(["+", "-", "−"]), product).map(
            lambda t: (f"{t[0][0]} {t[1]} {t[2][0]}", f"{t[0][1]} {'-' if t[1] != '+' else '+'} "
                       f"{t[2][1]}")
        ),
    )


def _product(factors: list[Pair]) -> Pair:
    out = factors[0]
    for f in factors[1:]:
        out = _juxtapose(out, f)
    return out


formulas = st.recursive(atoms, _extend, max_leaves=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(formulas)
def test_the_fix_means_what_the_maths_means(pair: Pair) -> None:
    maths, python = pair
    reference = evaluate(Request(source=python, x_values=XS, dtype="float64"))
    assert reference.error is None, (python, reference.error)
    typed = evaluate(Request(source=maths, x_values=XS, dtype="float64"))
    if maths == python:
        assert typed.error is None
        return
    if typed.error is None:  # maths that is also Python with the same meaning (sin(x) - 2)
        np.testing.assert_allclose(typed.f, reference.f, rtol=1e-12, equal_nan=True)
        return
    assert typed.error.kind == "notation", (maths, typed.error)
    assert typed.error.fix is not None, (maths, typed.error)
    fixed = evaluate(Request(source=typed.error.fix, x_values=XS, dtype="float64"))
    assert fixed.error is None, (maths, typed.error.fix, fixed.error)
    np.testing.assert_allclose(fixed.f, reference.f, rtol=1e-12, equal_nan=True)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="x2 (|)^²√πsinlogf=y,.!°+-*·e{}\n:def", max_size=30))
def test_reading_any_text_as_maths_never_fails(text: str) -> None:
    fixed = correct(text)
    assert fixed is None or (fixed.source != text and fixed.rules)
