"""Every page in the left navigation renders, with its title and without an error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

NAV = [
    ("Dashboard", "Dashboard 概览", "/dashboard"),
    ("Journeys", "Journeys 旅程", "/journeys"),
    ("Audiences", "Audiences 人群", "/audiences"),
    ("RFM", "RFM segments 分群", "/rfm"),
    ("Insights", "Insights 洞察", "/insights"),
    ("Members", "Members 会员", "/members"),
    ("Coupons", "Coupons 优惠券", "/coupons"),
    ("Rewards", "Rewards 积分商城", "/rewards"),
    ("Referrals", "Referrals 推荐有礼", "/referrals"),
    ("Templates", "Templates 模板", "/templates"),
    ("Reports", "Reports 报表", "/reports"),
    ("Alerts", "Alerts 预警", "/alerts"),
    ("Settings", "Settings 设置", "/settings"),
]


def test_every_nav_item_opens_its_page(sign_in):
    page: Page = sign_in()
    nav = page.get_by_role("menu")
    for label, title, path in NAV:
        nav.get_by_role("menuitem", name=re.compile(rf"\b{label}\b")).click()
        expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
        expect(page.get_by_role("heading", level=3, name=title)).to_be_visible()
        expect(page.get_by_test_id("error-boundary")).to_have_count(0)
        expect(page.locator(".ant-skeleton")).to_have_count(0)


def test_deep_link_to_a_client_route_loads_the_app(sign_in):
    page: Page = sign_in()
    page.goto("/no/such/page")
    expect(page.get_by_text("Page not found")).to_be_visible()
