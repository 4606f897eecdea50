"""PlotState: what the window plots, in one evented object.

The source, the autograd switches, the sampling (range, points or explicit x values,
dtype, time limit), the parameters, the reference expression and the view. Every field
has its own psygnal signal (``state.events.source`` …, emitted with the new and the old
value, only when the value really changes) and ``state.events.all`` relays them all.
Values are immutable (tuples, frozen dataclasses): change a field by assigning it, or
several with :meth:`PlotState.update`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, ClassVar

from psygnal import Signal, evented

from gradplot.engine.model import DEFAULT_RANGE, DEFAULT_TIME_LIMIT, DType, Request
from gradplot.engine.switches import AutogradSwitches
from gradplot.model.session import Parameter, Session

DEFAULT_SOURCE = "sin(x)"
AUTO_POINTS = 0  # the point count that means "as many as the view is wide" (the view decides)
SNAPSHOT_POINTS = 400  # what a snapshot stores for "auto" when nothing was sampled yet
# slider values kept for names the function no longer uses (retyping ``a`` keeps its value)
PARAM_MEMORY = 16


if TYPE_CHECKING:
    from psygnal import SignalGroup, SignalInstance

    class PlotStateEvents(SignalGroup):
        """What ``@evented`` gives ``PlotState.events`` (for the type checker)."""

        source: SignalInstance
        switches: SignalInstance
        x_range: SignalInstance
        points: SignalInstance
        x_values: SignalInstance
        dtype: SignalInstance
        time_limit: SignalInstance
        parameters: SignalInstance
        remembered: SignalInstance
        reference: SignalInstance
        view_x: SignalInstance
        view_y: SignalInstance
        trace_x: SignalInstance


@evented
@dataclass
class PlotState:
    """The state of one plot. ``points == AUTO_POINTS`` samples the visible x range."""

    source: str = DEFAULT_SOURCE
    switches: AutogradSwitches = field(default_factory=AutogradSwitches)
    x_range: tuple[float, float] = DEFAULT_RANGE
    points: int = AUTO_POINTS
    x_values: tuple[float, ...] | None = None  # explicit samples (a lesson slide): win
    dtype: DType = "float64"
    time_limit: float = DEFAULT_TIME_LIMIT
    parameters: tuple[Parameter, ...] = ()  # the free names: value and slider range
    # sliders of names that are gone, oldest first (at most PARAM_MEMORY): not in a session
    remembered: tuple[Parameter, ...] = ()
    reference: str | None = None  # an expected f′, drawn for comparison
    view_x: tuple[float, float] | None = None  # None: the view follows the data
    view_y: tuple[float, float] | None = None
    trace_x: float | None = None  # where the engine records the backward pass (None: nowhere)

    # a session replaced the whole state (a file, a slide): not an edit of the user's
    replaced = Signal(object)
    if TYPE_CHECKING:
        events: ClassVar[PlotStateEvents]

    # --- changing it -------------------------------------------------------------------
    def update(self, **values: Any) -> None:
        """Set several fields (each emits its own signal, if it changed)."""
        names = {f.name for f in fields(self)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise TypeError(f"PlotState has no field {unknown[0]!r}")
        for name, value in values.items():
            setattr(self, name, value)

    def set_switch(self, name: str, value: bool | int) -> None:
        changes: dict[str, Any] = {name: value}
        self.switches = dataclasses.replace(self.switches, **changes)

    def set_parameter(self, name: str, value: float) -> None:
        """The value of one parameter (its slider range widens to hold it)."""
        out = []
        for p in self.parameters:
            if p.name == name:
                p = Parameter(name, value, min(p.minimum, value), max(p.maximum, value))
            out.append(p)
        self.parameters = tuple(out)

    def set_parameter_range(self, name: str, lo: float, hi: float) -> None:
        """The slider range of one parameter (an empty range gets one unit; the value
        moves into the range, as a slider's would)."""
        if not hi > lo:
            hi = lo + 1.0
        self.parameters = tuple(
            Parameter(name, min(max(p.value, lo), hi), lo, hi) if p.name == name else p
            for p in self.parameters
        )

    def show_parameters(self, names: Iterable[str]) -> None:
        """Exactly these parameters, in this order: a name seen before gets its old
        slider back, a new one the default; the sliders of names that go are remembered."""
        wanted = list(dict.fromkeys(names))
        current = {p.name: p for p in self.parameters}
        memory = _keep(self.remembered, (p for p in self.parameters if p.name not in wanted))
        known = {p.name: p for p in memory}
        shown = tuple(current.get(n) or known.get(n) or Parameter(n) for n in wanted)
        self.update(parameters=shown, remembered=memory)

    def remember(self, parameters: Iterable[Parameter]) -> None:
        """Slider values to use when these names appear (the ones shown take them now)."""
        given = {p.name: p for p in parameters}
        self.update(
            remembered=_keep(self.remembered, given.values()),
            parameters=tuple(given.get(p.name, p) for p in self.parameters),
        )

    @property
    def params(self) -> dict[str, float]:
        """Parameter values by name, as a Request wants them: every name seen so far,
        the ones shown winning (a name typed again is evaluated with its old value)."""
        out = {p.name: p.value for p in self.remembered}
        out.update((p.name, p.value) for p in self.parameters)
        return out

    @property
    def auto_points(self) -> bool:
        return self.points == AUTO_POINTS

    # --- what the engine gets ------------------------------------------------------------
    def to_request(
        self,
        *,
        x_range: tuple[float, float] | None = None,
        points: int | None = None,
        request_id: int = 0,
        trace_x: float | None = None,
        params: Mapping[str, float] | None = None,
    ) -> Request:
        """A frozen request. ``x_range``/``points`` resolve "auto" (the view's range and
        width); without them an auto state samples its x range at the default count.
        ``trace_x`` defaults to the state's."""
        lo, hi = x_range if x_range is not None else self.x_range
        n = points if points is not None else (
            self.points if not self.auto_points else SNAPSHOT_POINTS
        )
        return Request(
            source=self.source,
            x_range=(min(lo, hi), max(lo, hi)),
            points=n,
            x_values=self.x_values,
            params=dict(self.params if params is None else params),
            dtype=self.dtype,
            time_limit=self.time_limit,
            **self.switches.as_kwargs(),
            request_id=request_id,
            trace_x=self.trace_x if trace_x is None else trace_x,
        )

    def reference_request(self, base: Request) -> Request | None:
        """The reference expression on the grid of ``base`` (plain switches)."""
        if not self.reference or not self.reference.strip():
            return None
        return Request(
            source=self.reference.strip(),  # as typed: a space before it is no indent
            x_range=base.x_range,
            points=base.points,
            x_values=base.x_values,
            params=base.params,
            dtype=base.dtype,
            time_limit=base.time_limit,
            request_id=base.request_id,
        )

    # --- sessions -------------------------------------------------------------------------
    def snapshot(self, *, points_if_auto: int | None = None) -> Session:
        """The state as a session (what a file or a lesson slide stores).

        "Auto" points become ``points_if_auto`` (what was sampled last); a parameter's
        slider range widens to hold its value.
        """
        points = self.points
        if self.auto_points:
            points = points_if_auto or SNAPSHOT_POINTS
        lo, hi = self.x_range
        if not hi > lo:
            lo, hi = -1.0, 1.0
        parameters = []
        for p in self.parameters:
            p_lo, p_hi = min(p.minimum, p.value), max(p.maximum, p.value)
            if not p_hi > p_lo:
                p_hi = p_lo + 1.0
            try:
                parameters.append(Parameter(p.name, p.value, p_lo, p_hi))
            except ValueError:
                continue
        view_x, view_y = self.view_x, self.view_y
        return Session(
            source=self.source,
            x_range=(lo, hi),
            points=max(2, points),
            x_values=self.x_values,
            dtype=self.dtype,
            **self.switches.as_kwargs(),
            parameters=tuple(parameters),
            reference=self.reference or None,
            view_x=view_x if view_x is not None and view_x[1] > view_x[0] else None,
            view_y=view_y if view_y is not None and view_y[1] > view_y[0] else None,
        )

    def apply(self, session: Session) -> None:
        """Take everything ``session`` holds; then ``replaced`` is emitted with it."""
        self.update(
            source=session.source,
            switches=AutogradSwitches.of(session),
            x_range=session.x_range,
            points=session.points,
            x_values=session.x_values,
            dtype=session.dtype,
            parameters=session.parameters,
            remembered=(),  # a session is a whole state: a name it does not list is default
            reference=session.reference,
            view_x=session_view_x(session),
            view_y=session.view_y,
        )
        self.replaced.emit(session)


def _keep(memory: tuple[Parameter, ...], gone: Iterable[Parameter]) -> tuple[Parameter, ...]:
    """``memory`` with ``gone`` as its most recent entries, the oldest dropped past
    :data:`PARAM_MEMORY`."""
    out = {p.name: p for p in memory}
    for p in gone:
        out.pop(p.name, None)
        out[p.name] = p
    return tuple(out.values())[-PARAM_MEMORY:]


def same_work(a: Session | None, b: Session | None) -> bool:
    """Equal as far as the teacher's work goes (the visible ranges do not count)."""
    if a is None or b is None:
        return a is b
    return replace(a, view_x=None, view_y=None) == replace(b, view_x=None, view_y=None)


def session_view_x(session: Session) -> tuple[float, float]:
    """The x view a session opens with: its own, around its x values, or its range."""
    if session.view_x is not None:
        return session.view_x
    if session.x_values is not None:
        xs = session.x_values
        pad = max((max(xs) - min(xs)) * 0.25, 1.0)
        return (min(xs) - pad, max(xs) + pad)
    return session.x_range
