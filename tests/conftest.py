"""Shared test set-up: Qt always runs offscreen, so the suite needs no screen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
