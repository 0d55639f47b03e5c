"""A marketer on a fresh install drops nodes that point at templates: they ask for a choice
instead of pointing at keys that do not exist, and every problem reads in plain words with
the node's label, never its type name or id."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_canvas import SCREENSHOTS, confirm, node, problems, saved

pytestmark = pytest.mark.browser

TYPE_NAME = re.compile(r"\b(entry|wait|split|action)\.[a-z_]+\b")


def test_new_nodes_ask_for_what_is_missing_in_plain_words(page: Page, sign_in):
    sign_in()
    page.goto("/journeys")
    page.get_by_role("button", name="New journey").click()
    page.get_by_label("Journey name").fill("Fresh start")
    confirm(page, "Create", "/api/journeys")
    expect(page).to_have_url("/journeys/fresh-start")

    # Click-to-add from the palette: an audience entry, a coupon, a message.
    for title in ("Audience", "Grant coupon", "Send message"):
        page.locator(".palette-item", has_text=re.compile(f"^{title}$")).click()
    saved(page)
    listed = problems(page)
    expect(listed).to_contain_text("This Audience node: choose an audience.")
    expect(listed).to_contain_text("This Grant coupon node: choose a coupon template.")
    expect(listed).to_contain_text("This Send message node: choose a message template.")
    text = listed.inner_text()
    for stale in ("all-members", "welcome-coupon", "welcome-inapp", "/api/", "config"):
        assert stale not in text, text
    assert not TYPE_NAME.search(text), text
    # Problems name nodes as the canvas does, not by id.
    assert "coupon_1" not in text and "send_1" not in text, text
    page.screenshot(path=str(SCREENSHOTS / "editor-new-node-prompts.png"))

    # A wait of minus three days, labelled: the field will not hold it, and the wait of no
    # time left is a problem named by the label.
    page.locator(".palette-item", has_text=re.compile("^Wait$")).click()
    panel = page.get_by_test_id("config-panel")
    panel.get_by_label("Label").fill("Cool-off")
    days = panel.locator('input[aria-label="days"], input[aria-label="Days"]').first
    days.fill("-3")
    days.press("Tab")
    saved(page)
    expect(days).not_to_have_value("-3")
    expect(problems(page)).to_contain_text("“Cool-off”: a duration must be longer than zero.")
    expect(node(page, "duration_1")).to_be_visible()
