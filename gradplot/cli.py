"""The one entry point: the window by default, ``eval`` headless.

    gradplot [SOURCE] [--screenshot PATH]     the window (optionally with a function)
    gradplot eval SOURCE [options]            CSV of x, f, df, ... on stdout
    gradplot render SOURCE -o out.png|out.svg [--width W --height H --projector]
    gradplot --version

SOURCE is the function text, ``-`` for standard input, or ``@path`` for a file.

Every mistake ends the same way: exit status 1, and stderr's first line starts with
``error:`` (``error: usage: ...`` for the command line itself, followed by the usage
line), never a traceback. What the commands share (the options, SOURCE, the messages)
lives in :mod:`gradplot.io`, so that nothing imports this module but ``__main__``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

from gradplot import __version__
from gradplot.io.arguments import (
    CommandParser,
    add_evaluation_options,
    check_params,
    request_from_args,
)
from gradplot.io.csv import write_csv
from gradplot.io.errors import UsageError, format_error

SUBCOMMANDS = ("eval", "render")


def _eval(argv: Sequence[str]) -> int:
    parser = CommandParser(
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
