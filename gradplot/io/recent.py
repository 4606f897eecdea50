"""The recent-files list: absolute paths, newest first, each once.

Pure list arithmetic on what the settings store holds; the menu lives in the window.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

__all__ = ["MAX_RECENT", "add_recent", "parse_recent", "remove_recent"]

MAX_RECENT = 10


def _norm(path: str | os.PathLike[str]) -> str:
    return os.path.normpath(os.path.abspath(os.fspath(path)))


def _same(a: str, b: str) -> bool:
    return os.path.normcase(a) == os.path.normcase(b)


def add_recent(
    recent: Sequence[str], path: str | os.PathLike[str], *, limit: int = MAX_RECENT
) -> list[str]:
    """``recent`` with ``path`` moved (or added) to the front, absolute, at most ``limit``."""
    new = _norm(path)
    return [new, *(p for p in recent if not _same(p, new))][:limit]


def remove_recent(recent: Sequence[str], path: str | os.PathLike[str]) -> list[str]:
    """``recent`` without ``path`` (e.g. after it failed to open)."""
    gone = _norm(path)
    return [p for p in recent if not _same(p, gone)]


def parse_recent(value: object, *, limit: int = MAX_RECENT) -> list[str]:
    """A clean recent-files list from whatever settings storage returned.

    Accepts a list of strings, a single string, or ``None``; drops non-strings,
    blanks, over-long entries and duplicates.
    """
    items: list[object]
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        return []
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip() or len(item) > 4096 or "\x00" in item:
            continue
        norm = _norm(item)
        if not any(_same(norm, p) for p in out):
            out.append(norm)
        if len(out) >= limit:
            break
    return out
