"""The one entry point: the window by default, ``eval`` headless.

    gradplot [SOURCE] [--screenshot PATH]     the window (optionally with a function)
    gradplot eval SOURCE [options]            CSV of x, f, df, ... on stdout
    gradplot render SOURCE -o out.png|out.svg [--width W --height H --projector]
    gradplot --version

SOURCE is the function text, ``-`` for standard input, or ``@path`` for a file.

Every mistake ends the same way: exit status 1, and stderr's first line starts with
``error:`` (``error: usage: ...`` for the command line itself, followed by the usage
line), never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn, TextIO

from gradplot import __version__

if TYPE_CHECKING:
    from gradplot.engine import ErrorInfo, Request, Result

MAX_SOURCE_FILE_BYTES = 1_000_000
MAX_EVAL_SECONDS = 60.0  # the engine's own limit
SUBCOMMANDS = ("eval", "render")


class UsageError(Exception):
    """A command-line mistake: reported as ``error: usage: ...`` with exit status 1."""


# Every way to type a negative number (argparse alone knows only -1 and -1.5, and takes
# -1e-3 or -inf for an option); none of gradplot's options looks like a number.
_NEGATIVE_NUMBER = re.compile(
    r"^-(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][-+]?\d+)?$|^-(inf|infinity|nan)$", re.IGNORECASE
)


class _Parser(argparse.ArgumentParser):
    """argparse with gradplot's conventions: usage errors raise :class:`UsageError`
    (exit status 1, ``error: usage:``), and every negative number is a value."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._negative_number_matcher = _NEGATIVE_NUMBER

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def finite_float(text: str) -> float:
    """An argparse type: a finite number."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def seconds(limit: float) -> Callable[[str], float]:
    """An argparse type: a number of seconds above 0 and at most ``limit``."""

    def parse(text: str) -> float:
        value = finite_float(text)
        if not 0 < value <= limit:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a time from above 0 to {limit:g} seconds"
            )
        return value

    return parse


def needs_offscreen() -> bool:
    """No display to draw on (Linux without X11/Wayland) and no Qt platform chosen."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    if sys.platform.startswith("linux"):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def read_source(spec: str, stdin: BinaryIO | None = None) -> str:
    """The function text named by ``spec``: literal text, ``-`` (stdin) or ``@path``.

    Standard input and a file are read the same way: as bytes, at most
    :data:`MAX_SOURCE_FILE_BYTES`, decoded as UTF-8 with a leading BOM dropped. ``@path``
    must be a regular file (a named pipe with no writer would wait for ever; ``-``
    reads a pipe).
    """
    from gradplot.io.storage import NotARegularFile, read_regular_file

    if spec == "-":
        what = "standard input"
        stream = stdin
        if stream is None:
            if sys.stdin is None:  # closed (``<&-``) or a windowed app
                raise UsageError("there is no standard input to read the function from")
            stream = sys.stdin.buffer
        try:
            data = stream.read(MAX_SOURCE_FILE_BYTES + 1)
        except OSError as exc:
            raise UsageError(f"cannot read {what}: {exc.strerror or exc}") from None
    elif spec.startswith("@"):
        what = spec[1:]
        try:
            data = read_regular_file(what, MAX_SOURCE_FILE_BYTES)
        except NotARegularFile as exc:
            raise UsageError(
                f"cannot read {what}: it is {exc.kind}, not a file (use - to read a pipe)"
            ) from None
        except OSError as exc:
            raise UsageError(f"cannot read {what}: {exc.strerror or exc}") from None
    else:
        return spec
    if len(data) > MAX_SOURCE_FILE_BYTES:
        raise UsageError(f"the source is larger than {MAX_SOURCE_FILE_BYTES:,} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{what} is not UTF-8 text") from None
    return text


def _param(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{name}: {value!r} is not a number") from None
    if not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"{name}: the value must be finite")
    return name, number


def add_evaluation_options(parser: argparse.ArgumentParser) -> None:
    """The options shared by every command that evaluates a function."""
    from gradplot.engine.switches import SWITCHES

    parser.add_argument("source", metavar="SOURCE", help="function text, - for stdin, @path")
    parser.add_argument("--range", nargs=2, type=finite_float, metavar=("LO", "HI"),
                        help="x range (default -2π to 2π)")
    parser.add_argument("--points", type=int, help="number of samples (default 400)")
    parser.add_argument("--x", nargs="+", type=finite_float, metavar="V", dest="x_values",
                        help="explicit x values instead of a range, e.g. --x 0 1 2 3")
    for switch in SWITCHES:  # one flag a switch, from the one declaration
        if switch.is_bool:
            parser.add_argument(switch.flag, action="store_true", dest=switch.name,
                                help=switch.flag_help)
        else:
            parser.add_argument(switch.flag, type=int, default=switch.default,
                                dest=switch.name, metavar=switch.flag[2:].upper(),
                                help=switch.flag_help)
    parser.add_argument("--param", action="append", type=_param, default=[],
                        metavar="NAME=VALUE", help="value of a free name (default 1.0)")
    parser.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    parser.add_argument("--timeout", type=seconds(MAX_EVAL_SECONDS), default=2.0,
                        metavar="SECONDS", help="time limit of one evaluation (default 2)")


