"""A draft of a running journey: the live counts stay on the edges members actually took."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from app.journeys import drafts
from app.journeys.service import find_journey
from tests.live.conftest import database_edges, welcome, welcome_document  # noqa: F401


def test_a_drafts_new_edge_shows_no_count_of_the_running_version(
    page: Page,
    sign_in,
    welcome,  # noqa: F811
):
    welcome.enter()
    welcome.tick()
    took = database_edges("welcome-live")
    assert took["ab"]["a"] > 0 and took["ab"]["b"] > 0

    # Version 2, a draft: arm a now skips the message and goes straight to the wait.
    document = welcome_document()
    document["edges"] = [
        e for e in document["edges"] if not (e["source"] == "ab" and e.get("branch") == "a")
    ] + [{"id": "ab-a-wait", "source": "ab", "target": "wait", "branch": "a"}]
    drafts.save_draft(find_journey("welcome-live"), document, None)

    sign_in()
    page.goto("/journeys/welcome-live")
    # Edges the running version has keep their counts, as the step log has them ...
    expect(page.get_by_test_id("edge-count-ab-b")).to_have_text(str(took["ab"]["b"]))
    expect(page.get_by_test_id("edge-count-start-next")).to_have_text(str(took["start"]["next"]))
    # ... while nobody has gone down the draft's new edge for arm a yet.
    expect(page.locator('.react-flow__edge[data-id="ab-a-wait"]')).to_be_visible()
    expect(page.get_by_test_id("edge-count-ab-a")).to_have_count(0)
