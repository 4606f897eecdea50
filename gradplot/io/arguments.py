"""The command line that ``gradplot``, ``gradplot eval`` and ``gradplot render`` share.

SOURCE is the function text, ``-`` for standard input, or ``@path`` for a file
(:func:`read_source`). The evaluation options (range, points, x values, one flag a
switch, parameters, dtype, time limit) are added by :func:`add_evaluation_options` and
turned into an engine request by :func:`request_from_args`. Every mistake raises
:class:`~gradplot.io.errors.UsageError`, which the entry point reports as
``error: usage: ...`` with exit status 1.

The engine's modules load on first use, so that ``gradplot --version`` and the window's
start stay cheap.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn

from gradplot.io.errors import UsageError

if TYPE_CHECKING:
    from gradplot.engine.model import Request, Result

__all__ = [
    "MAX_EVAL_SECONDS",
    "MAX_SOURCE_FILE_BYTES",
    "CommandParser",
    "add_evaluation_options",
    "check_params",
    "finite_float",
    "read_source",
    "request_from_args",
    "seconds",
    "switches_from_args",
]

MAX_SOURCE_FILE_BYTES = 1_000_000
MAX_EVAL_SECONDS = 60.0  # the engine's own limit

# Every way to type a negative number (argparse alone knows only -1 and -1.5, and takes
# -1e-3 or -inf for an option); none of gradplot's options looks like a number.
_NEGATIVE_NUMBER = re.compile(
    r"^-(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][-+]?\d+)?$|^-(inf|infinity|nan)$", re.IGNORECASE
)


class CommandParser(argparse.ArgumentParser):
    """argparse with gradplot's conventions: usage errors raise :class:`UsageError`
    (exit status 1, ``error: usage:``), and every negative number is a value."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._negative_number_matcher = _NEGATIVE_NUMBER

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def _finite(text: str, not_a_number: str, not_finite: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(not_a_number) from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(not_finite)
    return value


def finite_float(text: str) -> float:
    """An argparse type: a finite number."""
    return _finite(text, f"{text!r} is not a number", f"{text!r} is not a finite number")


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
    return name, _finite(
        value, f"{name}: {value!r} is not a number", f"{name}: the value must be finite"
    )


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
    from gradplot.engine.model import DEFAULT_POINTS, DEFAULT_RANGE, Request
    from gradplot.model.session import dtype_range_problem

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
