"""The editor on a 1366×768 laptop: the menu folds to icons, the palette to icons and the
side panel away until a node is chosen, so the canvas gets most of the screen; on a
1920×1080 screen everything stays open. Screenshots of both go to docs/screenshots/."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_canvas import SCREENSHOTS, node
from tests.journeys.builders import EXAMPLES

pytestmark = pytest.mark.browser

COFFEE = next(p for p in EXAMPLES if p.stem == "coffee-member-groups")


def _canvas_share(page: Page) -> float:
    canvas = page.get_by_test_id("canvas").bounding_box()
    return (
        canvas["width"]
        * canvas["height"]
        / (page.viewport_size["width"] * page.viewport_size["height"])
    )


def test_the_canvas_gets_most_of_a_laptop_screen(page: Page, sign_in, admin_client):
    bundle = json.loads(COFFEE.read_text(encoding="utf-8"))
    answer = admin_client.post("/api/journeys/import?allow_errors=1", json=bundle)
    assert answer.status_code in (200, 201), answer.get_json()
    key = bundle["journey"]["key"]
    sign_in()

    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"/journeys/{key}")
    expect(page.get_by_test_id("app-sider")).to_have_class(
        re.compile(r"ant-layout-sider-collapsed")
    )
    expect(page.get_by_test_id("palette")).to_have_class(re.compile("palette-compact"))
    expect(page.get_by_test_id("side-panel")).to_be_hidden()
    assert _canvas_share(page) > 0.6
    page.locator(".react-flow__controls-fitview").click()
    page.screenshot(path=str(SCREENSHOTS / "editor-1366x768.png"))

    # Choosing a node opens the panel with its settings; the toggle folds it again.
    first = bundle["journey"]["nodes"][0]["id"]
    node(page, first).click()
    expect(page.get_by_test_id("config-panel")).to_be_visible()
    page.get_by_role("button", name="Hide the side panel").click()
    expect(page.get_by_test_id("side-panel")).to_be_hidden()
    # The menu opens on demand.
    page.locator(".ant-layout-sider-trigger").click()
    expect(page.get_by_test_id("app-sider")).not_to_have_class(
        re.compile(r"ant-layout-sider-collapsed")
    )

    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"/journeys/{key}")
    expect(page.get_by_test_id("side-panel")).to_be_visible()
    expect(page.get_by_test_id("palette")).not_to_have_class(re.compile("palette-compact"))
    expect(page.get_by_test_id("app-sider")).not_to_have_class(
        re.compile(r"ant-layout-sider-collapsed")
    )
    page.locator(".react-flow__controls-fitview").click()
    page.screenshot(path=str(SCREENSHOTS / "editor-1920x1080.png"))
