"""Shared test set-up: Qt always runs offscreen, so the suite needs no screen."""

from __future__ import annotations

import os

from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# No per-example deadline: hypothesis's default (200 ms) fails a correct test on a slow or
# busy machine. A test that needs its own settings still sets them.
settings.register_profile("any_machine", deadline=None)
settings.load_profile("any_machine")
