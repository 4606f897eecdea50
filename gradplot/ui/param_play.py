"""Play buttons for the parameter sliders: loop or bounce, a speed and a step.

Each row of the :class:`~gradplot.ui.controls.ParameterPanel` has a play button
(``play_NAME``); this controller gives it a :class:`~gradplot.ui.motion.Player` and a
menu (Loop / Bounce, frames per second, step as a share of the slider's range). A frame
sets the slider, and the panel's ``changed`` re-plots as for a hand-dragged slider:
the worker's newest-request-wins keeps playback smooth when an evaluation is slower
than a frame. Reduced motion stops every player and disables the buttons.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QToolButton

from gradplot.ui.controls import ParameterPanel
from gradplot.ui.i18n import set_text, tr, trf
from gradplot.ui.motion import Mode, Player, ReducedMotion

SPEEDS: tuple[int, ...] = (10, 20, 30, 60)  # frames per second
STEPS: tuple[int, ...] = (200, 100, 50, 20)  # frames from one end of the slider to the other
DEFAULT_STEPS = 100


def _speed_text(fps: int) -> Callable[[], str]:
    return lambda: trf("%1 fps", fps)


class ParamPlay(QObject):
    """One player per parameter row; ``players[name]`` (tests step them explicitly)."""

    def __init__(
        self,
        panel: ParameterPanel,
        motion: ReducedMotion | None = None,
        *,
        ready: Callable[[], bool] | None = None,
        language_changed: SignalInstance | None = None,
    ) -> None:
        super().__init__(panel)
        self.panel = panel
        self.ready = ready  # is the plot free for the next frame? (see Player)
        self.motion = motion
        self.players: dict[str, Player] = {}
        self._buttons: dict[str, QToolButton] = {}
        self.divisions: dict[str, int] = {}
        panel.rowsChanged.connect(self._on_rows)
        if motion is not None:
            motion.changed.connect(self._on_reduced_motion)
        if language_changed is not None:
            language_changed.connect(self._on_language)
        self._on_rows()

    # --- rows come and go ------------------------------------------------------------------
    def _on_rows(self) -> None:
        names = set(self.panel.names())
        for name in list(self.players):
            if name not in names or self._buttons[name] is not self.panel.row(name).play:
                player = self.players.pop(name)
                player.stop()
                player.deleteLater()
                self._buttons.pop(name, None)
        for name in self.panel.names():
            if name not in self.players:
                self._attach(name)

    def _attach(self, name: str) -> None:
        row = self.panel.row(name)
        button = row.play
        player = Player(self.motion, self, mode="loop", ready=self.ready)
        self.players[name] = player
        self._buttons[name] = button
        self.divisions[name] = DEFAULT_STEPS
        player.frame.connect(lambda v, n=name: self._on_frame(n, v))
        player.playingChanged.connect(lambda on, n=name: self._on_playing(n, on))
        button.toggled.connect(lambda on, n=name: self._on_button(n, on))
        button.setMenu(self._menu(name, button))
        self._sync_button(name)

    def _menu(self, name: str, button: QToolButton) -> QMenu:
        menu = QMenu(button)
        menu.setObjectName(f"playMenu_{name}")
        modes = QActionGroup(menu)
        for mode, text in (("loop", "Loop"), ("bounce", "Bounce")):
            action = QAction(text, menu)
            action.setObjectName(f"play_{name}_{mode}")
            action.setCheckable(True)
            action.setChecked(mode == "loop")
            action.triggered.connect(lambda _c=False, n=name, m=mode: self.set_mode(n, m))
            modes.addAction(action)
            menu.addAction(action)
        speed_menu = menu.addMenu("Speed")
        speeds = QActionGroup(speed_menu)
        for fps in SPEEDS:
            action = QAction(speed_menu)
            set_text(action, "text", _speed_text(fps))
            action.setObjectName(f"play_{name}_fps{fps}")
            action.setCheckable(True)
            action.setChecked(fps == self.players[name].fps)
            action.triggered.connect(lambda _c=False, n=name, f=fps: self.set_speed(n, f))
            speeds.addAction(action)
            speed_menu.addAction(action)
        step_menu = menu.addMenu("Step")
        steps = QActionGroup(step_menu)
        for count in STEPS:
            action = QAction(f"1/{count}", step_menu)
            action.setObjectName(f"play_{name}_step{count}")
            action.setToolTip(f"1/{count}")
            action.setCheckable(True)
            action.setChecked(count == DEFAULT_STEPS)
            action.triggered.connect(lambda _c=False, n=name, k=count: self.set_step(n, k))
            steps.addAction(action)
            step_menu.addAction(action)
        return menu

    # --- settings ------------------------------------------------------------------------
    def set_mode(self, name: str, mode: Mode) -> None:
        self.players[name].mode = mode

    def set_speed(self, name: str, fps: int) -> None:
        self.players[name].set_fps(fps)

    def set_step(self, name: str, divisions: int) -> None:
        """One frame moves the slider by 1/divisions of its range."""
        self.divisions[name] = max(2, int(divisions))
        self._sync_track(name)

    def _sync_track(self, name: str) -> None:
        lo, hi = self.panel.row(name).range()
        player = self.players[name]
        player.set_track(lo, hi)
        player.step = (hi - lo) / self.divisions[name]

    # --- playing -------------------------------------------------------------------------
    def play(self, name: str) -> bool:
        self._sync_track(name)
        return self.players[name].play(self.panel.row(name).value())

    def stop(self, name: str) -> None:
        self.players[name].stop()

    def step(self, name: str) -> float:
        """One frame of ``name``'s playback, now (what the timer does on each tick)."""
        self._sync_track(name)
        player = self.players[name]
        player.value = self.panel.row(name).value()
        return player.advance()

    def _on_frame(self, name: str, value: float) -> None:
        if name in self.panel.names():
            self.panel.row(name).set_value(value)

    def _on_button(self, name: str, on: bool) -> None:
        player = self.players.get(name)
        if player is None:
            return
        if on and not player.playing and not self.play(name):
            self._buttons[name].setChecked(False)
        elif not on:
            player.stop()

    def _on_playing(self, name: str, playing: bool) -> None:
        button = self._buttons.get(name)
        if button is not None:
            button.setChecked(playing)
            self._sync_button(name)

    def _sync_button(self, name: str) -> None:
        button = self._buttons[name]
        playing = self.players[name].playing
        reduced = self.motion is not None and self.motion.on
        button.setText("■" if playing else "▶")  # ■: click to stop (fonts lack ⏸)
        button.setEnabled(not reduced)
        if reduced:
            button.setToolTip(
                tr("Reduced motion is on (View ▸ Reduce motion): no automatic playback")
            )
        else:
            button.setToolTip(trf("Play %1: move its slider by itself (loop or bounce)", name))

    def _on_reduced_motion(self, _on: bool) -> None:
        for name in self.players:
            self._sync_button(name)

    def _on_language(self, *_args: object) -> None:
        self._on_reduced_motion(False)
