"""Automatic playback, and the reduced-motion setting that stops it.

A :class:`Player` moves one number along a track, one step per frame of a QTimer:
``loop`` (back to the start at the end), ``bounce`` (turn round at each end) or
``once`` (stop at the end). Tests call :meth:`Player.advance` themselves instead of
waiting for the timer, so nothing depends on how fast the machine is.

:class:`ReducedMotion` is the View ▸ Reduce motion switch, stored in QSettings. While it
is on, no player runs: pressing play does nothing and a running one stops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from gradplot.ui.actions import ActionRegistry
from gradplot.ui.settings import as_bool

Mode = Literal["loop", "bounce", "once"]
SETTINGS_KEY = "ui/reduced_motion"
DEFAULT_FPS = 30
MODES: tuple[Mode, ...] = ("loop", "bounce", "once")


class ReducedMotion(QObject):
    """The reduced-motion switch: a checkable action and its stored value."""

    changed = Signal(bool)

    def __init__(
        self,
        settings: QSettings | None,
        registry: ActionRegistry,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        on = as_bool(settings.value(SETTINGS_KEY, False)) if settings is not None else False
        self.action = registry.add(
            "reduced_motion", "Reduce &motion", self._on_toggled, menu="view",
            section="tools", order=230, checkable=True, checked=on,
            tooltip="Reduce motion: no automatic playback of sliders or the secant",
            object_name="reducedMotionAction",
        )

    @property
    def on(self) -> bool:
        return bool(self.action.isChecked())

    def set_on(self, on: bool) -> None:
        self.action.setChecked(on)

    def _on_toggled(self, on: bool) -> None:
        if self._settings is not None:
            self._settings.setValue(SETTINGS_KEY, on)
        self.changed.emit(on)


class Player(QObject):
    """One number played along [start, end] by ``step`` per frame, ``fps`` frames a second.

    ``frame(value)`` is emitted for every new value; ``playingChanged(bool)`` when the
    timer starts or stops (at the end of a ``once`` track, or when reduced motion
    is switched on). ``ready`` (when given) is asked on each tick: while the last frame
    is still being computed the tick is skipped, so frames never pile up behind a
    slower evaluation (superseded requests would be wasted work).
    """

    frame = Signal(float)
    playingChanged = Signal(bool)

    def __init__(
        self,
        motion: ReducedMotion | None = None,
        parent: QObject | None = None,
        *,
        start: float = 0.0,
        end: float = 1.0,
        step: float = 0.01,
        mode: Mode = "loop",
        fps: int = DEFAULT_FPS,
        ready: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self._motion = motion
        self.ready = ready
        self.skipped = 0  # ticks skipped while a frame was still being computed
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_tick)
        self.start_value = start
        self.end_value = end
        self.step = step
        self.mode: Mode = mode
        self.value = start
        self._direction = 1.0
        self.set_fps(fps)
        if motion is not None:
            motion.changed.connect(self._on_reduced_motion)

    # --- settings --------------------------------------------------------------------
    @property
    def fps(self) -> int:
        return self._fps

    def set_fps(self, fps: int) -> None:
        self._fps = max(1, min(int(fps), 120))
        self._timer.setInterval(max(1, round(1000 / self._fps)))

    def set_track(self, start: float, end: float) -> None:
        self.start_value, self.end_value = float(start), float(end)

    @property
    def allowed(self) -> bool:
        return self._motion is None or not self._motion.on

    # --- playing ---------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return bool(self._timer.isActive())

    def play(self, from_value: float | None = None) -> bool:
        """Start the timer (False, and nothing moves, under reduced motion)."""
        if not self.allowed:
            return False
        if from_value is not None:
            self.value = float(from_value)
        if not self.playing:
            self._timer.start()
            self.playingChanged.emit(True)
        return True

    def stop(self) -> None:
        if self.playing:
            self._timer.stop()
            self.playingChanged.emit(False)

    def _on_tick(self) -> None:
        if self.ready is not None and not self.ready():
            self.skipped += 1
            return
        self.advance()

    def advance(self) -> float:
        """One frame: move by one step along the track and emit the new value."""
        lo, hi = sorted((self.start_value, self.end_value))
        forward = 1.0 if self.end_value >= self.start_value else -1.0
        step = abs(self.step) * forward * self._direction
        value = self.value + step
        if self.mode == "once":
            if (value - self.end_value) * forward >= 0:
                value = self.end_value
                self._emit(value)
                self.stop()
                return value
        elif self.mode == "loop":
            if value > hi or value < lo:
                value = self.start_value
        else:  # bounce
            if value > hi:
                value, self._direction = hi - (value - hi), -self._direction
            elif value < lo:
                value, self._direction = lo + (lo - value), -self._direction
            value = min(max(value, lo), hi)
        self._emit(value)
        return value

    def _emit(self, value: float) -> None:
        self.value = value
        self.frame.emit(value)

    def _on_reduced_motion(self, on: bool) -> None:
        if on:
            self.stop()
