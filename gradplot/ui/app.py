"""Start the GUI: ``run(args)`` builds the QApplication, the crash log and the window.

``args`` are the command-line arguments *after* the program name:
``[SOURCE]`` opens with that function (``@path`` reads it from a file, ``-`` from
stdin), or, when it ends in ``.gradplot``, that file; ``--screenshot PATH [SOURCE]``
waits for the first complete plot, saves a PNG of the window and exits 0 (works
without a display: Qt's offscreen platform). With ``--screenshot`` nothing waits for
a click: a file that cannot be opened, or any dialog, ends it with status 1 and
``error:`` on stderr, and no picture.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import logging.handlers
import os
import re
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import platformdirs

from gradplot.ui.gc_pause import collect_on_gui_thread, long_lived

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from gradplot.ui.main_window import MainWindow

log = logging.getLogger("gradplot")

_START = time.perf_counter()


def log_dir() -> Path:
    return platformdirs.user_data_path("gradplot", appauthor=False) / "logs"


def setup_logging(directory: Path | None = None) -> Path:
    """A rotating log file in the user's data directory; returns its path."""
    directory = directory or log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "gradplot.log"
    for handler in log.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            if Path(handler.baseFilename) == path:
                return path
            log.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=512_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def make_excepthook(
    log_path: Path, show_dialog: Callable[[str, str], None] | None
) -> ExceptHook:
    """An excepthook that logs the traceback and tells the user, and lets the app live on."""
    showing = [False]

    def hook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("Unexpected error in the user interface:\n%s", text)
        for handler in log.handlers:
            handler.flush()
        print(f"gradplot: unexpected error (logged to {log_path}):\n{text}", file=sys.stderr)
        if show_dialog is not None and not showing[0]:
            showing[0] = True
            try:
                show_dialog(
                    "gradplot ran into a problem of its own and carried on. Your function "
                    f"and settings are safe.\n\nThe details are in the log file:\n{log_path}",
                    text,
                )
            finally:
                showing[0] = False

    return hook


# Qt's offscreen platform says this once per top-level window; it is not a problem.
_QUIET_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)

HEADLESS_COMMANDS = (
    "Without a display these work:\n"
    "  gradplot --screenshot out.png SOURCE     a PNG of the window\n"
    "  gradplot eval SOURCE                     x, f, df... as CSV\n"
    "  gradplot render SOURCE -o plot.png       the plot as PNG or SVG\n"
)
NO_DISPLAY_MESSAGE = (
    "gradplot: no display was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the "
    "window cannot open.\n" + HEADLESS_COMMANDS
)


def display_unreachable_message() -> str:
    shown = os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY") or "?"
    return (
        f"gradplot: Qt could not open the display {shown} (is it running, and may this "
        "user draw on it?).\n" + HEADLESS_COMMANDS
    )


# What Qt's xcb plugin loads beyond a desktop's usual X11 libraries (soname: Debian
# package). Qt >= 6.5 says "libxcb-cursor0 is needed" whichever of them is missing.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
}


def xcb_hint(packages: list[str]) -> str:
    """The message for a Qt that cannot load its xcb plugin, naming what to install."""
    names = " ".join(packages)
    return (
        "gradplot: Qt cannot load its xcb (X11) platform plugin: a library it needs is "
        "missing (Qt 6.5 and later need libxcb-cursor0).\n"
        f"Install it with:  sudo apt-get install {names}\n"
    )


def platform_is_xcb() -> bool:
    """Whether Qt will use its xcb (X11) platform plugin: Linux, X11, no other choice."""
    if not sys.platform.startswith("linux"):
        return False
    chosen = os.environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0].strip() == "xcb"
    wayland = os.environ.get("WAYLAND_DISPLAY") and (
        os.environ.get("XDG_SESSION_TYPE", "").lower() == "wayland"
    )
    return bool(os.environ.get("DISPLAY")) and not wayland


def missing_xcb_packages(libraries: dict[str, str] | None = None) -> list[str]:
    """The Debian packages of the xcb plugin's libraries that this system cannot load."""
    import ctypes

    if getattr(sys, "frozen", False):  # an installer bundle brings or depends on its own
        return []
    missing: list[str] = []
    for soname, package in (XCB_LIBRARIES if libraries is None else libraries).items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    return missing


