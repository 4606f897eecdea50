"""Regenerate the README screenshot with gradplot itself.

Opens the built-in autograd lesson at the control-flow slide (f with a while loop,
evaluated one point at a time) and saves the window as resources/screenshot.png:

    python scripts/readme_screenshot.py [--out PATH] [--slide ID]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from gradplot.io.storage import save_file
from gradplot.lessons import builtin_decks
from gradplot.model import GradplotFile

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshot.png")
    parser.add_argument("--slide", default="control-flow-point", help="slide id")
    parser.add_argument("--size", default="1400x860")
    args = parser.parse_args()
    deck = builtin_decks()[0]
    ids = [slide.id for slide in deck.slides]
    if args.slide not in ids:
        parser.error(f"no slide {args.slide!r}; slides: {', '.join(ids)}")
    with tempfile.TemporaryDirectory() as tmp:
        lesson = Path(tmp) / "readme.gradplot"
        save_file(lesson, GradplotFile(session=None, deck=deck,
                                       current_slide=ids.index(args.slide)))
        env = dict(os.environ, XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        command = [sys.executable, "-m", "gradplot", "--screenshot", str(args.out),
                   "--size", args.size, str(lesson)]
        return subprocess.run(command, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
