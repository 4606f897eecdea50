"""The autograd graph a Result describes: nodes, edges, and where detach() cut it."""

from __future__ import annotations

from gradplot.engine import Request, evaluate
from tests.notebook import DETACH


def kinds(source: str, *, detach: bool = True) -> list[tuple[str, str]]:
    result = evaluate(Request(source=source, points=4, detach=detach))
    assert result.error is None, result.error
    assert result.graph is not None
    return sorted((n.kind, n.name) for n in result.graph.nodes)


def test_plain_graph_has_output_and_leaf_only() -> None:
    assert kinds("x * x") == [("leaf", "AccumulateGrad"), ("output", "MulBackward0")]


def test_a_detach_is_a_cut_node_feeding_the_op_that_used_it() -> None:
    result = evaluate(Request(source=DETACH, points=4))
    assert result.graph is not None
    nodes = {n.id: n for n in result.graph.nodes}
    (cut,) = [n for n in nodes.values() if n.kind == "cut"]
    assert cut.shape == (4,)
    consumers = [nodes[b] for a, b in result.graph.edges if a == cut.id]
    assert [c.name for c in consumers] == ["MulBackward0"]
    # a cut is not an autograd node: the count stays PyTorch's
    assert result.graph_nodes == 2


def test_detach_switched_off_keeps_the_branch_and_has_no_cut() -> None:
    assert kinds(DETACH, detach=False) == [
        ("leaf", "AccumulateGrad"), ("op", "MulBackward0"), ("output", "MulBackward0"),
    ]


def test_a_cut_that_no_op_saved_still_shows_at_the_output() -> None:
    source = "def f(x):\n    u = (x * x).detach()\n    return u + x\n"
    assert ("cut", "detach") in kinds(source)
