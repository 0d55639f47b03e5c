"""Rule trees of split nodes, edited in the canvas side panel with the audience rule builder."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.journeys import drafts
from app.journeys.service import find_journey
from tests.browser.dialogs import choose

pytestmark = pytest.mark.browser

#: Screenshots go to SCREENSHOT_DIR when set, else a temp dir.
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="lc-shots-"))


def journey_with(key: str, split: dict, branches: list[str]) -> dict:
    """entry.api -> the split -> one exit per branch, nodes placed side by side."""
    nodes = [{"id": "start", "type": "entry.api", "config": {}}, split]
    edges = [{"id": "in", "source": "start", "target": split["id"], "branch": "next"}]
    for branch in branches:
        nodes.append({"id": f"end_{branch}", "type": "exit", "config": {}})
        edges.append(
            {"id": branch, "source": split["id"], "target": f"end_{branch}", "branch": branch}
        )
    for index, n in enumerate(nodes):
        n["position"] = {"x": index * 280, "y": 0}
    return {
        "schema_version": 1,
        "key": key,
        "name": key.title(),
        "settings": {},
        "nodes": nodes,
        "edges": edges,
    }


def stored(page: Page, key: str, node_id: str) -> dict:
    """The node's config in the journey's export (the draft the editor saved)."""
    response = page.request.get(f"/api/journeys/{key}/export")
    assert response.ok, response.text()
    document = json.loads(response.text())
    return next(n for n in document["nodes"] if n["id"] == node_id)["config"]


def saved(page: Page) -> None:
    expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")


def open_node(page: Page, node_id: str):
    page.locator(f'.react-flow__node[data-id="{node_id}"]').click()
    panel = page.get_by_test_id("config-panel")
    expect(panel).to_contain_text(node_id)
    return panel


def test_condition_rules_are_built_checked_sized_and_saved(page: Page, sign_in, shop):
    split = {"id": "split", "type": "split.condition", "config": {"rules": {"all": []}}}
    drafts.create_journey("gold-split", "Gold split", "", None)
    drafts.save_draft(
        find_journey("gold-split"), journey_with("gold-split", split, ["yes", "no"]), None
    )

    sign_in()
    page.goto("/journeys/gold-split")
    panel = open_node(page, "split")
    builder = panel.get_by_test_id("rule-tree-rules")

    # An empty all group is every member, in a journey as in a saved audience.
    expect(builder.get_by_test_id("rule-size")).to_contain_text("3 members match now")
    expect(panel.locator(".config-problem")).to_have_count(0)

    builder.get_by_role("button", name="Add condition").click()
    row = builder.locator('[data-testid="rule-condition"][data-path="all[0]"]')
    expect(row.get_by_role("combobox", name="Condition")).to_be_visible()
    choose(page, row, "Value", "gold")
    expect(builder.get_by_test_id("rule-size")).to_contain_text("1 member matches now · 33% of 3")

    saved(page)
    assert stored(page, "gold-split", "split") == {
        "rules": {"all": [{"kind": "profile", "field": "tier", "op": "eq", "value": "gold"}]},
    }
    expect(panel.locator(".config-problem")).to_have_count(0)
    page.get_by_test_id("config-panel").screenshot(path=SCREENSHOTS / "canvas-rules-panel.png")

    # A problem the audiences API finds is shown at its condition, and clears when fixed.
    builder.get_by_role("button", name="Add condition").click()
    second = builder.locator('[data-testid="rule-condition"][data-path="all[1]"]')
    choose(page, second, "Condition", "Number of orders")
    window = second.get_by_role("spinbutton", name="In the last (days)")
    window.fill("0")
    expect(second).to_contain_text("window_days must be a whole number of days from 1")
    expect(builder.get_by_test_id("rule-size")).to_contain_text("Fix the rules")
    # The journey's own check is the same grammar, and names the place in the rules in words.
    expect(panel.locator(".config-problem")).to_contain_text("condition 2: bad window")
    window.fill("30")
    expect(second.locator(".rule-errors")).to_have_count(0)
    expect(panel.locator(".config-problem")).to_have_count(0)
    expect(builder.get_by_test_id("rule-size")).to_contain_text("1 member matches now")
    saved(page)
    assert stored(page, "gold-split", "split")["rules"]["all"][1] == {
        "kind": "order_count",
        "op": "gte",
        "value": 1,
        "window_days": 30,
    }

    # Power users can still read and edit the tree as JSON.
    builder.get_by_role("button", name="Edit as JSON").click()
    text = builder.locator('textarea[aria-label="rules"]')
    assert json.loads(text.input_value())["all"][0]["value"] == "gold"
    builder.get_by_role("button", name="Use the builder").click()
    expect(builder.get_by_test_id("rule-condition")).to_have_count(2)


def test_multi_split_branches_each_get_a_builder(page: Page, sign_in, shop):
    split = {
        "id": "tiers",
        "type": "split.multi",
        "config": {
            "branches": [
                {
                    "key": "gold",
                    "rules": {"kind": "profile", "field": "tier", "op": "eq", "value": "gold"},
                }
            ]
        },
    }
    drafts.create_journey("tier-split", "Tier split", "", None)
    drafts.save_draft(
        find_journey("tier-split"), journey_with("tier-split", split, ["gold", "else"]), None
    )

    sign_in()
    page.goto("/journeys/tier-split")
    panel = open_node(page, "tiers")
    cards = panel.get_by_test_id("branch-card")
    expect(cards).to_have_count(1)
    expect(cards.first.get_by_test_id("rule-size")).to_contain_text("1 member matches now")

    panel.get_by_role("button", name="Add branch").click()
    expect(cards).to_have_count(2)
    second = cards.nth(1)
    expect(second.get_by_label("branch 2 key")).to_have_value("branch_2")
    second.get_by_label("branch 2 key").fill("silver")
    choose(page, second, "Value", "silver")
    expect(second.get_by_test_id("rule-size")).to_contain_text("1 member matches now")

    saved(page)
    branches = stored(page, "tier-split", "tiers")["branches"]
    assert [b["key"] for b in branches] == ["gold", "silver"]
    assert branches[1]["rules"] == {
        "all": [{"kind": "profile", "field": "tier", "op": "eq", "value": "silver"}]
    }
