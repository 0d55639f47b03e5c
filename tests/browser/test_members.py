"""Finding a member and reading their profile."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import insert

from app.extensions import db
from app.models import Member

pytestmark = pytest.mark.browser


def search(page: Page, text: str):
    box = page.get_by_label("Search members")
    box.fill(text)
    expect(page).to_have_url(re.compile(r"[?&]q="))
    return page.locator(".ant-table-tbody .ant-table-row")


@pytest.mark.parametrize("text", ["Li Xiaoyun", "13800138001", "M-100234"])
def test_search_finds_a_member_by_name_phone_or_external_id(sign_in, shop, text):
    page: Page = sign_in()
    page.goto("/members")
    expect(page.get_by_role("heading", name="Members 会员")).to_be_visible()
    expect(page.get_by_text("Wang Wei")).to_be_visible()

    rows = search(page, text)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Li Xiaoyun")
    expect(page.get_by_text("Wang Wei")).to_have_count(0)


def test_tier_filter_narrows_the_list(sign_in, shop):
    page: Page = sign_in()
    page.goto("/members?tier=silver")
    rows = page.locator(".ant-table-tbody .ant-table-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Wang Wei")


def test_a_row_opens_the_profile_with_orders_and_items(sign_in, shop):
    page: Page = sign_in()
    page.goto("/members")
    rows = search(page, "Li Xiaoyun")
    expect(rows).to_have_count(1)
    rows.first.click()

    expect(page).to_have_url(re.compile(rf"/members/{shop.li.id}$"))
    expect(page.get_by_role("heading", name="Li Xiaoyun")).to_be_visible()
    expect(page.get_by_text("Champions")).to_be_visible()
    expect(page.get_by_text("4,820")).to_be_visible()
    expect(page.get_by_text("coffee_lover")).to_be_visible()
    orders = page.locator(".ant-card").filter(has_text="Recent orders")
    expect(orders).to_contain_text(shop.order_external_id)
    expect(orders).to_contain_text("¥336.00")
    expect(orders).to_contain_text(shop.product_name)
    events = page.locator(".ant-card").filter(has_text="Recent events")
    expect(events).to_contain_text("Order paid")
    consent = page.locator(".ant-card").filter(has_text="Consent")
    expect(consent.locator("[data-channel=email]")).to_contain_text("Consented")
    expect(consent.locator("[data-channel=push]")).to_contain_text("No consent")


def test_next_and_previous_page_walk_the_keyset_cursor(sign_in, shop):
    now = datetime.now(UTC)
    db.session.execute(
        insert(Member),
        [
            {
                "external_id": f"M-9{i:04d}",
                "name": f"Paging Member {i:03d}",
                "tier": "basic",
                "registered_at": now - timedelta(days=i),
            }
            for i in range(70)
        ],
    )
    db.session.commit()

    page: Page = sign_in()
    page.goto("/members")
    rows = page.locator(".ant-table-tbody .ant-table-row")
    expect(rows).to_have_count(50)
    expect(page.get_by_role("button", name="Previous page")).to_be_disabled()
    first_key = rows.first.get_attribute("data-row-key")

    page.get_by_role("button", name="Next page").click()
    expect(page).to_have_url(re.compile(r"[?&]after="))
    expect(rows).to_have_count(23)
    expect(page.get_by_role("button", name="Next page")).to_be_disabled()
    expect(rows.first).not_to_have_attribute("data-row-key", first_key)

    page.get_by_role("button", name="Previous page").click()
    expect(page).to_have_url(re.compile(r"[?&]before="))
    expect(rows).to_have_count(50)
    expect(rows.first).to_have_attribute("data-row-key", first_key)
