"""Channel: the pool's end of a worker's pipe, read and written by the event loop itself, never by a thread.

The worker keeps a blocking multiprocessing Connection; this end speaks the same framing over a non-blocking
socket. Imports only the standard library.
"""

from __future__ import annotations

import asyncio
import pickle
import socket
import struct
from collections import deque
from multiprocessing.connection import Connection
from typing import Any

# multiprocessing's framing: a 4-byte big-endian signed length, or -1 and then an 8-byte length past 2 GiB.
_SHORT = struct.Struct("!i")
_LONG = struct.Struct("!Q")
_HUGE = 0x7FFFFFFF
# A message that fits here (most answers do) is unpickled in place; a larger one gets a buffer of its own size.
_SCRATCH_BYTES = 256 * 1024
# Read per turn of the loop at most: a reply of tens of MB arrives over many turns, never in one.
_TURN_BYTES = 1024 * 1024


def frame(message: Any) -> bytes:
    """`message` as the bytes a Connection's recv() reads back; pickling errors are raised here, before any
    byte is sent."""
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    if len(data) > _HUGE:
        return _SHORT.pack(-1) + _LONG.pack(len(data)) + data
    return _SHORT.pack(len(data)) + data


class Channel:
    """Messages to and from one worker. The loop reads whatever arrives as it arrives, so a reply of any size
    never blocks it; a complete message wakes the one waiting recv()."""

    def __init__(self, sock: socket.socket, loop: asyncio.AbstractEventLoop) -> None:
        sock.setblocking(False)
        self._sock = sock
        self._loop = loop
        self._scratch = bytearray(_SCRATCH_BYTES)
        self._view = memoryview(self._scratch)
        self._got = 0  # bytes of the scratch buffer holding the start of the next message
        self._body: bytearray | None = None  # a message too large for the scratch buffer, as it fills
        self._filled = 0
        self._inbox: deque[Any] = deque()  # messages no one waited for yet (a worker's hello can come first)
        self._waiter: asyncio.Future[Any] | None = None
        self._broken: BaseException | None = None
        # Registered once for the worker's life: a reply costs one wake-up, and a worker's death is seen as EOF
        # even while it sits idle.
        loop.add_reader(sock.fileno(), self._readable)

    @classmethod
    def pair(cls, loop: asyncio.AbstractEventLoop) -> tuple[Channel, Connection]:
        """A channel, and the Connection for the worker's end of it."""
        ours, theirs = socket.socketpair()
        return cls(ours, loop), Connection(theirs.detach())

    async def send(self, data: bytes) -> None:
        """Write a frame() whole; OSError if the worker's end is gone."""
        try:
            sent = self._sock.send(data)
        except (BlockingIOError, InterruptedError):
            sent = 0
        if sent < len(data):  # a worker waiting for work reads at once: the rest goes as it drains
            await self._loop.sock_sendall(self._sock, memoryview(data)[sent:])

    def send_nowait(self, data: bytes) -> bool:
        """Write a small frame() now if it fits whole, for a goodbye that may be dropped; False if it did not."""
        try:
            return self._sock.send(data) == len(data)
        except OSError:
            return False

    async def recv(self, timeout_s: float) -> Any:
        """The next message; TimeoutError after timeout_s, EOFError or OSError once the worker's end is closed."""
        if self._inbox:
            return self._inbox.popleft()
        if self._broken is not None:
            raise self._broken
        waiter = self._loop.create_future()
        # A timer rather than asyncio.timeout(): no task and no cancellation to tell apart from the caller's.
        timer = self._loop.call_later(timeout_s, _expire, waiter)
        self._waiter = waiter
        try:
            return await waiter
        finally:
            self._waiter = None
            timer.cancel()

    def silent(self) -> bool:
        """Whether the worker has said nothing since its last message. An idle worker has nothing to say, so
        anything readable, the end of the pipe included, means it is gone (checked now, not at the loop's next
        poll)."""
        self._readable()
        return not (self._broken or self._inbox or self._got or self._body is not None)

    def close(self) -> None:
        """Stop reading and close this end; a recv() still waiting gets EOFError."""
        if self._sock.fileno() < 0:
            return
        if self._broken is None:
            self._fail(EOFError("the channel was closed"))
        self._sock.close()

    # -- internals -------------------------------------------------------------------------------------

    def _readable(self) -> None:
        # Read on while the worker is still writing (a wake-up often comes with only the length), up to a turn's
        # worth; a message complete or nothing more to read ends the turn.
        taken = 0
        while self._broken is None and taken < _TURN_BYTES:
            try:
                if self._body is None:
                    n = self._sock.recv_into(self._view[self._got :])
                else:
                    n = self._sock.recv_into(memoryview(self._body)[self._filled :])
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                self._fail(exc)
                return
            if n == 0:
                self._fail(EOFError("the worker's end of the pipe is closed"))
                return
            taken += n
            try:
                if self._body is None:
                    self._got += n
                    if self._parse_scratch():
                        return
                else:
                    self._filled += n
                    if self._filled == len(self._body):
                        body, self._body = self._body, None
                        self._deliver(pickle.loads(body))
                        return
            except Exception as exc:  # a message that cannot be unpickled: nothing after it can be trusted
                self._fail(exc)

    def _parse_scratch(self) -> bool:
        """Deliver each complete message in the scratch buffer; whether there was one."""
        delivered = False
        while self._got >= _SHORT.size:
            (size,) = _SHORT.unpack_from(self._scratch)
            start = _SHORT.size
            if size == -1:
                if self._got < start + _LONG.size:
                    break
                (size,) = _LONG.unpack_from(self._scratch, start)
                start += _LONG.size
            end = start + size
            if end > _SCRATCH_BYTES:  # read the rest straight into a buffer of its own size
                self._body = bytearray(size)
                self._filled = self._got - start
                self._body[: self._filled] = self._view[start : self._got]
                self._got = 0
                break
            if end > self._got:
                break
            message = pickle.loads(self._view[start:end])
            # A worker speaks only when spoken to, so nothing follows a message; kept in order if it ever does.
            rest = self._got - end
            self._view[:rest] = self._view[end : self._got]
            self._got = rest
            self._deliver(message)
            delivered = True
        return delivered

    def _deliver(self, message: Any) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(message)
        else:
            self._inbox.append(message)

    def _fail(self, exc: BaseException) -> None:
        self._broken = exc
        self._loop.remove_reader(self._sock.fileno())
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(exc)


def _expire(waiter: asyncio.Future[Any]) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())
