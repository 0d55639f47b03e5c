"""Small editing comforts: click to add, never on top of another node; arrowheads; rule sentences."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app.journeys import drafts
from app.journeys.service import find_journey, versions_of
from tests.browser.test_canvas import node, placed, saved
from tests.journeys.builders import simple

pytestmark = pytest.mark.browser


@pytest.fixture
def journey(app):
    drafts.create_journey("test-journey", "Test journey", "", None)
    drafts.save_draft(find_journey("test-journey"), placed(simple()), None)


def _boxes_apart(a: dict, b: dict) -> bool:
    return (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_clicks_on_the_palette_add_nodes_that_never_overlap(page: Page, sign_in, journey):
    sign_in()
    page.goto("/journeys/test-journey")
    expect(node(page, "tag")).to_be_visible()
    for _ in range(4):
        page.locator('.palette-item[data-type="action.tag"]').click()
    for node_id in ("tag_1", "tag_2", "tag_3", "tag_4"):
        expect(node(page, node_id)).to_be_attached()
    saved(page)
    document = versions_of(find_journey("test-journey"))[-1].document
    size = {"width": 232, "height": 84}
    boxes = [{**n["position"], **size} for n in document["nodes"]]
    assert len(boxes) == 7
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert _boxes_apart(a, b), (a, b)


def test_edges_point_at_their_target(page: Page, sign_in, journey):
    sign_in()
    page.goto("/journeys/test-journey")
    edges = page.locator(".react-flow__edge")
    expect(edges).to_have_count(2)
    for index in range(2):
        marker = edges.nth(index).locator("path.react-flow__edge-path").get_attribute("marker-end")
        assert marker and marker.startswith("url(#arrow-")
    expect(page.locator("marker path")).to_have_count(2)


def test_a_condition_node_reads_its_rules_as_a_sentence(page: Page, sign_in, journey):
    document = placed(simple())
    document["nodes"][1] = {
        "id": "tag",
        "type": "split.condition",
        "config": {
            "rules": {
                "all": [
                    {"kind": "order_count", "window_days": 365, "op": "gte", "value": 3},
                    {"kind": "tag", "op": "has", "value": "vip"},
                ]
            }
        },
        "position": {"x": 300, "y": 0},
    }
    drafts.save_draft(find_journey("test-journey"), document, None)
    sign_in()
    page.goto("/journeys/test-journey")
    expect(node(page, "tag")).to_contain_text(
        "orders in the last 365 days at least 3 and has tag vip"
    )
