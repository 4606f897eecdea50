"""The backward pass recorded at one x (Result.backprop), checked against plain PyTorch."""

from __future__ import annotations

import math
import pickle
from collections.abc import Callable

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from gradplot.engine import Request, evaluate
from gradplot.engine.backprop import TRACE_NODE_LIMIT
from gradplot.engine.model import BackpropTrace, TraceGraph, TraceValue
from tests.notebook import DETACH, X4

SIN_X = "sin(x) * x"
Build = Callable[[torch.Tensor], torch.Tensor]


def trace(source: str, x: float = 1.0, **switches: object) -> BackpropTrace:
    result = evaluate(Request(source=source, trace_x=x, dtype="float64", **switches))  # type: ignore[arg-type]
    assert result.backprop is not None
    return result.backprop


def names(graph: TraceGraph, p: int = 0) -> list[str]:
    by_id = {n.id: n.name for n in graph.nodes}
    return [by_id[s.node] for s in graph.passes[p].steps]


def one(value: TraceValue | None) -> float:
    assert value is not None and len(value.values) == 1
    return value.values[0]


def autograd_order(build: Callable[[torch.Tensor], torch.Tensor], x0: float) -> list[str]:
    """The nodes PyTorch's engine runs, in order: plain torch, hooked here in the test."""
    x = torch.tensor([x0], dtype=torch.float64, requires_grad=True)
    y = build(x)
    order: list[str] = []
    nodes: list[torch.autograd.graph.Node] = []
    stack = [y.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or any(node is n for n in nodes):
            continue
        nodes.append(node)
        name = type(node).__name__
        node.register_prehook(lambda _grads, name=name: order.append(name))
        stack.extend(child for child, _ in node.next_functions)
    y.backward()
    return order


# --- sin(x) * x at x = 1, by hand ------------------------------------------------------------
def test_sin_x_times_x_steps_carry_the_hand_gradients() -> None:
    t = trace(SIN_X)
    assert t.error is None and not t.whole_vector
    assert t.x.values == (1.0,)
    (graph,) = t.graphs
    assert names(graph) == ["MulBackward0", "SinBackward0", "AccumulateGrad"]
    nodes = {n.id: n for n in graph.nodes}
    mul, sin, acc = graph.passes[0].steps
    # forward values at x = 1
    assert one(nodes[mul.node].value) == pytest.approx(math.sin(1))
    assert one(nodes[sin.node].value) == pytest.approx(math.sin(1))
    assert one(nodes[acc.node].value) == 1.0
    # backward: dy/dy = 1 into the product; it sends x to sin's branch and sin(x) to x
    assert one(mul.grad_in[0]) == 1.0
    out = {nodes[t].name: one(g) for t, g in zip(mul.targets, mul.grad_out, strict=True)}
    assert out == {"SinBackward0": pytest.approx(1.0), "AccumulateGrad": pytest.approx(math.sin(1))}
    assert one(sin.grad_in[0]) == pytest.approx(1.0)
    assert one(sin.grad_out[0]) == pytest.approx(math.cos(1))
    # AccumulateGrad runs once, with both paths summed: cos 1 + sin 1
    assert one(acc.grad_in[0]) == pytest.approx(math.cos(1) + math.sin(1))
    assert one(graph.passes[0].grad_after) == pytest.approx(math.cos(1) + math.sin(1))


def test_x_grad_at_the_end_is_the_plotted_derivative() -> None:
    traced = trace(SIN_X, x=0.7)
    plotted = evaluate(Request(source=SIN_X, x_values=(0.7,), dtype="float64"))
    assert plotted.df is not None
    assert one(traced.graphs[0].passes[0].grad_after) == pytest.approx(float(plotted.df[0]))


def test_saved_tensors_have_their_values() -> None:
    (graph,) = trace(SIN_X, x=2.0).graphs
    saved = {(n.name, s.name): one(s.value) for n in graph.nodes for s in n.saved}
    assert saved == {
        ("MulBackward0", "_saved_self"): pytest.approx(math.sin(2.0)),
        ("MulBackward0", "_saved_other"): 2.0,
        ("SinBackward0", "_saved_self"): 2.0,
    }


# --- the order is autograd's -------------------------------------------------------------------
CASES: list[tuple[str, Callable[[torch.Tensor], torch.Tensor]]] = [
    (SIN_X, lambda x: torch.sin(x) * x),
    ("exp(x) * cos(x) + x * x", lambda x: torch.exp(x) * torch.cos(x) + x * x),
    ("def f(x):\n    b = x * 2\n    for i in range(3):\n        b = b * b + x\n    return b\n",
     lambda x: _loop(x)),
    ("tanh(sin(x) + 2 * x) * exp(-x)",
     lambda x: torch.tanh(torch.sin(x) + 2 * x) * torch.exp(-x)),
]


def _loop(x: torch.Tensor) -> torch.Tensor:
    b = x * 2
    for _ in range(3):
        b = b * b + x
    return b


@pytest.mark.parametrize(("source", "build"), CASES)
def test_step_order_is_autograds_execution_order(
    source: str, build: Callable[[torch.Tensor], torch.Tensor]
) -> None:
    (graph,) = trace(source, x=0.3).graphs
    assert names(graph) == autograd_order(build, 0.3)


UNARY = {"sin": torch.sin, "cos": torch.cos, "exp": torch.exp, "tanh": torch.tanh}
BINARY = {"+": torch.add, "*": torch.mul, "-": torch.sub}


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> tuple[str, Build]:
    if depth == 0 or (draw(st.booleans()) and depth < 3):
        return "x", lambda x: x
    if draw(st.booleans()):
        name = draw(st.sampled_from(sorted(UNARY)))
        text, fn = draw(expressions(depth - 1))
        return f"{name}({text})", lambda x, f=UNARY[name], g=fn: f(g(x))
    op = draw(st.sampled_from(sorted(BINARY)))
    (lt, lf), (rt, rf) = draw(expressions(depth - 1)), draw(expressions(depth - 1))
    return f"({lt} {op} {rt})", lambda x, f=BINARY[op], a=lf, b=rf: f(a(x), b(x))


@settings(max_examples=30, deadline=None)
@given(expressions(), st.floats(-2.0, 2.0))
def test_step_order_matches_autograd_for_any_expression(
    expr: tuple[str, Callable[[torch.Tensor], torch.Tensor]], x0: float
) -> None:
    source, build = expr
    t = trace(source, x=x0)
    if source == "x":  # y is x itself: only the leaf
        assert names(t.graphs[0]) == ["AccumulateGrad"]
        return
    (graph,) = t.graphs
    assert names(graph) == autograd_order(build, x0)
    x = torch.tensor([x0], dtype=torch.float64, requires_grad=True)
    build(x).backward()
    assert x.grad is not None
    assert one(graph.passes[0].grad_after) == pytest.approx(float(x.grad[0]))


# --- freed saved tensors, a second pass, accumulation -------------------------------------------
def test_without_retain_graph_every_saved_tensor_is_freed_after_the_pass() -> None:
    (graph,) = trace(SIN_X).graphs
    saved = [s for n in graph.nodes for s in n.saved]
    assert saved and all(s.freed_after == 1 for s in saved)
    (kept,) = trace(SIN_X, retain_graph=True).graphs
    assert all(s.freed_after is None for n in kept.nodes for s in n.saved)


def test_a_second_pass_stops_at_the_first_freed_node() -> None:
    (graph,) = trace(SIN_X, backward_passes=2).graphs
    first, second = graph.passes
    assert first.error is None
    assert second.error is not None and second.error.kind == "backward_twice"
    # PyTorch stops at the first node it runs that needs a freed tensor: here the first
    assert names(graph, 1) == ["MulBackward0"]
    # plain PyTorch agrees: the same refusal
    x = torch.tensor([1.0], requires_grad=True)
    y = torch.sin(x) * x
    y.backward()
    with pytest.raises(RuntimeError, match="second time"):
        y.backward()


def test_a_node_that_saved_nothing_still_runs_in_the_second_pass() -> None:
    # x + x saves nothing; the product before it saved x: that is where pass 2 stops
    (graph,) = trace("(x * x) + x", backward_passes=2).graphs
    assert names(graph, 1) == ["AddBackward0", "MulBackward0"]
    assert graph.passes[1].error is not None


def test_two_passes_without_zero_grad_double_x_grad() -> None:
    (graph,) = trace(SIN_X, backward_passes=2, retain_graph=True, zero_grad=False).graphs
    first, second = (one(p.grad_after) for p in graph.passes)
    assert first == pytest.approx(math.cos(1) + math.sin(1))
    assert second == pytest.approx(2 * first)
    assert names(graph, 0) == names(graph, 1)
    (zeroed,) = trace(SIN_X, backward_passes=2, retain_graph=True, zero_grad=True).graphs
    assert one(zeroed.passes[1].grad_after) == pytest.approx(first)


# --- detach ----------------------------------------------------------------------------------
def test_the_notebooks_detach_shows_the_cut_value_and_x_grad_equals_u() -> None:
    result = evaluate(Request(source=DETACH, x_values=X4, trace_x=0.0))
    t = result.backprop
    assert t is not None and t.whole_vector and t.x.values == X4
    (graph,) = t.graphs
    nodes = {n.id: n for n in graph.nodes}
    (cut,) = [n for n in graph.nodes if n.kind == "cut"]
    assert cut.value is not None and cut.value.values == (0.0, 1.0, 4.0, 9.0)
    assert [nodes[b].name for a, b in graph.edges if a == cut.id] == ["MulBackward0"]
    # no step ever runs on the cut branch, and x.grad == u, as the notebook checks
    assert cut.id not in {s.node for s in graph.passes[0].steps}
    grad = graph.passes[0].grad_after
    assert grad is not None and grad.values == cut.value.values


def test_with_detach_off_the_branch_is_stepped() -> None:
    (graph,) = evaluate(
        Request(source=DETACH, x_values=X4, trace_x=0.0, detach=False)
    ).backprop.graphs  # type: ignore[union-attr]
    assert not [n for n in graph.nodes if n.kind == "cut"]
    assert names(graph).count("MulBackward0") == 2
    grad = graph.passes[0].grad_after
    assert grad is not None and grad.values == tuple(3 * v * v for v in X4)


# --- the graph create_graph built ----------------------------------------------------------------
def test_order_two_steps_the_graph_create_graph_built_and_it_is_bigger() -> None:
    result = evaluate(Request(source=SIN_X, trace_x=1.0, dtype="float64", order=2))
    t = result.backprop
    assert t is not None
    first, second = t.graphs
    assert (first.order, second.order) == (1, 2)
    assert second.total_nodes > first.total_nodes
    # the same count the status bar gives for f″ (Result.backprop_nodes)
    assert (first.total_nodes, second.total_nodes) == result.backprop_nodes
    assert one(first.passes[0].grad_after) == pytest.approx(math.cos(1) + math.sin(1))
    assert one(second.passes[0].grad_after) == pytest.approx(2 * math.cos(1) - math.sin(1))
    assert names(second)[-1] == "AccumulateGrad"
    # the graph's nodes carry the values backward computed: its output is x.grad = f′(1)
    (top,) = [n for n in second.nodes if n.kind == "output"]
    assert one(top.value) == pytest.approx(math.cos(1) + math.sin(1))
    assert sum(n.value is not None for n in second.nodes) >= len(second.nodes) - 1


# --- the trace is cheap to carry and only made when asked ---------------------------------------
def test_no_trace_unless_asked_and_the_plot_is_the_same_with_one() -> None:
    plain = evaluate(Request(source=SIN_X, points=50))
    traced = evaluate(Request(source=SIN_X, points=50, trace_x=1.0))
    assert plain.backprop is None
    assert traced.backprop is not None
    assert plain.f is not None and traced.f is not None
    assert plain.df is not None and traced.df is not None
    np.testing.assert_array_equal(plain.f, traced.f)
    np.testing.assert_array_equal(plain.df, traced.df)


def test_a_long_graph_is_bounded_and_the_trace_pickles() -> None:
    source = (
        "def f(x):\n    y = x\n    for i in range(600):\n        y = y * 1.001 + x\n"
        "    return y\n"
    )
    result = evaluate(Request(source=source, trace_x=0.5, points=20))
    assert result.backprop is not None
    (graph,) = result.backprop.graphs
    assert len(graph.nodes) <= TRACE_NODE_LIMIT < graph.total_nodes
    assert len(graph.passes[0].steps) <= TRACE_NODE_LIMIT
    blob = pickle.dumps(result)
    assert pickle.loads(blob).backprop == result.backprop
    assert len(pickle.dumps(result.backprop)) < 100_000


def test_vector_values_are_bounded() -> None:
    result = evaluate(Request(source="x * x", x_values=tuple(float(i) for i in range(9)),
                              trace_x=2.0))
    t = result.backprop
    assert t is not None and not t.whole_vector and t.x.values == (2.0,)


def test_per_point_mode_traces_a_0d_x() -> None:
    from tests.notebook import CONTROL_FLOW

    t = trace(CONTROL_FLOW, x=1.5, vector_input=False)
    assert t.x.shape == () and t.error is None
    graph = t.graphs[0]
    # the notebook: d.backward() gives a.grad == d / a
    value = graph.nodes[0].value
    assert one(graph.passes[0].grad_after) == pytest.approx(one(value) / 1.5)


def test_f_failing_at_the_traced_x_is_explained() -> None:
    t = trace("def f(x):\n    return x[3] * x\n", x=1.0, points=20)
    assert t.error is not None and t.error.kind != "internal"
    assert t.graphs == ()


def test_nothing_to_trace_without_a_graph() -> None:
    t = trace("x.detach() * 2")
    assert t.graphs == () and t.error is None


def test_a_value_changed_in_place_later_is_not_shown_stale() -> None:
    (graph,) = trace("def f(x):\n    y = x * 2\n    y += 1\n    return y * x\n", x=3.0).graphs
    by_kind = {(n.kind, n.name): n.value for n in graph.nodes}
    assert one(by_kind[("output", "MulBackward0")]) == 21.0
    assert one(by_kind[("op", "AddBackward0")]) == 7.0  # y after += 1
    assert by_kind[("op", "MulBackward0")] is None  # x * 2 = 6 was overwritten in place
