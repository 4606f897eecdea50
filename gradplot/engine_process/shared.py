"""Big arrays between the engine and the GUI through shared memory, without a copy.

The GUI side (:class:`SegmentPool`) creates the segments and announces each one to the
engine by name. As soon as the engine has attached (its next ``"started"``), the GUI
unlinks the name: both mappings stay valid, and nothing is left in ``/dev/shm``
however either process ends (a ``SIGKILL`` included). A new engine gets new segments.

The engine (:class:`EngineSegments`) writes a result's arrays into the segment the
request names; the GUI reads them in place: the Result's arrays are views of the
segment. The segment stays leased while any such view lives (a weak reference to the
one array they all derive from) and only a free segment is handed to the engine, so a
later request never overwrites arrays the window still draws.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import secrets
import threading
import weakref
from multiprocessing import shared_memory
from typing import TYPE_CHECKING, Any

from gradplot.engine.model import Request

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

ALIGN = 64  # every array starts on a cache line (and any dtype's alignment)
GROWTH = 1.25  # a new segment has room for a somewhat larger request
GRANULE = 1 << 20
MAX_FREE = 2  # free segments kept mapped for the next requests
MAX_IDLE = 16  # requests a free segment may sit unused before it is closed
OVERSIZE = 16  # a free segment this many times too big is left for bigger requests

Message = tuple[Any, ...]


def align(offset: int) -> int:
    return -(-offset // ALIGN) * ALIGN


def expected_bytes(request: Request) -> int:
    """An upper bound of the bytes a result of ``request`` sends out of band.

    x, f and each derivative as float64 (float32 needs half), one boolean break array
    per curve, and each array's alignment.
    """
    n = len(request.x_values) if request.x_values is not None else int(request.points)
    curves = 1 + int(request.order)
    arrays = 1 + 2 * curves
    return n * 8 * (1 + curves) + max(n - 1, 0) * curves + arrays * ALIGN


class _SharedMemory(shared_memory.SharedMemory):
    """A segment that may outlive its last ``close()`` attempt quietly.

    At exit a Result can still hold views of it: the mapping then ends with the
    process, instead of an "Exception ignored" message from ``__del__``.
    """

    def __del__(self) -> None:
        with contextlib.suppress(OSError, BufferError):
            self.close()


def _reserve(segment: shared_memory.SharedMemory) -> None:
    """Claim the segment's pages now: a full ``/dev/shm`` (a container's 64 MB) then
    fails here, with an OSError, instead of with SIGBUS when the engine writes."""
    fd = getattr(segment, "_fd", -1)
    fallocate = getattr(os, "posix_fallocate", None)
    if fd >= 0 and fallocate is not None:
        fallocate(fd, 0, segment.size)


@dataclasses.dataclass(eq=False)
class Segment:
    id: int
    memory: shared_memory.SharedMemory
    linked: bool = True  # the name still exists (until the engine has attached)
    in_flight: bool = False  # named in the request the engine is answering
    leased: bool = False  # a Result's arrays are views of it
    retired: bool = False  # closed as soon as it is free
    idle: int = 0  # requests since it was last used

    @property
    def size(self) -> int:
        return self.memory.size

    @property
    def free(self) -> bool:
        return not (self.in_flight or self.leased)


class SegmentPool:
    """The GUI's segments for one engine process at a time (see the module)."""

    def __init__(self, prefix: str = "gradplot") -> None:
        self._prefix = prefix
        self._ids = itertools.count(1)
        self._segments: list[Segment] = []
        self._outbox: list[Message] = []
        self._lock = threading.Lock()
        self.disabled = False  # creating a segment failed: the pipe carries everything

    @property
    def segments(self) -> list[Segment]:
        with self._lock:
            return list(self._segments)

    def names(self) -> list[str]:
        """Names still linked (tests: none survives an engine's start)."""
        return [s.memory.name for s in self.segments if s.linked]

    def acquire(self, request: Request) -> Segment | None:
        """A free segment for ``request``'s result, or None (then the pipe carries it).

        Small results come this way too: one message instead of one per array, and no
        wait for the GIL between them while the GUI thread is busy.

        Announcements and drops for the engine wait in :meth:`messages`.
        """
        self._tidy()
        if self.disabled:
            return None
        need = expected_bytes(request)
        most = max(need * OVERSIZE, 4 * GRANULE)
        with self._lock:
            usable = [
                s for s in self._segments
                if s.free and not s.retired and need <= s.size <= most
            ]
        chosen = min(usable, key=lambda s: s.size) if usable else self._create(need)
        if chosen is not None:
            chosen.in_flight = True
        self._age(chosen)
        return chosen

    def _create(self, need: int) -> Segment | None:
        size = -(-int(need * GROWTH) // GRANULE) * GRANULE
        name = f"{self._prefix}-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            memory = _SharedMemory(name=name, create=True, size=size)
        except OSError:
            self.disabled = True
            return None
        try:
            _reserve(memory)
        except OSError:
            memory.close()
            memory.unlink()
            self.disabled = True
            return None
        segment = Segment(next(self._ids), memory)
        with self._lock:
            self._segments.append(segment)
            self._outbox.append(("segment", segment.id, memory.name, memory.size))
        return segment

    def _age(self, used: Segment | None) -> None:
        """Count requests since each free segment's last use; close the surplus."""
        with self._lock:
            for s in self._segments:
                s.idle = 0 if s is used else s.idle + 1
            spare = sorted(
                (s for s in self._segments if s.free and not s.retired and s is not used),
                key=lambda s: s.idle,
            )
            for k, s in enumerate(spare):
                if k >= MAX_FREE or s.idle >= MAX_IDLE:
                    self._retire(s)
        self._tidy()

    def _retire(self, segment: Segment) -> None:
        if not segment.retired:
            segment.retired = True
            self._outbox.append(("drop", segment.id))

    def messages(self) -> list[Message]:
        """What the engine must hear before the next request (in order)."""
        with self._lock:
            out, self._outbox = self._outbox, []
        return out

    def attached(self) -> None:
        """The engine has read every announcement: unlink their names."""
        with self._lock:
            pending = [s for s in self._segments if s.linked]
        for s in pending:
            _unlink(s)

    def lease(self, segment: Segment) -> npt.NDArray[np.uint8]:
        """The array every view of ``segment`` derives from; the lease ends with it."""
        import numpy as np  # at the first result, on the worker thread

        buffer = segment.memory.buf
        assert buffer is not None, "a closed segment was leased"
        base = np.frombuffer(buffer, dtype=np.uint8)
        segment.leased = True
        segment.in_flight = False
        weakref.finalize(base, _end_lease, weakref.ref(segment))
        return base

    def release(self, segment: Segment | None) -> None:
        """The engine will not write ``segment`` (its request ended without a lease)."""
        if segment is not None:
            segment.in_flight = False

    def reset(self) -> None:
        """The engine is gone: its segments are never named to another one."""
        with self._lock:
            self._outbox = []
            segments = list(self._segments)
            for s in segments:
                s.in_flight = False
                s.retired = True
        for s in segments:
            _unlink(s)
        self._tidy()

    def _tidy(self) -> None:
        """Close retired segments that no view uses any more."""
        with self._lock:
            done = [s for s in self._segments if s.retired and s.free]
        for s in done:
            _unlink(s)
            try:
                s.memory.close()
            except BufferError:  # a view was made a moment ago; next time
                continue
            with self._lock:
                self._segments.remove(s)


def _end_lease(ref: weakref.ref[Segment]) -> None:
    # runs wherever the last view dies, inside the array's deallocation: only a flag
    segment = ref()
    if segment is not None:
        segment.leased = False


def _unlink(segment: Segment) -> None:
    if segment.linked:
        segment.linked = False
        with contextlib.suppress(FileNotFoundError):
            segment.memory.unlink()


class EngineSegments:
    """The engine's side: the segments the GUI announced, by id."""

    def __init__(self) -> None:
        self._segments: dict[int, shared_memory.SharedMemory] = {}

    def handle(self, message: Message) -> None:
        if message[0] == "segment":
            _kind, sid, name, _size = message
            # unmappable (address-space cap): its results cross the pipe instead
            with contextlib.suppress(OSError, ValueError):
                self._segments[int(sid)] = _attach(str(name))
        elif message[0] == "drop":
            memory = self._segments.pop(int(message[1]), None)
            if memory is not None:
                with contextlib.suppress(BufferError):
                    memory.close()

    def buffer(self, sid: int | None) -> memoryview | None:
        memory = self._segments.get(sid) if sid is not None else None
        return memory.buf if memory is not None else None


def _attach(name: str) -> shared_memory.SharedMemory:
    # the GUI process unlinks the name and tells the resource tracker (which both
    # processes share) so: the engine only maps it
    return _SharedMemory(name=name)
