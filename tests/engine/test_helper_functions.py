"""Helper functions: ``def g(t): ...`` beside or inside f, and ``lambda t: ...``.

They compute exactly what the same Python gives under plain PyTorch, and they stay under
every sandbox rule: no escape through closures, defaults or function attributes, bounded
recursion, and the time limit holds inside them.
"""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

import numpy as np
import pytest
import torch

from gradplot.engine import Request, evaluate
from gradplot.engine.namespace import MAX_CALL_DEPTH
from gradplot.engine.pytorch_script import to_pytorch_script
from tests.engine.test_pytorch_script import compare
from tests.notebook import X4

SHORT = 0.5


def plain(source: str, params: dict[str, float] | None = None) -> tuple[np.ndarray[Any, Any], ...]:
    """f and x.grad of ``source`` run as ordinary Python on a plain torch tensor."""
    namespace: dict[str, Any] = {"sin": torch.sin, "exp": torch.exp, **(params or {})}
    exec(source if "def " in source else f"def f(x):\n    return {source}", namespace)
    main = namespace["f"]
    x = torch.tensor(X4, dtype=torch.float32, requires_grad=True)
    y = main(x)
    y.backward(torch.ones_like(y))
    assert x.grad is not None
    return y.detach().numpy(), x.grad.numpy()


HELPERS = {
    "lambda called in an expression": "(lambda t: t * t)(x)",
    "lambda with two arguments": "(lambda s, t: s * t + sin(s))(x, x)",
    "def beside f": "def g(t):\n    return t * t\n\ndef f(x):\n    return 3 * g(x) - 4 * x",
    "def beside f, f first": "def f(x):\n    return g(x) + x\n\ndef g(t):\n    return exp(t)",
    "def inside f": "def f(x):\n    def g(t):\n        return t * t * x\n    return g(x) + 1",
    "lambda inside f": "def f(x):\n    sq = lambda t: t * t\n    return sq(sq(x))",
    "default argument": (
        "def f(x):\n    def g(t, k=2.0):\n        return k * t\n    return g(x) + g(x, 3.0)"
    ),
    "recursion that stops": (
        "def power(t, n):\n    return t if n <= 1 else t * power(t, n - 1)\n\n"
        "def f(x):\n    return power(x, 5)"
    ),
    "mutual recursion that stops": (
        "def even(n):\n    return True if n == 0 else odd(n - 1)\n\n"
        "def odd(n):\n    return False if n == 0 else even(n - 1)\n\n"
        "def f(x):\n    return x * x if even(10) else x"
    ),
    "exercise 4 with a helper": (
        "def grow(b):\n    while b.norm() < 1000:\n        b = b * 2\n    return b\n\n"
        "def f(a):\n    c = grow(a * 2)\n    return c if c.sum() > 0 else 100 * c"
    ),
}


@pytest.mark.parametrize("name", sorted(HELPERS))
def test_helpers_compute_what_plain_pytorch_computes(name: str) -> None:
    source = HELPERS[name]
    result = evaluate(Request(source=source, x_values=X4))
    assert result.ok, result.error
    want_f, want_df = plain(source)
    np.testing.assert_allclose(result.f, want_f, rtol=1e-6)
    np.testing.assert_allclose(result.df, want_df, rtol=1e-6)
    assert result.param_names == ()


def test_helper_arguments_are_not_parameters_but_free_names_are() -> None:
    source = (
        "def g(t, k=1.0):\n    return a * t * k\n\n"
        "def f(x):\n    return (lambda u: g(u) + b)(x)"
    )
    result = evaluate(Request(source=source, x_values=X4, params={"a": 2.0, "b": 5.0}))
    assert result.ok, result.error
    assert result.param_names == ("a", "b")
    np.testing.assert_allclose(result.f, [5, 7, 9, 11])
    np.testing.assert_allclose(result.df, [2, 2, 2, 2])


