"""Packaging tests: the fast ones always run; the slow end-to-end ones only when asked.

    python -m pytest tests/packaging --run-slow      (or GRADPLOT_RUN_SLOW=1)

The slow tests build the PyInstaller bundle and the .deb (minutes, ~1.5 GB of disk) and
install and remove the .deb with dpkg (root only).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow",
        action="store_true",
        default=False,
        help="run the slow packaging tests (build the bundle and the .deb, install it)",
    )


def _run_slow(config: pytest.Config) -> bool:
    try:
        asked = bool(config.getoption("--run-slow"))
    except ValueError:  # the option is unknown when this conftest was not loaded at start
        asked = False
    return asked or os.environ.get("GRADPLOT_RUN_SLOW") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _run_slow(config):
        return
    skip = pytest.mark.skip(reason="slow packaging test: give --run-slow (or GRADPLOT_RUN_SLOW=1)")
    for item in items:
        if "slow" in item.keywords and Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(skip)


def load_packaging_module(name: str) -> ModuleType:
    """Import packaging/<name>.py under a private name (``build`` is also a PyPI package)."""
    if str(PACKAGING) not in sys.path:
        sys.path.insert(0, str(PACKAGING))
    qualified = f"gradplot_packaging_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    spec = importlib.util.spec_from_file_location(qualified, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def build_module() -> ModuleType:
    return load_packaging_module("build")
