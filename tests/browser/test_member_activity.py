"""A member's profile shows what journeys did to them: path with labels and times, coupons,
messages and points."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models.points import PointsEntry
from tests.engine.factories import START, make_members
from tests.engine.population import add_templates, run
from tests.members.test_activity import _journey

pytestmark = pytest.mark.browser


def test_the_profile_shows_the_journey_path_coupon_message_and_points(page: Page, sign_in):
    (member_id,) = make_members(1)
    add_templates("inapp")
    version = _journey()
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", [member_id], "api:1", clock.now())
    db.session.add(
        PointsEntry(
            member_id=member_id,
            kind="earn",
            points=120,
            remaining=120,
            source="order:SO-1",
            note="",
            created_at=START,
        )
    )
    db.session.commit()
    run(clock)
    code = db.session.scalar(
        text("SELECT code FROM coupons WHERE member_id = :m"), {"m": member_id}
    )

    sign_in()
    page.goto(f"/members/{member_id}")
    path = page.get_by_test_id("member-journey-welcome")
    expect(path).to_contain_text("New member")
    expect(path).to_contain_text("Welcome gift")
    expect(path).to_contain_text(code)
    expect(page.locator(".ant-card").filter(has_text="Coupons").first).to_contain_text(code)
    expect(page.locator(".ant-card").filter(has_text="Messages").first).to_contain_text(
        "hello-inapp"
    )
    expect(page.locator(".ant-card").filter(has_text="Points ledger").first).to_contain_text("+120")