def test_parameters_follow_python_scoping() -> None:
    # t is g's argument but a parameter in f; k is local in f but a global (a parameter) in g
    source = (
        "def g(t):\n    return t * k\n\n"
        "def f(x):\n    k = 100.0\n    return g(x) + t"
    )
    result = evaluate(Request(source=source, x_values=X4, params={"k": 2.0, "t": 5.0}))
    assert result.ok, result.error
    assert set(result.param_names) == {"k", "t"}
    np.testing.assert_allclose(result.f, [5, 7, 9, 11])
    compare(Request(source=source, x_values=X4, params={"k": 2.0, "t": 5.0}))
    # a name called but never defined anywhere is an unknown function, with its place
    info = evaluate(Request(source="def g(t):\n    return h(t)\n\ndef f(x):\n    return g(x)",
                            x_values=X4)).error
    assert info is not None and info.kind == "name" and info.line == 2


def test_per_point_mode_runs_helpers_at_every_point() -> None:
    source = "def g(t):\n    return t * t if t > 1 else -t\n\ndef f(x):\n    return g(x)"
    result = evaluate(Request(source=source, x_values=X4, vector_input=False))
    assert result.ok, result.error
    np.testing.assert_allclose(result.f, [0, -1, 4, 9])
    np.testing.assert_allclose(result.df, [-1, -1, 4, 6])


@pytest.mark.parametrize("name", ["def beside f", "lambda inside f", "default argument"])
def test_show_as_pytorch_runs_the_helpers(name: str) -> None:
    request = Request(source=HELPERS[name], x_values=X4)
    compare(request)
    script = to_pytorch_script(request)
    assert "parameter" not in script  # t, k, g, sq are the user's names, not sliders


# -- the sandbox holds inside helpers ----------------------------------------------------


def _error(source: str, **kwargs: Any) -> Any:
    kwargs.setdefault("x_values", X4)
    start = time.perf_counter()
    result = evaluate(Request(source=source, **kwargs))
    # only a guard against a hang: how fast the machine is decides nothing here
    assert time.perf_counter() - start < kwargs.get("time_limit", 2.0) + 60.0
    assert result.error is not None, f"{source!r} ran: {result.f}"
    info = result.error
    for text in (info.title, info.explanation, info.hint):
        assert "Traceback" not in text
    # the engine is fine afterwards
    good = evaluate(Request(source="2*dot(x, x)", x_values=X4))
    np.testing.assert_allclose(good.df, [0, 4, 8, 12])
    return info


