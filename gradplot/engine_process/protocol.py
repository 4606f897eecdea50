"""What crosses the pipe between the GUI and the engine process.

Messages are small tuples, pickled by :class:`multiprocessing.connection.Connection`.
A :class:`~gradplot.engine.Result` travels as a pickle (protocol 5) whose arrays are
left out-of-band. Each array is written into the shared-memory segment the request
named (:mod:`.shared`) and read there without a copy; any that do not fit (or every
one, without a segment) follow the header as raw messages read straight into fresh
numpy buffers. Neither side imports torch or Qt here.

Engine -> GUI: ``("ready", seconds, base_mb)``, ``("failed", traceback)``,
``("started", token)``, ``("progress", token, done, total)``,
``("result", token, header, layout, seconds)``: ``layout`` gives each buffer's
``(offset, size)`` in the segment, offset -1 for one of the raw messages that follow;
``seconds`` is the engine's own time for the request, building the Result included.
GUI -> engine: ``("segment", id, name, size)`` (attach it), ``("drop", id)``,
``("eval", token, request, segment id or None)``, ``("limit", megabytes)``,
``("stop",)``.
"""

from __future__ import annotations

import pickle
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from gradplot.engine.model import Result
from gradplot.engine_process.shared import align

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

ON_PIPE = -1

Layout = list[tuple[int, int]]


def send_result(
    conn: Connection,
    token: int,
    result: Result,
    segment: memoryview | None = None,
    seconds: float = 0.0,
) -> None:
    """Send ``result``; ``seconds``: the engine's own time for it (benchmarks)."""
    buffers: list[pickle.PickleBuffer] = []
    header = pickle.dumps(result, protocol=5, buffer_callback=buffers.append)
    raws = [buffer.raw() for buffer in buffers]
    layout: Layout = []
    piped: list[memoryview] = []
    end = 0
    room = len(segment) if segment is not None else 0
    for raw in raws:
        size = raw.nbytes
        start = align(end)
        if segment is not None and start + size <= room:
            segment[start : start + size] = raw
            layout.append((start, size))
            end = start + size
        else:
            layout.append((ON_PIPE, size))
            piped.append(raw)
    conn.send(("result", token, header, layout, seconds))
    for raw in piped:
        conn.send_bytes(raw)


def uses_segment(layout: Layout) -> bool:
    return any(offset != ON_PIPE for offset, _size in layout)


def receive_result(
    conn: Connection, header: bytes, layout: Layout, base: npt.NDArray[np.uint8] | None = None
) -> Result:
    """The rest of a ``"result"`` message: its buffers, then the Result.

    ``base`` is the segment the request named (required when the layout uses it): the
    arrays become views of it.
    """
    import numpy as np  # on the worker thread, at the first result: not before the paint

    buffers: list[Any] = []
    for offset, size in layout:
        if offset != ON_PIPE:
            if base is None:
                raise ValueError("the engine wrote into a segment the request did not name")
            buffers.append(base[offset : offset + size])
            continue
        buffer = np.empty(size, dtype=np.uint8)  # writable, and never zero-filled
        if size:
            conn.recv_bytes_into(buffer)
        else:
            conn.recv_bytes()
        buffers.append(buffer)
    result = pickle.loads(header, buffers=buffers)
    if not isinstance(result, Result):
        raise TypeError(f"the engine sent {type(result).__name__}, not a Result")
    return result
