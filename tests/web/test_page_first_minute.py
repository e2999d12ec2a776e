"""The first minute on the page: the guide, opening at step 1, the controls above the fold, the shortcut sheet,
the example menu saying "(edited)", and the link to the language reference."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pagekit import assert_at_step, open_page, step_label, wait_ready

from app.examples import EXAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def fresh(browser: Any, watch: Any) -> Iterator[Any]:
    """A page in a new profile at 1440×900, where the guide has never been dismissed."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = context.new_page()
    pg.on("console", watch.console)
    pg.on("pageerror", lambda e: watch.errors.append(f"page error: {e}"))
    yield pg
    context.close()
    assert watch.errors == []


def test_the_guide_shows_three_hints_until_dismissed(fresh: Any, server: str) -> None:
    fresh.goto(f"{server}/")
    wait_ready(fresh)
    assert fresh.is_visible("#guide")
    assert fresh.locator("#guide li").count() == 3
    assert "Run backward" in fresh.text_content("#guide")
    fresh.click("#guide-close")
    assert fresh.is_hidden("#guide")
    fresh.reload()
    wait_ready(fresh)
    assert fresh.is_hidden("#guide")  # remembered in localStorage


def test_a_bare_page_opens_at_step_one_with_the_controls_above_the_fold(fresh: Any, server: str, api: Any) -> None:
    fresh.goto(f"{server}/")
    wait_ready(fresh)
    run = api(EXAMPLES[0]["source"])
    assert_at_step(fresh, run, 0)
    assert "step=0" in fresh.url
    for control in ("#run-button", "#step-next", "#step-prev", "#step-slider", "#backward-button"):
        box = fresh.locator(control).bounding_box()
        assert box is not None and fresh.is_visible(control), control
        assert 0 <= box["y"] and box["y"] + box["height"] <= 900, (control, box)
    # A link that asks for the last step opens there.
    fresh.goto(f"{server}/?example={EXAMPLES[0]['id']}&step=last")
    wait_ready(fresh)
    assert step_label(fresh).startswith(f"Step {len(run['steps'])} of {len(run['steps'])}")


def test_question_mark_opens_every_shortcut(page: Any, server: str) -> None:
    open_page(page, server)
    assert page.is_visible("#shortcuts-button")
    page.focus("#step-next")
    page.keyboard.press("?")
    assert page.is_visible("#shortcuts")
    sheet = page.text_content("#shortcuts")
    for key in ("Ctrl", "Enter", "←", "→", "Home", "End", "Tab", "Shift", "Esc", "+", "−", "0", "Space", "?"):
        assert key in sheet, key
    page.keyboard.press("Escape")
    assert page.is_hidden("#shortcuts")
    # Typed into the editor, "?" is just a character.
    page.click("#source")
    page.keyboard.press("End")
    page.keyboard.press("?")
    assert page.is_hidden("#shortcuts")
    assert "?" in page.input_value("#source")
    page.click("#shortcuts-button")
    assert page.is_visible("#shortcuts")
    page.click("#shortcuts-close")
    assert page.is_hidden("#shortcuts")


def selected_option(page: Any) -> str:
    return str(page.eval_on_selector("#example", "s => s.options[s.selectedIndex].textContent"))


def test_the_example_menu_says_edited_once_the_source_differs(page: Any, server: str) -> None:
    first, second = EXAMPLES[0], EXAMPLES[1]
    open_page(page, server, example=first["id"])
    assert selected_option(page) == first["title"]
    page.click("#source")
    page.keyboard.press("Control+End")
    page.keyboard.type("y = 1")
    assert selected_option(page) == f"{first['title']} (edited)"
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    assert selected_option(page) == first["title"]  # the same text again: no longer edited
    page.select_option("#example", second["id"])
    wait_ready(page)
    assert selected_option(page) == second["title"]
    assert page.eval_on_selector_all("#example option", "os => os.filter(o => o.textContent.includes('edited'))") == []


def test_the_language_reference_is_one_click_away(page: Any, server: str) -> None:
    open_page(page, server)
    page.click("#language-link")
    page.wait_for_url(f"{server}/language")
    text = page.text_content("main")
    assert "max_backward_times" in text  # the limits in force
    assert "requires_grad" in text  # the generated reference itself
