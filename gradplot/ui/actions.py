"""The window's menus and toolbar, declared by the features that own the actions.

A controller (files, lessons, classroom, a calculus tool) registers its actions with an
:class:`ActionRegistry`: under a menu id (``"file"``, ``"view"`` …), in a section, at an
order. Only the window builds the menu bar and the toolbar from the registry, once every
controller has registered. Nobody finds a menu by its (translated) title or inserts
"before Help": where an entry goes is its (section, order), nothing else.

Inside a menu, entries sort by their section (a section sits where its lowest ``order``
is), then by ``order``, then by when they were registered; a separator goes between
sections. A submenu (:meth:`ActionRegistry.add_submenu`) is a menu id too: entries can
be registered into it, or it fills itself in ``about_to_show`` (File ▸ Open recent).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar

Shortcut = str | QKeySequence | QKeySequence.StandardKey
TOOLBAR_DEFAULT = 0  # the toolbar position of ``toolbar=True``


@dataclass
class _Entry:
    entry_id: str
    menu: str
    section: str
    order: float
    seq: int
    action: QAction | None = None
    submenu: QMenu | None = None


@dataclass
class _Menu:
    menu_id: str
    title: str
    order: float
    seq: int
    menu: QMenu
    entries: list[_Entry] = field(default_factory=list)


class ActionRegistry(QObject):
    """Every action of the window, by id; menus by id; the toolbar's entries."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionRegistry")
        self._seq = itertools.count()
        self._menus: dict[str, _Menu] = {}
        self._actions: dict[str, QAction] = {}
        self._toolbar: list[tuple[float, int, QAction]] = []

    # --- declaring ---------------------------------------------------------------------
    def add_menu(self, menu_id: str, title: str, order: float) -> QMenu:
        """A top-level menu (its title keeps the ``&`` of its mnemonic)."""
        if menu_id in self._menus:
            raise ValueError(f"menu {menu_id!r} is already registered")
        menu = QMenu(title)
        menu.setObjectName(f"{menu_id}Menu")
        self._menus[menu_id] = _Menu(menu_id, title, order, next(self._seq), menu)
        return menu

    def add(
        self,
        action_id: str,
        text: str,
        slot: Callable[..., object] | QAction | None,
        *,
        menu: str,
        section: str = "",
        order: float = 0,
        shortcut: Shortcut | Sequence[Shortcut] | None = None,
        checkable: bool = False,
        checked: bool = False,
        toolbar: bool | float = False,
        tooltip: str = "",
        object_name: str = "",
    ) -> QAction:
        """Register an action under ``menu`` (a menu or submenu id) and return it.

        ``slot`` is connected to ``toggled`` for a checkable action, else to
        ``triggered``. An existing QAction given as ``slot`` (a dock's
        ``toggleViewAction()``) is registered as it is, with the text, shortcut, tip and
        object name given here applied to it. ``toolbar``: True, or a number that places
        it on the toolbar (lower first; True counts as 0).
        """
        if action_id in self._actions:
            raise ValueError(f"action {action_id!r} is already registered")
        target = self._menu(menu)
        if isinstance(slot, QAction):
            action = slot
            if text:
                action.setText(text)
        else:
            action = QAction(text, self.parent() or self)
            action.setCheckable(checkable)
            if checkable:
                action.setChecked(checked)
            if slot is not None:
                (action.toggled if checkable else action.triggered).connect(slot)
        if object_name:
            action.setObjectName(object_name)
        if shortcut is not None:
            keys: Sequence[Shortcut] = (
                shortcut if isinstance(shortcut, list | tuple) else [shortcut]  # type: ignore[list-item]
            )
            action.setShortcuts([QKeySequence(k) for k in keys])
        if tooltip:
            action.setToolTip(tooltip)
        self._actions[action_id] = action
        target.entries.append(
            _Entry(action_id, menu, section, order, next(self._seq), action=action)
        )
        if toolbar is not False:
            position = TOOLBAR_DEFAULT if toolbar is True else float(toolbar)
            self._toolbar.append((position, next(self._seq), action))
        return action

    def add_submenu(
        self,
        submenu_id: str,
        title: str,
        *,
        menu: str,
        section: str = "",
        order: float = 0,
        about_to_show: Callable[[QMenu], object] | None = None,
    ) -> QMenu:
        """A submenu of ``menu``; ``about_to_show(submenu)`` may fill it each time it opens."""
        if submenu_id in self._menus:
            raise ValueError(f"menu {submenu_id!r} is already registered")
        parent = self._menu(menu)
        submenu = QMenu(title)
        submenu.setObjectName(f"{submenu_id}Menu")
        if about_to_show is not None:
            submenu.aboutToShow.connect(lambda: about_to_show(submenu))
        self._menus[submenu_id] = _Menu(submenu_id, title, order, next(self._seq), submenu)
        parent.entries.append(
            _Entry(submenu_id, menu, section, order, next(self._seq), submenu=submenu)
        )
        return submenu

    # --- reading -----------------------------------------------------------------------
    def action(self, action_id: str) -> QAction:
        return self._actions[action_id]

    def menu(self, menu_id: str) -> QMenu:
        return self._menu(menu_id).menu

    def actions(self, menu_id: str) -> list[QAction]:
        """The entries of a menu in their order (a submenu as its ``menuAction()``)."""
        out = []
        for entry in self._sorted(self._menu(menu_id)):
            if entry.action is not None:
                out.append(entry.action)
            elif entry.submenu is not None:
                out.append(entry.submenu.menuAction())
        return out

    def toolbar_actions(self) -> list[QAction]:
        return [action for _pos, _seq, action in sorted(self._toolbar, key=lambda t: t[:2])]

    # --- building (the window does this, once every controller has registered) ----------
    def build_menu_bar(self, menubar: QMenuBar, *, empty: bool = False) -> None:
        """Fill ``menubar`` with the top-level menus that have entries (again: what it
        held goes). ``empty``: also those without entries yet, so that a menu bar built
        again once every feature registered keeps its menus where they were."""
        menubar.clear()
        submenus = {e.entry_id for m in self._menus.values() for e in m.entries if e.submenu}
        tops = [m for m in self._menus.values() if m.menu_id not in submenus]
        for top in sorted(tops, key=lambda m: (m.order, m.seq)):
            if not top.entries and not empty:
                continue  # a menu no feature registered into is not shown
            top.menu.setParent(menubar, top.menu.windowFlags())
            self._fill(top)
            menubar.addMenu(top.menu)

    def build_toolbar(self, toolbar: QToolBar) -> None:
        toolbar.clear()
        for action in self.toolbar_actions():
            toolbar.addAction(action)

    # --- inside --------------------------------------------------------------------------
    def _menu(self, menu_id: str) -> _Menu:
        try:
            return self._menus[menu_id]
        except KeyError:
            raise KeyError(f"no menu {menu_id!r}: add_menu() it first") from None

    def _sorted(self, menu: _Menu) -> list[_Entry]:
        first: dict[str, tuple[float, int]] = {}
        for e in menu.entries:
            key = (e.order, e.seq)
            if e.section not in first or key < first[e.section]:
                first[e.section] = key
        return sorted(menu.entries, key=lambda e: (first[e.section], e.order, e.seq))

    def _fill(self, menu: _Menu) -> None:
        qmenu = menu.menu
        # what this registry put there before goes; what about_to_show adds is its own
        qmenu.clear()
        section: str | None = None
        for entry in self._sorted(menu):
            if section is not None and entry.section != section:
                qmenu.addSeparator()
            section = entry.section
            if entry.action is not None:
                qmenu.addAction(entry.action)
            elif entry.submenu is not None:
                sub = self._menus[entry.entry_id]
                sub.menu.setParent(qmenu, sub.menu.windowFlags())
                if sub.entries:
                    self._fill(sub)
                qmenu.addMenu(sub.menu)


__all__ = ["ActionRegistry"]
