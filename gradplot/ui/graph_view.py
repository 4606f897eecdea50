"""The autograd graph of the current f, drawn live from ``Result.graph``.

Nodes are grad_fn objects (``MulBackward0``...), the ``AccumulateGrad`` leaf that
feeds ``x.grad``, and the output. Edges point the way the forward pass went (input to
consumer); backward runs against them. A ``detach()`` that the engine honoured comes as
a ``cut`` node feeding the op that used the detached tensor; it is drawn dashed.

Layout: grandalf's Sugiyama layered layout (pure Python, no Graphviz executable).
Kinds are told apart by outline, not only by colour: the leaf has a double outline,
the output a thick one, a cut a dashed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from gradplot.engine import GraphInfo, GraphNode, Request
from gradplot.ui.i18n import tr, trf

_DETACH = re.compile(r"\bdetach\s*\(")
_GAP_X, _GAP_Y = 28.0, 46.0
_PAD_X, _PAD_Y = 14.0, 8.0


@dataclass(frozen=True)
class DrawnNode:
    """What the view shows for one node (tests read these)."""

    id: int
    kind: str  # "op", "leaf", "output" or "cut"
    title: str
    subtitle: str
    rect: QRectF
    lines: tuple[str, ...] = ()  # below the subtitle: values, gradients, saved tensors
    state: str = ""  # stepping: "current", "ran", "failed" or ""


@dataclass(frozen=True)
class NodeText:
    """What to draw in one node while stepping. The box is as wide as the widest of
    ``lines`` and ``widest`` (every line the node shows at any step), so that it keeps
    its size, and the layout its place, from step to step."""

    id: int
    kind: str
    title: str
    subtitle: str
    lines: tuple[str, ...]
    state: str = ""
    widest: tuple[str, ...] = ()
    rows: int = 0  # the most lines it shows at any step (the box's height)


def uses_detach(source: str) -> bool:
    return _DETACH.search(source) is not None


def _shape_text(shape: tuple[int, ...] | None) -> str:
    if shape is None:
        return ""
    if not shape:
        return "()"
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def node_texts(node: GraphNode) -> tuple[str, str]:
    """(title, subtitle) of a node: its grad_fn name, then role and shape."""
    shape = _shape_text(node.shape)
    if node.kind == "leaf":
        role = tr("leaf: x.grad collects here")
        return "x  (AccumulateGrad)", role + (f"  {shape}" if shape else "")
    if node.kind == "output":
        return f"y = f(x)  {node.name}", tr("output") + (f"  {shape}" if shape else "")
    if node.kind == "cut":
        role = tr("cut: no gradient flows back through this branch")
        return "✂ detach()", role + (f"  {shape}" if shape else "")
    return node.name, shape


class _Layout:
    """Sugiyama layout of boxes of given sizes; returns top-left corners."""

    class _View:
        def __init__(self, w: float, h: float) -> None:
            self.w, self.h = w, h
            self.xy = (0.0, 0.0)

    @staticmethod
    def place(
        sizes: dict[int, tuple[float, float]], edges: list[tuple[int, int]]
    ) -> dict[int, tuple[float, float]]:
        # imported with the first graph drawn: the dock starts hidden
        from grandalf.graphs import Edge, Graph, Vertex
        from grandalf.layouts import SugiyamaLayout

        vertices = {i: Vertex(i) for i in sizes}
        for i, v in vertices.items():
            v.view = _Layout._View(*sizes[i])
        graph = Graph(
            list(vertices.values()),
            [Edge(vertices[a], vertices[b]) for a, b in edges if a in vertices and b in vertices],
        )
        centres: dict[int, tuple[float, float]] = {}
        offset = 0.0
        for component in graph.C:
            layout = SugiyamaLayout(component)
            layout.xspace, layout.yspace = _GAP_X, _GAP_Y
            layout.init_all()
            layout.draw()
            xs = [v.view.xy[0] - v.view.w / 2 for v in component.sV]
            xe = [v.view.xy[0] + v.view.w / 2 for v in component.sV]
            left = min(xs)
            for v in component.sV:
                centres[v.data] = (v.view.xy[0] - left + offset, v.view.xy[1])
            offset += max(xe) - left + 3 * _GAP_X
        return {
            i: (cx - sizes[i][0] / 2, cy - sizes[i][1] / 2) for i, (cx, cy) in centres.items()
        }


class GraphView(QGraphicsView):
    """Shows one GraphInfo. ``set_graph(graph, request)`` after every result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graphView")
        self.setAccessibleName("Computation graph")
        self.setToolTip(
            "The autograd graph of f: grad_fn nodes from x (the leaf) to the output. "
            "backward() walks it from the output back to x. Ctrl+wheel or +/- zooms."
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self._nodes: list[DrawnNode] = []
        self._edges: list[tuple[int, int, bool]] = []  # (from, to, cut)
        self._caption = ""
        self._font = QFont(self.font())
        self._zoom = 1.0
        self.dark = False
        self._layout_key: object = None
        self._fit_key: object = None
        self._corners: dict[int, tuple[float, float]] = {}
        self._sizes: dict[int, tuple[float, float]] = {}

    # --- data ------------------------------------------------------------------------
    @property
    def nodes(self) -> tuple[DrawnNode, ...]:
        return tuple(self._nodes)

    @property
    def edges(self) -> tuple[tuple[int, int, bool], ...]:
        return tuple(self._edges)

    @property
    def caption(self) -> str:
        return self._caption

    def node_names(self) -> list[str]:
        return [n.title for n in self._nodes]

    def set_graph(
        self, graph: GraphInfo | None, request: Request | None = None, total_nodes: int = 0
    ) -> None:
        self._scene.clear()
        self._nodes = []
        self._edges = []
        self._layout_key = self._fit_key = None
        detach_cut = graph is not None and any(n.kind == "cut" for n in graph.nodes)
        if graph is None or not graph.nodes:
            detach_cut = (
                request is not None and request.detach and uses_detach(request.source)
            )
            self._caption = tr(
                "No autograd graph: f is not connected to x by tensor operations, or the "
                "last evaluation failed."
            )
            if detach_cut:
                self._caption += " " + tr("detach() cut every path from x to the output.")
            self._show_caption_only()
            return
        texts = {n.id: node_texts(n) for n in graph.nodes}
        kinds = {n.id: str(n.kind) for n in graph.nodes}
        cut_ids = {n.id for n in graph.nodes if n.kind == "cut"}
        edges = [(a, b, a in cut_ids) for a, b in graph.edges]
        sizes = {i: self._box_size(*t) for i, t in texts.items()}
        corners = _Layout.place(sizes, [(a, b) for a, b, _ in edges])
        for i, (title, subtitle) in texts.items():
            x, y = corners[i]
            w, h = sizes[i]
            self._nodes.append(DrawnNode(i, kinds[i], title, subtitle, QRectF(x, y, w, h)))
        by_id = {n.id: n for n in self._nodes}
        for a, b, cut in edges:
            if a in by_id and b in by_id:
                self._draw_edge(by_id[a].rect, by_id[b].rect, cut)
                self._edges.append((a, b, cut))
        for node in self._nodes:
            self._draw_node(node)
        shown = len(graph.nodes)
        parts = [trf("%1 nodes", shown)]
        if total_nodes > shown:
            parts.append(trf("showing the first %1 of %2", shown, total_nodes))
        if detach_cut:
            parts.append(tr("dashed: cut by detach()"))
        elif request is not None and not request.detach and uses_detach(request.source):
            parts.append(tr("detach() is switched off: the branch stays in the graph"))
        self._caption = " · ".join(parts)
        bottom = max(n.rect.bottom() for n in self._nodes)
        left = min(n.rect.left() for n in self._nodes)
        caption = QGraphicsSimpleTextItem(self._caption)
        caption.setFont(self._font)
        caption.setBrush(QColor(self._colours()["text"][1]))
        caption.setPos(left, bottom + 10)
        self._scene.addItem(caption)
        self.setAccessibleDescription(
            self._caption + ". " + "; ".join(f"{n.title} {n.subtitle}".strip() for n in self._nodes)
        )
        self._fit()

    def show_steps(
        self,
        texts: list[NodeText],
        edges: list[tuple[int, int]],
        flow: set[tuple[int, int]],
        caption: str,
        layout_key: object,
    ) -> None:
        """Draw a stepped graph: node texts and states, the edges the gradient just took
        (``flow``, thick), and ``caption``. The layout is kept while ``layout_key`` and
        the font stay the same, so boxes do not move from step to step."""
        self._scene.clear()
        self._nodes = []
        self._edges = []
        cut_ids = {t.id for t in texts if t.kind == "cut"}
        key = (layout_key, self._font.pointSizeF())
        if self._layout_key != key:
            sizes = {
                t.id: self._box_size(t.title, t.subtitle, t.lines, t.widest, t.rows) for t in texts
            }
            self._corners = _Layout.place(sizes, edges)
            self._sizes = sizes
            self._layout_key = key
        for t in texts:
            x, y = self._corners[t.id]
            w, h = self._sizes[t.id]
            self._nodes.append(
                DrawnNode(t.id, t.kind, t.title, t.subtitle, QRectF(x, y, w, h), t.lines, t.state)
            )
        by_id = {n.id: n for n in self._nodes}
        for a, b in edges:
            if a in by_id and b in by_id:
                cut = a in cut_ids
                self._draw_edge(by_id[a].rect, by_id[b].rect, cut, (a, b) in flow)
                self._edges.append((a, b, cut))
        for node in self._nodes:
            self._draw_node(node)
        self._caption = caption
        bottom = max((n.rect.bottom() for n in self._nodes), default=0.0)
        left = min((n.rect.left() for n in self._nodes), default=0.0)
        item = QGraphicsSimpleTextItem(caption)
        item.setFont(self._font)
        item.setBrush(QColor(self._colours()["text"][1]))
        item.setPos(left, bottom + 10)
        self._scene.addItem(item)
        self.setAccessibleDescription(
            caption + ". " + "; ".join(
                " ".join((n.title, n.subtitle, *n.lines)).strip() for n in self._nodes
            )
        )
        if self._fit_key != key:  # a step keeps the user's zoom and scroll
            self._fit_key = key
            self._fit()

    # --- drawing ---------------------------------------------------------------------
    def _colours(self) -> dict[str, tuple[str, str]]:
        if self.dark:
            return {"op": ("#2b2d31", "#c8c8c8"), "leaf": ("#1f3b2f", "#33C08F"),
                    "output": ("#1e3346", "#56B4E9"), "cut": ("#3a2a20", "#E69F00"),
                    "text": ("#eeeeee", "#bbbbbb"), "edge": ("#c8c8c8", "#E69F00"),
                    "current": ("#3d3a12", "#F0E442"), "failed": ("#4a1c1c", "#FF6B6B"),
                    "flow": ("#F0E442", "#F0E442")}
        return {"op": ("#f4f4f4", "#444444"), "leaf": ("#e6f5ef", "#007A55"),
                "output": ("#e5f0f9", "#0050A0"), "cut": ("#fff4e5", "#C04000"),
                "text": ("#111111", "#444444"), "edge": ("#333333", "#C04000"),
                "current": ("#fff6bf", "#8A6D00"), "failed": ("#fde2e2", "#B00020"),
                "flow": ("#8A6D00", "#8A6D00")}

    def _box_size(
        self,
        title: str,
        subtitle: str,
        lines: tuple[str, ...] = (),
        widest: tuple[str, ...] = (),
        count: int = 0,
    ) -> tuple[float, float]:
        bold = QFont(self._font)
        bold.setBold(True)
        fm_b, fm = QFontMetricsF(bold), QFontMetricsF(self._font)
        rows = ((subtitle,) if subtitle else ()) + lines
        w = max([fm_b.horizontalAdvance(title), *(fm.horizontalAdvance(r) for r in rows + widest)])
        n = (1 if subtitle else 0) + max(len(lines), count)
        h = fm_b.height() + fm.height() * n + 2 * _PAD_Y
        return max(w + 2 * _PAD_X, 80.0), h

    def _draw_node(self, node: DrawnNode) -> None:
        fill, line = self._colours()[node.kind]
        text_colour, sub_colour = self._colours()["text"]
        if node.state in ("current", "failed"):
            fill, line = self._colours()[node.state]
        pen = QPen(QColor(line))
        pen.setWidthF(3.0 if node.kind == "output" else 1.5)
        if node.state in ("current", "failed"):  # told by a thick outline, not colour alone
            pen.setWidthF(4.0)
        if node.kind == "cut":
            pen.setStyle(Qt.PenStyle.DashLine)
        path = QPainterPath()
        radius = node.rect.height() / 2 if node.kind == "leaf" else 6.0
        path.addRoundedRect(node.rect, radius, radius)
        box = QGraphicsPathItem(path)
        box.setPen(pen)
        box.setBrush(QBrush(QColor(fill)))
        box.setToolTip(f"{node.title}\n{node.subtitle}".strip())
        self._scene.addItem(box)
        if node.kind == "leaf":  # a double outline: the leaf is not told by colour alone
            inner_path = QPainterPath()
            inner_path.addRoundedRect(node.rect.adjusted(3, 3, -3, -3), radius - 3, radius - 3)
            ring = QGraphicsPathItem(inner_path)
            ring_pen = QPen(QColor(line))
            ring_pen.setWidthF(1.0)
            ring.setPen(ring_pen)
            self._scene.addItem(ring)
        bold = QFont(self._font)
        bold.setBold(True)
        title = QGraphicsSimpleTextItem(node.title)
        title.setFont(bold)
        title.setBrush(QColor(text_colour))
        fm_b = QFontMetricsF(bold)
        title.setPos(node.rect.center().x() - fm_b.horizontalAdvance(node.title) / 2,
                     node.rect.top() + _PAD_Y)
        self._scene.addItem(title)
        fm = QFontMetricsF(self._font)
        top = node.rect.top() + _PAD_Y + fm_b.height()
        rows = ((node.subtitle,) if node.subtitle else ()) + node.lines
        for k, row in enumerate(rows):
            sub = QGraphicsSimpleTextItem(row)
            sub.setFont(self._font)
            sub.setBrush(QColor(sub_colour if k == 0 and node.subtitle else text_colour))
            sub.setPos(node.rect.center().x() - fm.horizontalAdvance(row) / 2,
                       top + k * fm.height())
            self._scene.addItem(sub)

    def _draw_edge(self, src: QRectF, dst: QRectF, cut: bool, flow: bool = False) -> None:
        colour = self._colours()["flow" if flow else "edge"][1 if cut else 0]
        start = QPointF(src.center().x(), src.bottom())
        end = QPointF(dst.center().x(), dst.top())
        if src.center().y() > dst.center().y():  # drawn upward (rare, cycles never occur)
            start = QPointF(src.center().x(), src.top())
            end = QPointF(dst.center().x(), dst.bottom())
        path = QPainterPath(start)
        mid_y = (start.y() + end.y()) / 2
        path.cubicTo(QPointF(start.x(), mid_y), QPointF(end.x(), mid_y), end)
        pen = QPen(QColor(colour))
        pen.setWidthF(3.2 if flow else 1.6)
        if cut:
            pen.setStyle(Qt.PenStyle.DashLine)
        item = QGraphicsPathItem(path)
        item.setPen(pen)
        self._scene.addItem(item)
        # arrow head at the consumer
        direction = -1.0 if end.y() >= start.y() else 1.0
        head = QPolygonF([
            end,
            QPointF(end.x() - 5, end.y() + direction * 9),
            QPointF(end.x() + 5, end.y() + direction * 9),
        ])
        arrow = QGraphicsPathItem()
        arrow_path = QPainterPath()
        arrow_path.addPolygon(head)
        arrow_path.closeSubpath()
        arrow.setPath(arrow_path)
        arrow.setPen(QPen(QColor(colour)))
        arrow.setBrush(QColor(colour))
        self._scene.addItem(arrow)
        if cut:
            mark = QGraphicsSimpleTextItem("✂")
            mark.setBrush(QColor(colour))
            mark.setFont(self._font)
            mark.setPos(path.pointAtPercent(0.5) + QPointF(4, -8))
            self._scene.addItem(mark)

    def _show_caption_only(self) -> None:
        text = QGraphicsSimpleTextItem(self._caption)
        text.setFont(self._font)
        text.setBrush(QColor(self._colours()["text"][1]))
        self._scene.addItem(text)
        self.setAccessibleDescription(self._caption)
        self._fit()

    # --- zoom ------------------------------------------------------------------------
    def _fit(self) -> None:
        rect = self._scene.itemsBoundingRect().adjusted(-12, -12, 12, 12)
        self._scene.setSceneRect(rect)
        self.resetTransform()
        view = self.viewport().rect()
        if rect.width() > 0 and rect.height() > 0 and view.width() > 0:
            scale = min(view.width() / rect.width(), view.height() / rect.height(), 1.0)
            scale = max(scale, 0.25) * self._zoom
            self.scale(scale, scale)
        self.centerOn(rect.center())

    def set_font_scale(self, scale: float) -> None:
        self._font = QFont(self.font())
        if self._font.pointSizeF() > 0:
            self._font.setPointSizeF(self._font.pointSizeF() * scale)

    def zoom(self, factor: float) -> None:
        self._zoom = min(max(self._zoom * factor, 0.2), 8.0)
        self._fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.25)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom(0.8)
        elif event.key() == Qt.Key.Key_0:
            self._zoom = 1.0
            self._fit()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._scene.items():
            self._fit()
