"""The dashboard is the home page after sign-in, its cards show the figures pandas finds in
the raw tables, and the period picker changes them; the alerts bell counts unread alerts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from app.engine.clock import VirtualClock
from tests.dashboard import data, expected

pytestmark = pytest.mark.browser


def _money(value: float) -> str:
    return f"¥{value:,.2f}"


@pytest.fixture
def seeded(app):
    app.extensions["clock"] = VirtualClock(data.NOW)
    data.seed()


def test_the_dashboard_is_home_and_shows_the_figures(seeded, sign_in):
    page: Page = sign_in()
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    figures = expected.metrics(date(2026, 3, 2), date(2026, 3, 31))
    cards = {
        "active_30": f"{figures['active_30']:,}",
        "active_90": f"{figures['active_90']:,}",
        "new_members": f"{figures['new_members']:,}",
        "paid_orders": f"{figures['paid_orders']:,}",
        "paid_amount": _money(figures["paid_amount"]),
        "average_order_value": _money(figures["average_order_value"]),
        "repurchase_rate": f"{figures['repurchase_rate'] * 100:.1f}%",
    }
    for name, text in cards.items():
        expect(
            page.get_by_test_id(f"metric-{name}").locator(".ant-statistic-content")
        ).to_have_text(text)
    expect(page.get_by_test_id("dashboard-charts").locator(".recharts-wrapper")).to_have_count(2)

    page.goto("/dashboard?from=2025-12-01&to=2026-01-15")
    other = expected.metrics(date(2025, 12, 1), date(2026, 1, 15))
    expect(page.get_by_test_id("dashboard-period-text")).to_contain_text("2025-12-01 – 2026-01-15")
    expect(
        page.get_by_test_id("metric-paid_orders").locator(".ant-statistic-content")
    ).to_have_text(f"{other['paid_orders']:,}")


def test_a_bad_period_in_the_address_names_the_field(seeded, sign_in):
    page: Page = sign_in()
    page.goto("/dashboard?from=2026-03-10&to=2026-03-01")
    expect(page.get_by_role("alert")).to_contain_text("from")