ESCAPES = [
    "(lambda: 0).__globals__",
    "(lambda: 0).__code__",
    "(lambda: 0).__closure__",
    "(lambda t: t).__defaults__",
    "(lambda: 0).__builtins__",
    "def f(x):\n    g = lambda t: t\n    return g.__globals__",
    "def f(x):\n    def g(t):\n        return t\n    return g.__code__.co_consts",
    "def f(x):\n    def g(t):\n        return t * x\n    return g.__closure__[0].cell_contents",
    "def f(x):\n    def g(t):\n        return t\n    return g.__wrapped__",
    "def g(t):\n    return t\ndef f(x):\n    return g.__globals__['__gp_f']",
    "def f(x):\n    def g(t, k=x.__class__):\n        return t\n    return g(x)",
    "def f(x):\n    def g(t, k=open):\n        return t\n    return g(x)",
    "def f(x):\n    h = lambda t=().__class__: t\n    return x",
    "def __gp_tick(t):\n    return t\ndef f(x):\n    return x",
    "def _g(t):\n    return t\ndef f(x):\n    return _g(x)",
    "def f(x):\n    g = lambda _t: _t\n    return g(x)",
    "def open(t):\n    return t\ndef f(x):\n    return open(x)",
    "def sin(t):\n    return t\ndef f(x):\n    return sin(x)",
    "def f(x):\n    @print\n    def g(t):\n        return t\n    return g(x)",
    "def f(x):\n    def g(*t):\n        return t\n    return x",
    "def f(x):\n    def g(**t):\n        return t\n    return x",
    "def f(x):\n    def g(t, *, k):\n        return t\n    return x",
    "def f(x):\n    def g(t: int):\n        return t\n    return x",
    "def f(x):\n    def g(t):\n        nonlocal x\n        return t\n    return x",
    "def f(x):\n    def g(t):\n        global sin\n        return t\n    return x",
    "def f(x):\n    def g(t):\n        yield t\n    return x",
    "def f(x):\n    async def g(t):\n        return t\n    return x",
    "def g(t):\n    return t\ndef g(t):\n    return -t\ndef f(x):\n    return g(x)",
    "def g(t):\n    return f(t)\ndef f(x):\n    return g(x)",
    "def f(x):\n    g = lambda t: f(t)\n    return g(x)",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_escapes_through_helpers_are_refused(source: str) -> None:
    info = _error(source)
    assert info.kind in ("refused", "name"), (source, info)
    assert info.line is not None and info.line >= 1


def test_a_function_value_is_not_a_plot() -> None:
    info = _error("lambda: 0")
    assert info.kind == "type"
    assert "function" in info.title


def test_printing_a_helper_reveals_no_internals() -> None:
    result = evaluate(Request(source="def f(x):\n    g = lambda t: t\n    print(g)\n    return x",
                              x_values=X4))
    assert result.ok, result.error
    assert "__gp" not in result.output and "Runtime" not in result.output


RECURSIONS = {
    "self": "def g(n):\n    return g(n + 1)\n\ndef f(x):\n    return g(x)",
    "mutual": (
        "def a(n):\n    return b(n)\n\ndef b(n):\n    return a(n)\n\n"
        "def f(x):\n    return a(x)"
    ),
    "nested def": "def f(x):\n    def g(t):\n        return g(t)\n    return g(x)",
    "lambda omega": "(lambda h: h(h))(lambda h: h(h))",
    "lambda inside f": "def f(x):\n    g = lambda t: g(t)\n    return g(x)",
    "deep but finite": (
        "def down(n):\n    return 0 if n == 0 else down(n - 1)\n\n"
        f"def f(x):\n    return x + down({10 * MAX_CALL_DEPTH})"
    ),
}


@pytest.mark.parametrize("name", sorted(RECURSIONS))
@pytest.mark.parametrize("vector", [True, False])
def test_recursion_is_bounded(name: str, vector: bool) -> None:
    info = _error(RECURSIONS[name], vector_input=vector)
    assert info.kind == "refused", info
    assert "deep" in info.title


def test_recursion_within_the_bound_runs() -> None:
    depth = MAX_CALL_DEPTH - 2
    source = (
        "def down(n):\n    return 0 if n == 0 else down(n - 1)\n\n"
        f"def f(x):\n    return x + down({depth})"
    )
    result = evaluate(Request(source=source, x_values=X4))
    assert result.ok, result.error


@pytest.mark.parametrize(
    "source",
    [
        "def spin(t):\n    while True:\n        pass\n    return t\n\n"
        "def f(x):\n    return spin(x)",
        "def f(x):\n    g = lambda t: sum(range(10**12))\n    return g(x) * x",
        "def wide(n):\n    return wide(n) + wide(n) if n > 0 else 0\n\n"
        "def f(x):\n    return x + wide(1)",
        "def f(x):\n    def fan(n):\n        return 1 if n == 0 else fan(n - 1) + fan(n - 1)\n"
        "    return x * fan(60)",
    ],
)
def test_the_time_limit_holds_inside_helpers(source: str) -> None:
    info = _error(source, time_limit=SHORT)
    assert info.kind in ("timeout", "refused"), info


def test_the_deepest_recursion_fits_a_small_thread_stack() -> None:
    # macOS gives a worker thread 512 KB of stack; the bound must end recursion well before
    code = (
        "import threading\n"
        "from gradplot.engine import Request, evaluate\n"
        "threading.stack_size(512 * 1024)\n"
        "src = 'def g(n, t):\\n    return g(n + 1, sin(t) + t * 0)\\n\\ndef f(x):\\n"
        "    return g(0, x)'\n"
        "out = []\n"
        "def run():\n"
        "    for vector in (True, False):\n"
        "        r = evaluate(Request(source=src, x_values=(0.0, 1.0), vector_input=vector))\n"
        "        out.append(r.error.kind)\n"
        "t = threading.Thread(target=run)\n"
        "t.start()\n"
        "t.join()\n"
        "print(out)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['refused', 'refused']"
