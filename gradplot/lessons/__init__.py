"""The built-in lessons: decks stored as ``.gradplot`` JSON files in this package.

Each ``*.json`` file here is an ordinary ``.gradplot`` file holding a deck, read with
the same strict loader as a teacher's own files (:func:`gradplot.io.schema.loads`).
"""

from __future__ import annotations

import functools
from importlib import resources

from gradplot.io.errors import SessionFileError
from gradplot.io.schema import loads
from gradplot.model import Deck

__all__ = ["BUILTIN_FILES", "builtin_deck", "builtin_decks"]

# In presentation order.
BUILTIN_FILES: tuple[str, ...] = ("d2l_autograd.json", "d2l_calculus.json")


@functools.cache
def builtin_decks() -> tuple[Deck, ...]:
    """Every built-in deck, in order. Raises :class:`SessionFileError` if one is broken."""
    decks: list[Deck] = []
    package = resources.files(__name__)
    for name in BUILTIN_FILES:
        data = package.joinpath(name).read_bytes()
        try:
            content = loads(data)
        except SessionFileError as exc:
            raise SessionFileError(
                f"built-in lesson {name}: {exc.message}", reason=exc.reason
            ) from None
        if content.deck is None:
            raise SessionFileError(f"built-in lesson {name} holds no deck")
        decks.append(content.deck)
    return tuple(decks)


def builtin_deck(deck_id: str) -> Deck:
    """The built-in deck with this id (e.g. ``"d2l-autograd"``); ``KeyError`` if none."""
    for deck in builtin_decks():
        if deck.id == deck_id:
            return deck
    raise KeyError(deck_id)
