"""A result as CSV: ``x, f, df, d2f, ...``, one row per sample.

What ``gradplot eval`` writes on stdout and the window's *Export CSV* saves. Numbers
are written with as many digits as the dtype holds, so reading them back gives the
same floats.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from gradplot.engine.model import Result

__all__ = ["write_csv"]


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
