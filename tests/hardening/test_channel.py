"""Channel: the pool's end of a worker's pipe against a real blocking multiprocessing Connection, on the asyncio
loop the tests use and on uvloop, which the server runs."""

from __future__ import annotations

import asyncio
import itertools
import os
import pickle
import socket
import struct
import threading
import time
from collections.abc import Callable, Coroutine
from multiprocessing.connection import Connection
from typing import Any

import pytest
import uvloop

from app.workers import channel as channel_module
from app.workers.channel import Channel, frame
from app.workers.child import send_whole

Test = Callable[[Channel, Connection], Coroutine[Any, Any, None]]
SCRATCH = channel_module._SCRATCH_BYTES


@pytest.fixture(params=["asyncio", "uvloop"])
def drive(request: pytest.FixtureRequest) -> Callable[[Test], None]:
    """Runs a test on a fresh channel and the Connection of its far end, on one kind of loop."""

    def run(test: Test) -> None:
        async def main() -> None:
            ours, theirs = Channel.pair(asyncio.get_running_loop())
            try:
                await test(ours, theirs)
            finally:
                ours.close()
                theirs.close()

        if request.param == "uvloop":
            uvloop.run(main())
        else:
            asyncio.run(main())

    return run


def in_thread(fn: Callable[[], Any]) -> threading.Thread:
    thread = threading.Thread(target=fn)
    thread.start()
    return thread


def payload_for(wire: int) -> tuple[str, bytes]:
    """A message whose frame is exactly `wire` bytes long (pickle's own framing grows in steps, so a short
    string evens it out); far past the scratch buffer, about that long."""
    if wire > 4 * SCRATCH:
        return ("", b"x" * wire)
    for n in range(max(0, wire - 64), wire):
        for pad in range(16):
            message = ("x" * pad, b"x" * n)
            if 4 + len(pickle.dumps(message, pickle.HIGHEST_PROTOCOL)) == wire:
                return message
    raise AssertionError(f"no message frames to {wire} bytes")


# Around the scratch buffer's size: just inside, exactly, and just past it; and far past it.
SIZES = [40, 100, 16_385, SCRATCH - 1, SCRATCH, SCRATCH + 1, 30 * 2**20]


@pytest.mark.parametrize("wire", SIZES)
def test_a_message_from_the_worker_arrives_whole(drive: Callable[[Test], None], wire: int) -> None:
    message = payload_for(wire)

    async def test(ours: Channel, theirs: Connection) -> None:
        writer = in_thread(lambda: theirs.send(message))
        assert await ours.recv(10.0) == message
        writer.join()
        assert ours.silent()

    drive(test)


@pytest.mark.parametrize("wire", SIZES)
def test_a_reply_the_worker_writes_whole_arrives_whole(drive: Callable[[Test], None], wire: int) -> None:
    """The worker's replies go in one write (length and bytes together), past the socket's buffer in several."""
    message = payload_for(wire)

    async def test(ours: Channel, theirs: Connection) -> None:
        writer = in_thread(lambda: send_whole(theirs, message))
        assert await ours.recv(10.0) == message
        writer.join()
        assert ours.silent()

    drive(test)


def test_a_reply_written_whole_is_what_connection_send_writes() -> None:
    """The same bytes as Connection.send, so a Connection on the far end reads it too."""
    message = payload_for(100_000)
    a, b = socket.socketpair()
    theirs, far = Connection(a.detach()), Connection(b.detach())
    try:
        got: list[Any] = []
        reader = in_thread(lambda: got.append(far.recv()))
        send_whole(theirs, message)
        reader.join()
        assert got == [message]
    finally:
        theirs.close()
        far.close()


@pytest.mark.parametrize("wire", SIZES)
def test_a_message_to_the_worker_arrives_whole(drive: Callable[[Test], None], wire: int) -> None:
    message = payload_for(wire)
    got: list[Any] = []

    async def test(ours: Channel, theirs: Connection) -> None:
        reader = in_thread(lambda: got.append(theirs.recv()))
        await ours.send(frame(message))
        while reader.is_alive():
            await asyncio.sleep(0.01)
        assert got == [message]

    drive(test)


