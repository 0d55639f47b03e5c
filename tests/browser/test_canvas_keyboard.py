"""A marketer working with the keyboard: Ctrl+Z right after Delete brings the node back (and
is saved, even while the deletion's save is on its way), a node copied in one journey pastes
into another, and nodes added from the palette with Enter never land on top of each other."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Response, Route, expect

from app.journeys import drafts
from tests.browser.test_canvas import drop, node, saved

pytestmark = pytest.mark.browser


def _stored(page: Page, key: str) -> dict:
    return page.request.get(f"/api/journeys/{key}/versions/1").json()["version"]["document"]


def _draft_with(node_ids: list[str]) -> Callable[[Response], bool]:
    """Matches the autosave that stores a draft with exactly these nodes.

    Each step below leaves a draft different from the one saved before it, so each is saved.
    """

    def matches(response: Response) -> bool:
        request = response.request
        if request.method != "PUT" or not request.url.endswith("/draft"):
            return False
        nodes = json.loads(request.post_data or "{}")["document"]["nodes"]
        return response.ok and [n["id"] for n in nodes] == node_ids

    return matches


def test_undo_after_delete_and_paste_into_another_journey(page: Page, sign_in):
    drafts.create_journey("first", "First", "", None)
    drafts.create_journey("second", "Second", "", None)
    sign_in()
    page.goto("/journeys/first")
    with page.expect_response(_draft_with(["tag_1"])):
        drop(page, "action.tag", 300, 200)
    node(page, "tag_1").click()
    with page.expect_response(_draft_with([])):
        page.keyboard.press("Delete")
    expect(node(page, "tag_1")).to_have_count(0)
    # No click in between: the key goes straight after the deletion.
    with page.expect_response(_draft_with(["tag_1"])):
        page.keyboard.press("Control+z")
    expect(node(page, "tag_1")).to_be_visible()
    assert [n["id"] for n in _stored(page, "first")["nodes"]] == ["tag_1"]

    node(page, "tag_1").click()
    page.keyboard.press("Control+c")
    page.goto("/journeys/second")
    expect(page.get_by_test_id("canvas")).to_be_visible()
    page.get_by_test_id("canvas").click(position={"x": 200, "y": 200})
    with page.expect_response(_draft_with(["tag_1"])):
        page.keyboard.press("Control+v")
    expect(node(page, "tag_1")).to_be_visible()
    pasted = _stored(page, "second")["nodes"]
    assert [(n["id"], n["type"]) for n in pasted] == [("tag_1", "action.tag")]
    assert pasted[0]["config"] == _stored(page, "first")["nodes"][0]["config"]


def test_an_undo_made_while_the_deletion_is_being_saved_is_saved_after_it(page: Page, sign_in):
    """The undo brings the draft back to what was saved before the deletion: it still needs
    a save of its own once the deletion's save has landed."""
    drafts.create_journey("held", "Held", "", None)
    sign_in()
    page.goto("/journeys/held")
    with page.expect_response(_draft_with(["tag_1"])):
        drop(page, "action.tag", 300, 200)
    node(page, "tag_1").click()
    held: list[Route] = []
    # The first save from here on (the deletion's) is held back; later ones go through.
    page.route(
        "**/api/journeys/held/draft",
        lambda route: route.continue_() if held else held.append(route),
    )
    with page.expect_request(lambda r: r.method == "PUT" and r.url.endswith("/draft")):
        page.keyboard.press("Delete")
    page.keyboard.press("Control+z")
    expect(node(page, "tag_1")).to_be_visible()
    assert len(held) == 1  # the deletion's save, still on its way
    with page.expect_response(_draft_with(["tag_1"])):
        held[0].continue_()
    saved(page)
    assert [n["id"] for n in _stored(page, "held")["nodes"]] == ["tag_1"]


def test_nodes_added_with_the_keyboard_never_overlap(page: Page, sign_in):
    drafts.create_journey("keys", "Keys", "", None)
    sign_in()
    page.goto("/journeys/keys")
    item = page.locator('.palette-item[data-type="action.tag"]')
    item.focus()
    for _ in range(6):
        page.keyboard.press("Enter")
    expect(page.locator(".react-flow__node")).to_have_count(6)
    saved(page)
    boxes = [page.locator(".react-flow__node").nth(i).bounding_box() for i in range(6)]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"]
                or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"]
                or b["y"] + b["height"] <= a["y"]
            )
            assert apart, (a, b)
