"""Coupons page: create a template from its offer, then follow its coupons and their use."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.dialogs import opened_dialog

pytestmark = pytest.mark.browser


def shot(page: Page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(folder / name), full_page=True)


def test_create_an_amount_off_template_and_see_its_offer(
    page: Page, sign_in, admin_client, tmp_path
):
    sign_in()
    page.goto("/coupons")
    expect(page.get_by_text("No coupon templates yet")).to_be_visible()

    page.get_by_role("button", name="New coupon template").click()
    dialog = opened_dialog(page)
    dialog.get_by_label("Name").fill("Spend 200 get 50")
    dialog.get_by_label("Key").fill("spend200")
    dialog.get_by_label("Minimum spend").fill("200")
    dialog.get_by_label("Amount off").fill("50")
    expect(dialog.get_by_test_id("terms-sentence")).to_contain_text("Spend ¥200, get ¥50 off")
    dialog.get_by_label("Total stock").fill("500")
    dialog.get_by_role("button", name="Create template").click()
    expect(dialog).to_be_hidden()

    row = page.locator(".ant-table-row").filter(has_text="spend200")
    expect(row).to_contain_text("Spend ¥200, get ¥50 off")
    expect(row).to_contain_text("Valid 30 days after grant")
    expect(row).to_contain_text("500 of 500")
    shot(page, "coupons.png", tmp_path)

    saved = admin_client.get("/api/coupon-templates/spend200").get_json()["template"]
    assert saved["value"] == "spend 200, 50 off"
    assert saved["stock_total"] == 500


def test_a_duplicate_key_is_refused_with_the_servers_message(page: Page, sign_in, admin_client):
    admin_client.post(
        "/api/coupon-templates",
        json={
            "key": "welcome",
            "name": "Welcome",
            "kind": "free_shipping",
            "terms": {"threshold": 0},
            "validity": {"days_after_grant": 7},
        },
    )
    sign_in()
    page.goto("/coupons")
    page.get_by_role("button", name="New coupon template").click()
    dialog = opened_dialog(page)
    dialog.get_by_label("Name").fill("Welcome again")
    dialog.get_by_label("Key").fill("welcome")
    dialog.get_by_label("Amount off").fill("10")
    dialog.get_by_role("button", name="Create template").click()
    expect(dialog.get_by_role("alert")).to_contain_text("exists already")
    assert len(admin_client.get("/api/coupon-templates").get_json()["templates"]) == 1


def test_a_templates_coupons_usage_and_history(page: Page, sign_in, admin_client, shop, tmp_path):
    created = admin_client.post(
        "/api/coupon-templates",
        json={
            "key": "pct15",
            "name": "15% off, up to 40",
            "kind": "percent_off",
            "terms": {"threshold": 100, "percent": 15, "cap": 40},
            "validity": {"days_after_grant": 14},
            "stock_total": 100,
            "per_member_limit": 1,
            "channels": ["online", "pos"],
        },
    )
    assert created.status_code == 201, created.get_json()
    granted = admin_client.post(
        "/api/coupon-templates/pct15/grants",
        json={"member_ids": [shop.li.id, shop.wang.id], "source": "browser-test"},
    ).get_json()["granted"]
    li_code = granted[str(shop.li.id)]
    redeemed = admin_client.post(
        f"/api/coupons/{li_code}/redeem",
        json={"order_id": "POS-1", "order_amount": "300.00", "channel": "pos"},
    )
    assert redeemed.status_code == 200, redeemed.get_json()

    sign_in()
    page.goto("/coupons")
    page.locator(".ant-table-row").filter(has_text="pct15").click()
    expect(page).to_have_url(re.compile(r"/coupons/pct15$"))
    expect(page.get_by_text("Spend ¥100, get 15% off (up to ¥40)").first).to_be_visible()

    usage = page.get_by_test_id("coupon-usage")
    expect(usage).to_contain_text("Issued2")
    expect(usage).to_contain_text("Redeemed1")
    expect(usage).to_contain_text("Usage rate50%")
    expect(usage).to_contain_text("¥40.00")

    coupons = page.locator(".ant-table-row")
    expect(coupons).to_have_count(2)
    expect(coupons.filter(has_text=granted[str(shop.wang.id)])).to_contain_text("Granted")
    redeemed_row = coupons.filter(has_text=li_code)
    expect(redeemed_row).to_contain_text("POS-1")
    # Members by the id the shop knows them by, not the database's.
    expect(redeemed_row).to_contain_text(shop.li.external_id)
    expect(redeemed_row).not_to_contain_text(f"#{shop.li.id}")
    shot(page, "coupons-template.png", tmp_path)

    redeemed_row.get_by_text(li_code).click()
    history = page.get_by_test_id("coupon-history")
    expect(history).to_contain_text("Granted")
    expect(history).to_contain_text("Redeemed")
    expect(page.locator(".ant-drawer-body")).to_contain_text(shop.li.external_id)
    shot(page, "coupons-history.png", tmp_path)