def test_the_loop_keeps_turning_while_a_large_message_trickles_in(drive: Callable[[Test], None]) -> None:
    """A reader that waited for the whole message would stop the loop for as long as the writer takes."""
    message = ("ok", bytes(range(256)) * (24 * 2**20 // 256))
    wire = frame(message)

    async def test(ours: Channel, theirs: Connection) -> None:
        def trickle() -> None:
            for start in range(0, len(wire), 2**20):
                os.write(theirs.fileno(), wire[start : start + 2**20])  # blocks until the reader drains
                time.sleep(0.02)

        writer = in_thread(trickle)
        receiving = asyncio.ensure_future(ours.recv(30.0))
        ticks = [time.monotonic()]
        while not receiving.done():
            await asyncio.sleep(0.005)
            ticks.append(time.monotonic())
        assert await receiving == message
        writer.join()
        took = ticks[-1] - ticks[0]
        assert took > 0.4  # 24 pieces, 20 ms apart
        assert max(b - a for a, b in itertools.pairwise(ticks)) < took / 4

    drive(test)


def test_the_long_length_form_is_read(drive: Callable[[Test], None]) -> None:
    """Past 2 GiB a Connection sends -1, then the length in 8 bytes; any length may be sent that way."""
    data = pickle.dumps(("ok", "long form"))

    async def test(ours: Channel, theirs: Connection) -> None:
        os.write(theirs.fileno(), struct.pack("!i", -1) + struct.pack("!Q", len(data)) + data)
        assert await ours.recv(5.0) == ("ok", "long form")

    drive(test)


def test_a_message_written_a_byte_at_a_time_arrives_whole(drive: Callable[[Test], None]) -> None:
    data = pickle.dumps({"n": 1})
    wire = struct.pack("!i", -1) + struct.pack("!Q", len(data)) + data  # the long form: both lengths come apart

    async def test(ours: Channel, theirs: Connection) -> None:
        def trickle() -> None:
            for i in range(len(wire)):
                os.write(theirs.fileno(), wire[i : i + 1])
                time.sleep(0.002)

        writer = in_thread(trickle)
        assert await ours.recv(5.0) == {"n": 1}
        writer.join()

    drive(test)


def test_two_messages_in_one_write_are_both_delivered_in_order(drive: Callable[[Test], None]) -> None:
    async def test(ours: Channel, theirs: Connection) -> None:
        os.write(theirs.fileno(), frame("first") + frame("second"))
        assert await ours.recv(5.0) == "first"
        assert await ours.recv(5.0) == "second"

    drive(test)


def test_a_message_sent_before_the_worker_exits_comes_before_the_end(drive: Callable[[Test], None]) -> None:
    async def test(ours: Channel, theirs: Connection) -> None:
        theirs.send(("failed", "no torch"))
        theirs.close()
        await asyncio.sleep(0.05)  # the loop has seen both the message and the end
        assert await ours.recv(5.0) == ("failed", "no torch")
        with pytest.raises(EOFError):
            await ours.recv(5.0)

    drive(test)


def test_the_worker_exiting_while_awaited_is_eof(drive: Callable[[Test], None]) -> None:
    async def test(ours: Channel, theirs: Connection) -> None:
        asyncio.get_running_loop().call_later(0.05, theirs.close)
        with pytest.raises(EOFError):
            await ours.recv(5.0)

    drive(test)


def test_a_half_sent_message_then_the_end_is_eof(drive: Callable[[Test], None]) -> None:
    async def test(ours: Channel, theirs: Connection) -> None:
        os.write(theirs.fileno(), frame(b"y" * 1000)[:500])
        theirs.close()
        with pytest.raises(EOFError):
            await ours.recv(5.0)

    drive(test)


def test_an_idle_worker_gone_is_seen_at_once(drive: Callable[[Test], None]) -> None:
    """silent() looks now: no turn of the loop is needed between the worker's end closing and the check."""

    async def test(ours: Channel, theirs: Connection) -> None:
        assert ours.silent()
        theirs.close()
        assert not ours.silent()

    drive(test)


def test_an_idle_worker_that_speaks_is_not_silent(drive: Callable[[Test], None]) -> None:
    async def test(ours: Channel, theirs: Connection) -> None:
        theirs.send("unasked")
        assert not ours.silent()

    drive(test)


def test_a_late_message_is_kept_for_the_next_recv(drive: Callable[[Test], None]) -> None:
    async def test(ours: Channel, theirs: Connection) -> None:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            await ours.recv(0.1)
        assert 0.09 <= time.monotonic() - started < 1.0
        theirs.send("late")
        assert await ours.recv(5.0) == "late"

    drive(test)


def test_a_cancelled_recv_leaves_the_channel_usable(drive: Callable[[Test], None]) -> None:
    async def test(ours: Channel, theirs: Connection) -> None:
        waiting = asyncio.ensure_future(ours.recv(5.0))
        await asyncio.sleep(0.01)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        theirs.send("after")
        assert await ours.recv(5.0) == "after"

    drive(test)


def test_close_wakes_a_waiting_recv_with_eof(drive: Callable[[Test], None]) -> None:
    async def test(ours: Channel, theirs: Connection) -> None:
        asyncio.get_running_loop().call_later(0.05, ours.close)
        with pytest.raises(EOFError):
            await ours.recv(5.0)
        ours.close()  # twice is harmless

    drive(test)


def test_sending_to_a_worker_gone_is_an_os_error(drive: Callable[[Test], None]) -> None:
    async def test(ours: Channel, theirs: Connection) -> None:
        theirs.close()
        with pytest.raises(OSError):
            await ours.send(frame("job"))
        assert not ours.send_nowait(frame(None))

    drive(test)


def test_an_unpicklable_message_fails_before_anything_is_sent() -> None:
    with pytest.raises((AttributeError, pickle.PicklingError)):
        frame(lambda: 0)
