"""``python -m gradplot``."""

import sys

from gradplot.cli import main

if __name__ == "__main__":
    sys.exit(main())