def needs_offscreen() -> bool:
    """No display to draw on (Linux without X11/Wayland) and no Qt platform chosen."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    if sys.platform.startswith("linux"):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def display_problem() -> str | None:
    """What stops the window from opening on this system, in words; ``None`` if nothing."""
    if needs_offscreen():
        return NO_DISPLAY_MESSAGE
    # a missing xcb library is caught when Qt reports it (a check here would cost every
    # start a dozen library loads): see _install_qt_message_handler
    return None


def _install_qt_message_handler() -> None:
    """Qt's own warnings go to the log; stderr keeps everything but known noise."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if message in _QUIET_QT_MESSAGES:
            return
        if log.handlers:  # not before the log file is set up: stderr has it already
            log.log(levels.get(kind, logging.WARNING), "Qt: %s", message)
        if kind != QtMsgType.QtDebugMsg:
            print(f"Qt: {message}", file=sys.stderr)
        if kind == QtMsgType.QtFatalMsg and "platform plugin" in message:
            # Qt would abort next (exit 134): say what to install and exit cleanly instead
            packages = missing_xcb_packages() if platform_is_xcb() else []
            text = xcb_hint(packages) if packages else display_unreachable_message()
            print(text, file=sys.stderr, end="")
            sys.stderr.flush()
            os._exit(1)

    qInstallMessageHandler(handler)


