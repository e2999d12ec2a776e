"""The editor in a real Chromium: highlighting drawn exactly under the text, Tab and Shift+Tab indentation,
auto-indent after a colon, Esc then Tab to leave, the error and current-step markers on the right lines, and the
plain textarea when JavaScript is off."""

from __future__ import annotations

from typing import Any

import pytest
from pagekit import SQUARE, current_line, go_to_step, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROGRAM = '''@torch.no_grad()
def double(v):  # a comment
    return v * 2.5
x = torch.ones(2, requires_grad=True)
s = """text"""
y = double(x) if True else None
'''


def tokens(page: Any, cls: str) -> list[str]:
    return list(page.eval_on_selector_all(f"#editor-code .{cls}", "els => els.map(e => e.textContent)"))


def value(page: Any) -> str:
    return str(page.input_value("#source"))


def test_the_program_is_highlighted_under_its_text(page: Any, server: str) -> None:
    open_page(page, server, source=PROGRAM)
    assert page.text_content("#editor-code") == PROGRAM + "\n"
    assert tokens(page, "tok-keyword") == ["def", "return", "if", "else"]
    assert tokens(page, "tok-def") == ["double"]
    assert tokens(page, "tok-comment") == ["# a comment"]
    assert tokens(page, "tok-number") == ["2.5", "2"]
    assert tokens(page, "tok-string") == ['"""text"""']
    assert tokens(page, "tok-constant") == ["True", "True", "None"]
    assert tokens(page, "tok-decorator") == ["@torch.no_grad"]
    assert page.eval_on_selector("#source", "t => getComputedStyle(t).color") == "rgba(0, 0, 0, 0)"
    # Each line of the copy sits exactly where the textarea draws it: beside its number in the gutter.
    rows = page.eval_on_selector_all("#editor-gutter .gutter-line", "rs => rs.map(r => r.getBoundingClientRect().top)")
    tops = page.eval_on_selector_all(
        "#editor-code .tok-def, #editor-code .tok-string", "ts => ts.map(t => t.getBoundingClientRect().top)"
    )
    # (an inline box starts a little below its line's top: the same little for every line)
    assert 0 <= tops[0] - rows[1] < 4 and tops[1] - rows[4] == pytest.approx(tops[0] - rows[1], abs=0.5)
    same = "t => ['fontFamily', 'fontSize', 'lineHeight', 'paddingTop', 'paddingLeft'].map(k => getComputedStyle(t)[k])"
    assert page.eval_on_selector("#editor-code", same) == page.eval_on_selector("#source", same)
    # Typing redraws it.
    page.click("#source")
    page.keyboard.press("Control+End")
    page.keyboard.type("# done")
    assert tokens(page, "tok-comment") == ["# a comment", "# done"]


def test_tab_shift_tab_and_auto_indent(page: Any, server: str) -> None:
    open_page(page, server, source="x = 1\n")
    page.fill("#source", "")
    page.click("#source")
    page.keyboard.type("for i in range(3):")
    page.keyboard.press("Enter")
    assert value(page) == "for i in range(3):\n    "
    page.keyboard.type("y = i")
    page.keyboard.press("Enter")
    assert value(page) == "for i in range(3):\n    y = i\n    "  # the indentation is kept
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("z = 2")
    assert value(page) == "for i in range(3):\n    y = i\nz = 2"
    page.keyboard.press("Home")
    page.keyboard.press("Tab")
    assert value(page) == "for i in range(3):\n    y = i\n    z = 2"
    assert page.evaluate("document.activeElement.id") == "source"  # Tab indents, it does not leave
    # A selection over several lines is indented and dedented whole.
    page.eval_on_selector("#source", "t => t.setSelectionRange(0, t.value.length)")
    page.keyboard.press("Tab")
    assert value(page) == "    for i in range(3):\n        y = i\n        z = 2"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert value(page) == "for i in range(3):\ny = i\nz = 2"
    # The browser's undo still works, edit by edit.
    page.keyboard.press("Control+z")
    assert value(page) == "for i in range(3):\n    y = i\n    z = 2"
    # Esc then Tab leaves the editor.
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") != "source"


def strip_top(page: Any, selector: str) -> float:
    return float(page.eval_on_selector(selector, "e => e.getBoundingClientRect().top"))


def gutter_top(page: Any, line: int) -> float:
    return float(
        page.eval_on_selector(f'#editor-gutter .gutter-line[data-line="{line}"]', "e => e.getBoundingClientRect().top")
    )


def test_the_error_and_current_step_markers_sit_on_their_lines(page: Any, server: str, watch: Any) -> None:
    watch.allowed.append("status of 400")  # the refused program's page answers 400, as the API does
    open_page(page, server, source=SQUARE, step="1")
    assert current_line(page) == 2
    assert strip_top(page, "#editor-highlight") == pytest.approx(gutter_top(page, 2), abs=1.5)
    go_to_step(page, 2)
    assert strip_top(page, "#editor-highlight") == pytest.approx(gutter_top(page, 3), abs=1.5)

    open_page(page, server, source="x = torch.ones(2)\ny = x.nope()\n")
    assert page.is_visible("#editor-error")
    assert page.get_attribute('#editor-gutter .gutter-line[data-line="2"]', "class") == "gutter-line has-error"
    assert strip_top(page, "#editor-error-line") == pytest.approx(gutter_top(page, 2), abs=1.5)
    assert "line 2" in page.text_content("#editor-error")


def test_without_javascript_the_editor_is_a_plain_textarea(nojs_page: Any, server: str) -> None:
    nojs_page.goto(f"{server}/?source=x+%3D+1%0A")
    assert nojs_page.is_hidden("#editor-code")
    assert nojs_page.eval_on_selector("#source", "t => getComputedStyle(t).color") != "rgba(0, 0, 0, 0)"
    assert nojs_page.input_value("#source") == "x = 1\n"
