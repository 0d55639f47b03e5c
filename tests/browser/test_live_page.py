"""The journey page in Chromium: counters per node update live, the feed fills, and the
member lookup shows one member's path. Saves screenshots when SCREENSHOT_DIR is set."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.engine.clock import VirtualClock
from app.engine.ticker import tick
from app.extensions import db
from tests.engine.factories import START
from tests.live.conftest import (  # noqa: F401  (published journeys, one with members inside)
    SUPPRESSED,
    database_edges,
    running,
    welcome,
)

pytestmark = pytest.mark.browser


def _shot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=True)


@pytest.mark.usefixtures("running")
def test_counters_update_without_reload_and_a_member_path_can_be_looked_up(sign_in, live_server):
    page = sign_in()
    page.goto("/journeys/live-basics/live")
    card = page.get_by_test_id("live-card")
    expect(card.get_by_text("Connected", exact=True)).to_be_visible()
    wait_row = card.locator('[data-node="wait"]')
    expect(wait_row.get_by_label("Waiting now: 120")).to_be_visible()
    expect(card.locator('[data-node="done"]')).to_have_count(0)
    # The feed opens with the newest steps: the members who entered and now wait.
    expect(card.locator(".live-feed").get_by_role("listitem").first).to_contain_text(
        "is waiting at wait"
    )

    tick(VirtualClock(START + timedelta(days=2, seconds=1)))
    db.session.rollback()

    done_row = card.locator('[data-node="done"]')
    expect(done_row.get_by_label("Exited: 120")).to_be_visible()
    expect(wait_row.get_by_label("Waiting now: 0")).to_be_visible()
    expect(wait_row.get_by_label("Passed: 120")).to_be_visible()
    feed = card.locator(".live-feed")
    expect(feed.get_by_role("listitem").first).to_be_visible()
    expect(feed).to_contain_text("passed wait")

    feed.get_by_role("button").first.click()
    drawer = page.get_by_test_id("member-path")
    expect(drawer.get_by_text("left the journey here")).to_be_visible()
    expect(drawer.get_by_text("Exited")).to_be_visible()
    _shot(page, "live-member-path.png")

    drawer.get_by_label("Member external id").fill("nobody")
    drawer.get_by_role("button", name="Find").click()
    expect(drawer.get_by_role("alert")).to_contain_text("No member with external id 'nobody'.")


def test_send_nodes_show_what_became_of_their_messages_and_splits_their_branches(
    sign_in,
    welcome,  # noqa: F811
):
    page = sign_in()
    page.goto("/journeys/welcome-live/live")
    card = page.get_by_test_id("live-card")
    expect(card.get_by_text("Connected", exact=True)).to_be_visible()
    expect(card.get_by_text("No members yet")).to_be_visible()

    welcome.enter()
    welcome.tick()
    arm_a, arm_b = (database_edges("welcome-live")["ab"][arm] for arm in ("a", "b"))
    split = card.locator('[data-node="ab"]')
    expect(split.get_by_label(f"Left by a: {arm_a}")).to_be_visible()
    expect(split.get_by_label(f"Left by b: {arm_b}")).to_be_visible()
    inbox = card.locator('[data-node="inbox"]')
    expect(inbox.get_by_label(f"Messages queued: {arm_a}")).to_be_visible()
    expect(inbox.get_by_label("Sent: 0")).to_be_visible()
    expect(card.locator('[data-node="wait"]').get_by_test_id("node-edges")).to_have_count(0)

    welcome.dispatch()
    expect(inbox.get_by_label(f"Deferred: {arm_a - SUPPRESSED}")).to_be_visible()
    expect(inbox.get_by_label(f"Suppressed: {SUPPRESSED}")).to_be_visible()
    welcome.after_quiet_hours()
    welcome.dispatch()
    expect(inbox.get_by_label(f"Sent: {arm_a - SUPPRESSED}")).to_be_visible()
    expect(inbox.get_by_label("Deferred: 0")).to_be_visible()
    expect(card.locator(".live-feed").get_by_role("listitem").first).to_be_visible()
    _shot(page, "live-journey.png")