def _crash_dialog(message: str, details: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("gradplot: unexpected problem")
    box.setText(message)
    box.setDetailedText(details)
    box.exec()


def _icon_path() -> Path | None:
    package = Path(__file__).resolve().parent.parent
    for base in (package / "resources", package.parent / "resources"):
        for name in ("icons/gradplot.svg", "icons/gradplot-256.png"):
            if (base / name).exists():
                return base / name
    return None


MIN_WINDOW_SIDE = 200
MAX_WINDOW_SIDE = 8000  # as gradplot render: a 8000 × 8000 grab is 256 MB already
MAX_SCREENSHOT_SECONDS = 3600.0


def window_size(text: str) -> tuple[int, int]:
    """An argparse type: ``WxH`` in pixels, each side bounded."""
    match = re.fullmatch(r"\s*(\d{1,9})\s*[xX×]\s*(\d{1,9})\s*", text)
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 1200x760")
    w, h = int(match[1]), int(match[2])
    if not (MIN_WINDOW_SIDE <= w <= MAX_WINDOW_SIDE and MIN_WINDOW_SIDE <= h <= MAX_WINDOW_SIDE):
        raise argparse.ArgumentTypeError(
            f"{text!r}: width and height must be from {MIN_WINDOW_SIDE} to "
            f"{MAX_WINDOW_SIDE} pixels"
        )
    return w, h


def parse_args(args: list[str]) -> argparse.Namespace:
    """The window's options; a mistake raises :class:`gradplot.io.errors.UsageError`."""
    from gradplot.io.arguments import CommandParser, seconds

    parser = CommandParser(
        prog="gradplot",
        description="Type f(x), flip the autograd switches, watch f and df/dx drawn live.",
        epilog="Headless: gradplot eval SOURCE [options] writes CSV; gradplot render SOURCE "
        "-o out.png|out.svg draws the plot; gradplot --version. See gradplot eval --help.",
    )
    parser.add_argument(
        "source", nargs="?",
        help="the function to open (an expression in x, @file or -), or a .gradplot file"
    )
    parser.add_argument(
        "--screenshot", metavar="PATH", help="save a PNG of the window after the first plot, exit"
    )
    parser.add_argument(
        "--size", metavar="WxH", type=window_size, default=(1200, 760),
        help=f"window size for --screenshot (each side {MIN_WINDOW_SIDE}-{MAX_WINDOW_SIDE})",
    )
    parser.add_argument(
        "--timeout", type=seconds(MAX_SCREENSHOT_SECONDS), default=60.0,
        help="seconds to wait for the plot (--screenshot)",
    )
    return parser.parse_args(args)


def _file_argument(source: str | None) -> str | None:
    """The .gradplot file SOURCE names, if it names one (it need not exist: then the
    window says so). A function never ends in ``.gradplot``."""
    if source is not None and source.lower().endswith(".gradplot"):
        return source
    return None


def startup_objects() -> contextlib.AbstractContextManager[None]:
    """No garbage collection while the app starts; what it made is frozen afterwards.

    Importing Qt and building the window (and after its first paint pyqtgraph and the
    plot: :class:`~gradplot.ui.main_window.MainWindow` pauses there too) makes ~250k
    objects that live as long as the app. Each full collection on the way would walk all
    of them, and each later one would again; frozen, they are never walked. Measured
    with the engine in its own process (6 alternating launches each): the GUI's CPU time
    to the first paint 0.352 s with the pause, 0.375 s without; to the plot built 0.737
    s against 0.801 s. (The engine process does not freeze: its evaluations measured the
    same either way.)
    """
    return long_lived()


def run(
    args: list[str] | None = None, *, on_window: Callable[[QWidget], None] | None = None
) -> int:
    """Run the GUI; returns the process exit status. ``args`` excludes the program name.

    ``on_window`` is called with the new main window just before it is shown (the
    start-up benchmark measures the real start through it).
    """
    from gradplot.io.arguments import read_source
    from gradplot.io.errors import UsageError

    try:
        opts = parse_args(sys.argv[1:] if args is None else args)
        open_path = _file_argument(opts.source)
        if open_path is None and opts.source is not None:
            _check_not_a_path(opts.source)
        source = None if open_path or opts.source is None else read_source(opts.source)
    except UsageError as exc:
        print(f"error: usage: {exc}", file=sys.stderr)
        return 1
    screenshot = opts.screenshot is not None
    if screenshot and open_path is not None:
        # refused here, before any window: a picture of something else would be a lie
        from gradplot.io.errors import SessionFileError
        from gradplot.io.storage import load_file

        try:
            load_file(open_path)
        except SessionFileError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            return 1
    if screenshot and needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    problem = display_problem()
    if problem is not None:
        print(problem, file=sys.stderr, end="")
        return 1

    # --- the engine process: spawned before Qt loads, so that torch imports on the other
    # core while the window is built (a fresh interpreter: never a fork of Qt) -----------
    from gradplot.engine_process import start_early, stop_shared

    start_early()
    try:
        return _run_window(opts, source, open_path, screenshot, on_window)
    finally:
        stop_shared()  # closing the window leaves no process behind
    # --- end of the engine process's start ---------------------------------------------


def _run_window(
    opts: argparse.Namespace,
    source: str | None,
    open_path: str | None,
    screenshot: bool,
    on_window: Callable[[QWidget], None] | None,
) -> int:
    with startup_objects():
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QApplication

        from gradplot.ui.main_window import MainWindow

        # before the QApplication: a platform plugin that fails to load says why
        _install_qt_message_handler()
        app = QApplication.instance() or QApplication(["gradplot"])
        assert isinstance(app, QApplication)
        app.setApplicationName("gradplot")
        app.setOrganizationName("gradplot")
        app.setApplicationDisplayName("gradplot")
        from gradplot.ui import i18n

        i18n.install()  # the stored language choice; "System" follows the locale
        icon = _icon_path()
        if icon is not None:
            app.setWindowIcon(QIcon(str(icon)))

        try:
            log_path = setup_logging()
        except OSError:
            log_path = Path(os.devnull)
        previous_hook = sys.excepthook
        sys.excepthook = make_excepthook(log_path, None if screenshot else _crash_dialog)

        # painted before the plot is built: pyqtgraph and numpy load after the first paint
        window = MainWindow(source, persist=not screenshot, restore=not screenshot, staged=True)
        stop_on_sigterm(window)
    collector: list[object] = []  # alive until this function returns
    # (pyqtgraph's collector: imported with the plot, after the first paint)
    window.when_ready(lambda: collector.append(collect_on_gui_thread()))
    status = [0]
    try:
        if screenshot:
            window.resize(*opts.size)
            _arm_screenshot(window, Path(opts.screenshot), opts.timeout, status)
        if on_window is not None:
            on_window(window)
        window.show()
        log.info("window shown after %.3f s", time.perf_counter() - _START)
        window.when_ready(lambda: window.files.start(open_path, offer_recovery=not screenshot))
        app.exec()
    finally:
        window.shutdown()
        sys.excepthook = previous_hook
    return status[0]


_SIGNAL_SOCKETS: list[object] = []


def end_on_signal(window: QWidget) -> None:
    """Save as a normal quit does, without asking, and end the event loop.

    SIGTERM (``kill``, a logout) leaves no time for a question: the function, switches
    and view go to the settings, and this run's autosave is removed, so the next start
    does not offer a recovery. Unsaved lesson or file edits are the exception: their
    autosave is written and kept, and the next start offers them back.
    """
    from PySide6.QtWidgets import QApplication

    from gradplot.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    log.info("SIGTERM: saving and quitting")
    files = window.files
    window.save_settings()
    if files.is_modified():
        files.autosave_now()
        files.stop_autosave()
    else:
        files.finish()
    window.shutdown()
    app = QApplication.instance()
    if app is not None:
        app.exit(0)


def stop_on_sigterm(window: QWidget) -> None:
    """Run :func:`end_on_signal` when the process gets SIGTERM (POSIX).

    Python runs a signal handler only when it gets control; Qt's event loop is C++, so
    the signal also writes a byte to a socket that a QSocketNotifier watches.
    """
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier, QTimer

    if not hasattr(signal, "SIGTERM") or sys.platform == "win32":
        return
    receiver, sender = socket.socketpair()
    receiver.setblocking(False)
    sender.setblocking(False)
    signal.set_wakeup_fd(sender.fileno())
    notifier = QSocketNotifier(receiver.fileno(), QSocketNotifier.Type.Read, window)

    def drain() -> None:
        with contextlib.suppress(OSError):
            receiver.recv(64)

    notifier.activated.connect(drain)
    _SIGNAL_SOCKETS[:] = [receiver, sender]  # the wakeup fd must stay open
    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, lambda: end_on_signal(window)))


