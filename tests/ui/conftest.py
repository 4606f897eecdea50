"""Qt runs offscreen; every test gets its own settings directory and log directory."""

from __future__ import annotations

import gc
import importlib.util
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from gradplot.engine import Result
from gradplot.ui.gc_pause import collect_on_gui_thread
from gradplot.ui.main_window import MainWindow

if TYPE_CHECKING:
    from gradplot.ui.plot_view import PlotView

RESULT_TIMEOUT_MS = 30_000


@pytest.fixture(scope="session", autouse=True)
def gui_thread_collections(qapp: object) -> Iterator[None]:
    """Collections run from the GUI thread's event loop only, as in the app."""
    timer = collect_on_gui_thread()
    yield
    del timer
    gc.enable()


@pytest.fixture(autouse=True)
def collect_between_tests() -> Iterator[None]:
    """A test's widgets that only cycles keep are destroyed here, between tests.

    Left to a later automatic collection, they can be destroyed inside a Qt call that
    holds the signal-slot lock (Shiboken asks Python for an override, the allocation
    starts a collection, a widget's destructor disconnects): the process deadlocks.
    """
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Settings and logs live in a temporary directory, never in the user's."""
    config = tmp_path / "config"
    config.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(config))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    yield config


def wait_result(
    qtbot: QtBot,
    window: MainWindow,
    action: Callable[[], object] | None = None,
    *,
    source: str | None = None,
    predicate: Callable[[Result], bool] | None = None,
    timeout: int = RESULT_TIMEOUT_MS,
) -> Result:
    """Run ``action`` and wait until the window shows a result of the newest request."""

    def check(result: Result) -> bool:
        req = window.last_request
        if req is None or result.request.request_id != req.request_id:
            return False
        if source is not None and result.request.source != source:
            return False
        return predicate is None or predicate(result)

    with qtbot.waitSignal(window.resultShown, timeout=timeout, check_params_cb=check) as blocker:
        if action is not None:
            action()
    result = blocker.args[0]
    assert isinstance(result, Result)
    return result


def shown_plot(qtbot: QtBot) -> PlotView:
    """A bare PlotView, 800x600, shown and exposed."""
    from gradplot.ui.plot_view import PlotView

    plot = PlotView()
    qtbot.addWidget(plot)
    plot.resize(800, 600)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


@pytest.fixture
def make_window(qtbot: QtBot) -> Callable[..., MainWindow]:
    def make(source: str | None = "sin(x)", **kwargs: object) -> MainWindow:
        window = MainWindow(source, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        wait_result(qtbot, window)
        return window

    return make


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    """scripts/update_translations.py, imported as a module."""
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location(
        "update_translations", root / "scripts" / "update_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["update_translations"] = module
    spec.loader.exec_module(module)
    return module


def engine_chinese(template: str) -> str:
    """The Chinese of one of the engine's message templates, from the compiled catalogue."""
    from PySide6.QtCore import QTranslator

    from gradplot.ui import i18n

    translator = QTranslator()
    assert translator.load(str(i18n.translations_dir() / i18n.QM_NAME))
    return translator.translate(i18n.ENGINE_CONTEXT, template) or template
