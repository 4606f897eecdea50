"""What crosses the pipe between the GUI and the engine process.

Messages are small tuples, pickled by :class:`multiprocessing.connection.Connection`.
A :class:`~gradplot.engine.Result` travels as a pickle (protocol 5) whose arrays are
left out-of-band: its header first, then each array's bytes as a raw message read
straight into a fresh numpy buffer on the other side (no copy inside pickle, no
copy afterwards). Neither side imports torch or Qt here.

Engine -> GUI: ``("ready", seconds, base_mb)``, ``("failed", traceback)``,
``("started", token)``, ``("progress", token, done, total)``,
``("result", token, header, sizes)`` followed by ``len(sizes)`` raw messages.
GUI -> engine: ``("eval", token, request)``, ``("limit", megabytes)``, ``("stop",)``.
"""

from __future__ import annotations

import pickle
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

from gradplot.engine.model import Result


def send_result(conn: Connection, token: int, result: Result) -> None:
    buffers: list[pickle.PickleBuffer] = []
    header = pickle.dumps(result, protocol=5, buffer_callback=buffers.append)
    raws = [buffer.raw() for buffer in buffers]
    conn.send(("result", token, header, [raw.nbytes for raw in raws]))
    for raw in raws:
        conn.send_bytes(raw)


def receive_result(conn: Connection, header: bytes, sizes: list[int]) -> Result:
    """The rest of a ``"result"`` message: its out-of-band buffers, then the Result."""
    buffers: list[Any] = []
    for size in sizes:
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