def _check_not_a_path(source: str) -> None:
    """Refuse a SOURCE written as a path (with a separator) to something that exists:
    read as a function it would be a syntax error, drawn as if that were meant."""
    from gradplot.io.errors import UsageError

    if not (os.sep in source or "/" in source) or not os.path.lexists(source):
        return
    if os.path.isdir(source):
        raise UsageError(f"{source} is a folder: give a .gradplot file or a function")
    if os.path.isfile(source):
        raise UsageError(
            f"{source} is a file: write @{source} to read a function from it, or give a "
            ".gradplot file"
        )
    raise UsageError(f"{source} is not a regular file: give a .gradplot file or a function")


def _png_bytes(widget: QWidget) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not widget.grab().save(buffer, "PNG"):
        raise OSError("the picture could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())


class _NoDialogs:
    """Headless, a dialog would wait for a click for ever: say it on stderr, fail instead."""

    def __init__(self, fail: Callable[[str], None]) -> None:
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QDialog, QMessageBox

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
                    text = watched.windowTitle()
                    if isinstance(watched, QMessageBox):
                        text = f"{text}: {watched.text()}" if text else watched.text()
                    fail(f"a dialog would wait for a click ({text or 'no title'})")
                    from PySide6.QtCore import QTimer

                    QTimer.singleShot(0, watched.reject)
                return False

        self.filter = Filter()

    def install(self) -> None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.filter)

    def remove(self) -> None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.filter)


def _arm_screenshot(window: object, path: Path, timeout: float, status: list[int]) -> None:
    """Save a picture of the first plot the engine draws, then quit (once the plot and
    the file controller exist)."""
    from gradplot.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    state = {"done": False, "shown": False}
    window.when_ready(lambda: _screenshot_when_ready(window, path, timeout, status, state))


def _screenshot_when_ready(
    window: MainWindow, path: Path, timeout: float, status: list[int], state: dict[str, bool]
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gradplot.engine import Result
    from gradplot.io.storage import atomic_write_bytes

    def fail(message: str) -> None:
        """No picture: a refusal or a question nobody can answer ends the run."""
        print(f"error: {message}", file=sys.stderr, flush=True)
        status[0] = 1
        if not state["done"]:
            state["done"] = True
            QTimer.singleShot(0, QApplication.quit)  # also before the event loop runs

    files = window.files
    # the refusal itself is already on stderr (and in the log) from the file controller
    files.warn = lambda title, _text: fail(f"{title} (see above); no screenshot saved")
    files.ask_save = lambda: "discard"
    files.ask_restore = lambda _recovery: False
    guard = _NoDialogs(fail)
    guard.install()
    window.destroyed.connect(guard.remove)

    def save() -> None:
        if state["done"]:
            return
        state["done"] = True
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, _png_bytes(window))
        except OSError as exc:
            print(f"error: could not write {path}: {exc.strerror or exc}", file=sys.stderr)
            status[0] = 1
        QApplication.quit()

    def on_painted() -> None:
        # the newest request is drawn (nothing pending, e.g. a resample after show)
        if state["shown"] and not window.evaluation.busy:
            QTimer.singleShot(50, save)

    def on_result(result: Result) -> None:
        if state["done"]:
            return
        if result.error is not None and result.error.kind == "internal":
            # gradplot itself is broken (e.g. torch failed to load): a smoke test must fail
            print(f"error: internal: {result.error.title}\n{result.error.raw}", file=sys.stderr)
            status[0] = 1
        if not state["shown"]:
            state["shown"] = True
            window.plotPainted.connect(on_painted)
        window.plot.viewport().update()

    def give_up() -> None:
        if not state["done"]:
            state["done"] = True
            print(f"error: no plot within {timeout:g} s; no screenshot saved", file=sys.stderr)
            status[0] = 1
            QApplication.quit()

    window.resultShown.connect(on_result)
    QTimer.singleShot(int(timeout * 1000), give_up)


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