def switches_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """The switches the flags set: a boolean flag turns its switch from its default."""
    from gradplot.engine.switches import SWITCHES

    return {
        s.name: (getattr(args, s.name) != s.default) if s.is_bool else getattr(args, s.name)
        for s in SWITCHES
    }


def request_from_args(args: argparse.Namespace, stdin: BinaryIO | None = None) -> Request:
    """The engine request of parsed ``eval``/``render`` options; raises :class:`UsageError`
    for a range the dtype cannot hold (x would be infinite)."""
    from gradplot.engine import DEFAULT_POINTS, DEFAULT_RANGE, Request
    from gradplot.model import dtype_range_problem

    if args.range is not None:
        lo, hi = args.range
        if not lo < hi:
            raise UsageError(f"--range {lo:g} {hi:g}: LO must be below HI")
        if not math.isfinite(hi - lo):
            raise UsageError(f"--range {lo:g} {hi:g} is too wide for a number to span")
    for option, values in (("--range", args.range), ("--x", args.x_values)):
        problem = dtype_range_problem(values or (), args.dtype, is_range=option == "--range")
        if problem is not None:
            raise UsageError(f"{option} in {args.dtype}: {problem}")
    return Request(
        source=read_source(args.source, stdin),
        x_range=tuple(args.range) if args.range else DEFAULT_RANGE,
        points=args.points if args.points is not None else DEFAULT_POINTS,
        x_values=tuple(args.x_values) if args.x_values else None,
        params=dict(args.param),
        dtype=args.dtype,
        time_limit=args.timeout,
        **switches_from_args(args),
    )


def check_params(params: Sequence[tuple[str, float]], result: Result) -> None:
    """Raise :class:`UsageError` for a ``--param`` that is not a free name of f.

    Only when f is known to have compiled (no error, or an error that lists f's
    parameters); otherwise the error of f itself is what the user reads first.
    """
    if result.error is not None and not result.param_names:
        return
    names = set(result.param_names)
    for name, _value in params:
        if name not in names:
            free = ", ".join(result.param_names) if result.param_names else "none"
            raise UsageError(
                f"--param {name}: {name} is not a free name of f, so it has no value to set "
                f"(f's parameters: {free})"
            )


def format_error(info: ErrorInfo) -> str:
    """The stderr text of a failed evaluation: first line ``error: KIND: TITLE``."""
    lines = [f"error: {info.kind}: {info.title}"]
    where = info.where()
    if where:
        lines.append(f"  at {where}")
    lines.append(info.explanation)
    if info.fix is not None:
        fix = info.fix.splitlines()
        lines.append(f"Try: {fix[0]}" if len(fix) == 1 else "Try:")
        if len(fix) > 1:
            lines.extend("    " + line for line in fix)
    if info.hint and info.hint != info.fix:
        lines.append("fix:")
        lines.extend("    " + line for line in info.hint.splitlines())
    if info.raw and info.raw != info.title:
        lines.append(f"message: {info.raw}")
    return "\n".join(lines) + "\n"


def _number(value: float, digits: int) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return format(value, f".{digits}g")


def write_csv(result: Result, out: TextIO) -> None:
    """x, f, df, d2f, ... one row per sample (a scalar f repeated on every row)."""
    assert result.f is not None
    digits = 9 if result.request.dtype == "float32" else 17
    header = ["x", "f", "df"] + [f"d{k}f" for k in range(2, len(result.derivatives) + 1)]
    out.write(",".join(header) + "\n")
    columns = [result.x, result.f, *result.derivatives]
    rows = zip(*(column.tolist() for column in columns), strict=True)
    out.writelines(",".join(_number(v, digits) for v in row) + "\n" for row in rows)


def _eval(argv: Sequence[str]) -> int:
    parser = _Parser(
        prog="gradplot eval",
        description="Evaluate f and its autograd derivatives; write CSV (x,f,df,...) to stdout.",
    )
    add_evaluation_options(parser)
    args = parser.parse_args(argv)
    request = request_from_args(args)
    from gradplot.engine import evaluate

    result = evaluate(request)
    check_params(args.param, result)
    if result.error is not None:
        sys.stderr.write(format_error(result.error))
        return 1
    if result.output:
        sys.stderr.write("output:\n" + result.output)
    for note in result.notes:
        sys.stderr.write(f"note: {note.message}\n")
    write_csv(result, sys.stdout)
    return 0


def _gui(argv: Sequence[str]) -> int:
    if argv and argv[0] in ("--version", "-V"):
        print(f"gradplot {__version__}")
        return 0
    from gradplot.ui.app import run

    return run(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "eval":
            return _eval(args[1:])
        if args and args[0] == "render":
            from gradplot.render import main as render_main

            return render_main(args[1:])
        return _gui(args)
    except UsageError as exc:
        sys.stderr.write(f"error: usage: {exc}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader left (``gradplot eval ... | head``): stop quietly, as Unix tools do
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1
