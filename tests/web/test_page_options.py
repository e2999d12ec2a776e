"""The run options on the page, in a real Chromium: the program runs as written, and whatever "Zero gradients"
and "Run backward" add is shown as code (ghost lines in the editor, notes under the output); a failed extra pass
is shown as a failure, and no pass is claimed that did not happen."""

from __future__ import annotations

from typing import Any

import pytest
from pagekit import cell, current_line, ghost_rows, go_to_step, open_page, step_label, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOOP = "x = torch.ones(2, requires_grad=True)\nfor i in range(3):\n    y = (x*3).sum()\n"
LOOP += "    y.backward()\n    print(x.grad)\n"
SMALL = "x = torch.ones(2, requires_grad=True)\na = x + 2\nd = (a*a).mean()\nd.backward()\nprint(a.grad)\n"
TWICE = "x = torch.ones(2, requires_grad=True)\nd = (x*x).sum()\nd.backward()\nd.backward()\n"
STEPPED = "w = torch.ones(3, requires_grad=True)\nopt = torch.optim.SGD([w], lr=0.1)\n"
STEPPED += "loss = (w*w).sum()\nloss.backward()\nopt.step()\n"


def test_zeroing_is_shown_where_it_applies(page: Any, server: str, api: Any) -> None:
    plain = api(LOOP)
    zeroed = api(LOOP, zero_grad=True)
    assert plain["output"].count("tensor([3., 3.])") == 1 and "tensor([9., 9.])" in plain["output"]
    assert zeroed["output"] == "tensor([3., 3.])\n" * 3  # the option changes what the program prints...
    assert zeroed["inserted"] == [{"option": "zero_grad", "line": 4, "code": "x.grad.zero_()"}]

    open_page(page, server, source=LOOP)
    assert page.is_hidden("#editor-view")  # nothing added: the editor shows the program alone
    page.check("#zero-grad")
    wait_ready(page)
    assert page.text_content("#output") == zeroed["output"]
    # ...so the page shows the zeroing as code, just before the backward it precedes, and says what it did.
    assert page.is_visible("#editor-view") and page.is_visible("#editor-view-note")
    rows = ghost_rows(page)
    at = rows.index(("line 4", "    y.backward()"))
    assert rows[at - 1] == ("ghost-zero", "    x.grad.zero_()  # zero gradients option")
    assert [kind for kind, _ in rows].count("ghost-zero") == 1
    notes = page.locator("#output-notes li").all_text_contents()
    assert len(notes) == 1 and "x.grad.zero_()" in notes[0] and "line 4" in notes[0] and "3 times" in notes[0]
    assert page.locator('#editor-view .view-row[data-line="4"].is-current').count() == 0
    go_to_step(page, next(i for i, s in enumerate(zeroed["steps"]) if s["line"] == 4))
    assert page.locator('#editor-view .view-row[data-line="4"].is-current').count() == 1

    # The ghost line is not part of the program: clicking edits the program itself, as written.
    page.click('#editor-view .view-row[data-line="2"]')
    assert page.is_hidden("#editor-view")
    assert page.evaluate("document.activeElement.id") == "source"
    assert page.input_value("#source") == LOOP
    page.focus("#seed")
    assert page.is_visible("#editor-view")
    page.focus("#source")
    page.keyboard.press("End")
    page.keyboard.type("  # edited")
    page.focus("#seed")
    assert page.is_hidden("#editor-view")  # the ghost lines belong to the program that ran, not this one


def test_run_backward_shows_its_retain_graph_and_its_passes(page: Any, server: str, api: Any) -> None:
    run = api(SMALL, backward={"target": "d", "times": 2})
    assert run["inserted"] == [{"option": "backward", "line": 4, "code": "retain_graph=True"}]
    passes = [s for s in run["steps"] if s["line"] == 0]
    assert [s["source"] for s in passes] == [
        'd.backward(retain_graph=True)  # pass 1, from "Run backward"',
        'd.backward(retain_graph=True)  # pass 2, from "Run backward"',
    ]
    open_page(page, server, source=SMALL, target="d", times="2")
    rows = ghost_rows(page)
    assert rows[3] == ("line 4", 'd.backward(retain_graph=True)  # added by "Run backward"')
    assert page.text_content('#editor-view .view-row[data-line="4"] .ghost-inline') == "retain_graph=True"
    assert rows[-2:] == [("ghost-pass", s["source"]) for s in passes]
    # The last step is the second pass: its ghost line is the current one, and no program line is.
    assert page.get_attribute("#editor-view .view-row.is-current", "data-step") == str(len(run["steps"]) - 1)
    assert page.locator("#editor-gutter .gutter-line.is-current").count() == 0
    page.click("#step-prev")
    assert page.get_attribute("#editor-view .view-row.is-current", "data-step") == str(len(run["steps"]) - 2)
    assert page.text_content("#passes .passes-heading") == "After 2 backward passes (accumulating)"
    assert "last backward on d (line 4) ran with retain_graph=True" in page.text_content("#passes .retain-note")


def test_backward_twice_fails_as_in_pytorch_with_the_option_on(page: Any, server: str, api: Any) -> None:
    run = api(TWICE, backward={"target": "d", "times": 1})
    assert run["error"]["line"] == 4 and "backward through the graph a second time" in run["error"]["message"]
    assert run["inserted"] == []
    open_page(page, server, source=TWICE, target="d", times="1")
    assert "line 4" in page.text_content("#editor-error")
    assert "Trying to backward through the graph a second time" in page.text_content("#editor-error")
    assert page.is_hidden("#editor-view")
    assert page.text_content("#passes .pass-failed") == (
        "The program stopped with an error before the extra passes: none ran."
    )
    assert page.locator("#passes .passes-heading").count() == 0
    assert current_line(page) == 3  # the last step that ran


def test_a_failed_extra_pass_is_a_failure(page: Any, server: str, api: Any) -> None:
    run = api(STEPPED, backward={"target": "loss", "times": 2})
    message = run["error"]["message"]
    assert message.startswith("Run backward, pass 1: RuntimeError: one of the variables needed")
    assert run["error"]["line"] == 0
    assert [s for s in run["steps"] if s["line"] == 0] == []  # no pass happened
    open_page(page, server, source=STEPPED, target="loss", times="2")
    assert page.locator("#passes .passes-heading").count() == 0  # never "After 2 backward passes"
    failure = page.text_content("#passes .pass-failed")
    assert failure == "Pass 1 failed: " + message.removeprefix("Run backward, pass 1: ")
    assert "Passes 1 to 2 did not happen." in page.text_content("#passes")
    assert "modified by an inplace operation" in page.text_content("#editor-error")
    assert ghost_rows(page)[-1] == (
        "ghost-failed",
        'loss.backward(retain_graph=True)  # pass 1, from "Run backward": failed',
    )
    assert step_label(page).startswith(f"Step {len(run['steps'])} of {len(run['steps'])}")
    assert cell(page, "w", "grad") == "[2.0000, 2.0000, 2.0000]"  # as the program left it, no pass added to it
