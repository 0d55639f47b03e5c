"""Rewards page: create a coupon reward, redeem it for a member as an admin, and see stock
and the points report move."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import insert, select

from app.extensions import db
from app.models import Member, Reward
from tests.browser.dialogs import choose, opened_dialog

pytestmark = pytest.mark.browser


def _template(admin_client) -> None:
    response = admin_client.post(
        "/api/coupon-templates",
        json={
            "key": "tenoff",
            "name": "10 off any order",
            "kind": "amount_off",
            "terms": {"threshold": 0, "amount": 10},
            "validity": {"days_after_grant": 30},
        },
    )
    assert response.status_code == 201


def test_create_a_reward_redeem_it_for_a_member_and_see_the_report(
    page: Page, sign_in, admin_client, tmp_path
):
    _template(admin_client)
    db.session.execute(insert(Member), [{"external_id": "li", "name": "Li"}])
    db.session.commit()
    member_id = db.session.scalar(select(Member.id))
    adjusted = admin_client.post(
        f"/api/points/members/{member_id}/adjustments", json={"points": 800, "reason": "welcome"}
    )
    assert adjusted.status_code == 201
    sign_in()
    page.goto("/rewards")
    expect(page.get_by_text("No rewards yet")).to_be_visible()

    page.get_by_role("button", name="New reward").click()
    dialog = opened_dialog(page)
    dialog.get_by_label("Name").fill("10 off for 500 points")
    dialog.get_by_label("Key").fill("ten-off")
    choose(page, dialog, "Coupon template", "10 off any order (tenoff)")
    dialog.get_by_label("Points price").fill("500")
    dialog.get_by_label("Total stock").fill("20")
    # Ticked in reverse order: both count, and are kept in tier order.
    for tier in ("Gold", "Basic"):
        box = dialog.get_by_label(tier, exact=True)
        box.click()
        expect(box).to_be_checked()
    dialog.get_by_role("button", name="Create reward").click()
    expect(dialog).to_be_hidden()
    db.session.rollback()
    assert db.session.scalar(select(Reward.tiers).where(Reward.key == "ten-off")) == [
        "basic",
        "gold",
    ]
    row = page.locator(".ant-table-row").filter(has_text="ten-off")
    expect(row.get_by_test_id("reward-stock")).to_have_text("20 of 20 left")

    row.get_by_role("button", name="Redeem for…").click()
    dialog = opened_dialog(page)
    dialog.get_by_label("Member id").fill(str(member_id))
    dialog.get_by_role("button", name="Redeem").click()
    expect(dialog).to_be_hidden()
    expect(row.get_by_test_id("reward-stock")).to_have_text("19 of 20 left")
    report = page.get_by_test_id("points-report")
    expect(report).to_contain_text("Points redeemed")
    expect(report.locator(".ant-statistic").nth(1)).to_contain_text("500")

    # Redeeming again goes beyond the per-member limit: the server's reason is shown.
    row.get_by_role("button", name="Redeem for…").click()
    dialog = opened_dialog(page)
    dialog.get_by_label("Member id").fill(str(member_id))
    dialog.get_by_role("button", name="Redeem").click()
    expect(dialog.get_by_role("alert")).to_contain_text("may be redeemed 1 time(s) per member")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()

    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "rewards-page-test.png"), full_page=True)
    balance = admin_client.get(f"/api/points/members/{member_id}").get_json()["balance"]
    assert balance == 300
