"""Each shipped example, published on a fresh demo and run for 40 days (the same run that
``tests/engine/test_examples_run.py`` checks against the member data), shows on the canvas
in Chromium the counters the API holds, node by node; a screenshot of each goes to
``docs/screenshots/example-<key>.png`` when ``SCREENSHOT_DIR`` is set."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.engine.test_examples_run import EXAMPLES, run_example

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="lc-examples-"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_example_tells_its_story_on_the_canvas(path, page: Page, sign_in, app, admin_client):
    done = run_example(path, app, admin_client)
    live = admin_client.get(f"/api/journeys/{done.key}/counters").get_json()
    counters, edges = live["nodes"], live["edges"]
    entries = [n["id"] for n in done.bundle["journey"]["nodes"] if n["type"].startswith("entry.")]
    assert all(counters[e]["entered"] > 0 for e in entries), counters
    sign_in()

    # On the canvas, each node carries its counters.
    page.goto(f"/journeys/{done.key}")
    for node in done.bundle["journey"]["nodes"]:
        box = page.locator(f'.react-flow__node[data-id="{node["id"]}"]')
        figures = counters.get(node["id"], {})
        expect(box.get_by_label(f"Entered: {figures.get('entered', 0)}")).to_be_attached()
        expect(box.get_by_label(f"Passed: {figures.get('passed', 0)}")).to_be_attached()

    # The live page tells the story in words: each node reached, and the branches it sent
    # members down.
    page.set_viewport_size({"width": 1440, "height": 1200})
    page.goto(f"/journeys/{done.key}/live")
    for node_id, figures in counters.items():
        row = page.get_by_test_id("live-node-list").locator(f'[data-node="{node_id}"]')
        expect(row.get_by_label(f"Entered: {figures['entered']}")).to_be_visible()
        branches = edges.get(node_id, {})
        if set(branches) - {"next"}:
            for branch, count in branches.items():
                expect(row.get_by_label(f"Left by {branch}: {count}")).to_be_visible()
    page.screenshot(path=str(SHOTS / f"example-{done.key}.png"), full_page=True)
