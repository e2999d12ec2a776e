"""Printed objects show placeholder addresses: numbered by first appearance, the same object always the same
number, the same program always the same text, and hex digits the program wrote itself left alone."""

from __future__ import annotations

import re
import sys

from app.engine import Limits, RunOptions, parse_program, run_program
from app.engine.addresses import StableAddresses

ADDRESS = re.compile(r" at (0x[0-9a-f]+)>")


def output(source: str) -> str:
    result = run_program(parse_program(source, Limits()), RunOptions(), Limits())
    assert result.error is None, result.error.to_dict()
    return result.output


def test_every_way_of_printing_an_object_shows_its_placeholder() -> None:
    text = output(
        "x = torch.ones(2, requires_grad=True)\ny = x * 2\nfn = y.grad_fn\n"
        "print(fn)\nprint([fn], {'f': fn})\nprint(f'{fn!r:>60}')\ns = 'node %s' % (fn,)\ns %= ()\nprint(s)\n"
        "print(fn.next_functions)\nprint(torch.manual_seed(3))\n"
    )
    assert ADDRESS.findall(text) == ["0x" + "0" * 15 + n for n in "11111" + "23"], text
    assert "<torch._C.Generator object at 0x0000000000000003>" in text


def test_objects_printed_once_each_get_their_own_number_and_the_text_is_the_same_every_run() -> None:
    """Temporaries whose memory Python could reuse: each is kept until the run ends, so each keeps its number."""
    source = "x = torch.ones(2, requires_grad=True)\nfor i in range(4):\n    print((x * i).grad_fn)\n"
    first = output(source)
    assert [int(a, 16) for a in ADDRESS.findall(first)] == [1, 2, 3, 4]
    assert all(output(source) == first for _ in range(3))


def test_hex_the_program_wrote_and_objects_not_printed_are_left_alone() -> None:
    addresses = StableAddresses()
    node = object()
    text = f"{node!r} 0x{id(node) + 1:x} 0xabc"
    shown = addresses.hide(text, [[node], 5, "0xabc"])
    assert shown == f"<object object at 0x0000000000000001> 0x{id(node) + 1:x} 0xabc"
    assert addresses.hide("0x10", [node]) == "0x10"
    other = object()
    assert addresses.hide(repr(other), [other]).endswith("0x0000000000000002>")
    assert addresses.hide(repr(node), (node,)).endswith("0x0000000000000001>")


class FakeNode:
    """Like a backward node: no weak references to it, and a metadata dict that goes with it."""

    __slots__ = ("metadata",)

    def __init__(self) -> None:
        self.metadata: dict[str, object] = {}


def test_a_node_is_not_kept_alive_and_its_number_goes_with_it() -> None:
    """Keeping a printed node would keep its saved tensors for the whole run; forgetting its number only when it
    goes means no later object at its address can take that number by chance."""
    addresses = StableAddresses()
    node = FakeNode()
    references = sys.getrefcount(node)
    assert addresses.hide(f"<FakeNode object at 0x{id(node):x}>", [node]).endswith("0x0000000000000001>")
    assert sys.getrefcount(node) == references
    assert addresses.hide(f"at 0x{id(node):x}>", [node]) == "at 0x0000000000000001>"  # the same while it exists
    del node
    assert addresses._numbers == {}
    other = FakeNode()
    assert addresses.hide(f"at 0x{id(other):x}>", [other]) == "at 0x0000000000000002>"  # never a number again


def test_nodes_made_and_dropped_in_a_loop_each_get_a_new_number_every_run_alike() -> None:
    source = (
        "x = torch.ones(1000, requires_grad=True)\nfor i in range(3):\n    y = (x * i).exp()\n    print(y.grad_fn)\n"
    )
    runs = [output(source) for _ in range(2)]
    assert runs[0] == runs[1] and [int(a, 16) for a in ADDRESS.findall(runs[0])] == [1, 2, 3]
