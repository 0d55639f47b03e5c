"""The Referrals page shows the figures the raw tables give, and its top inviters."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text

from app.extensions import db

pytestmark = pytest.mark.browser


def _code(client, external_id: str) -> str:
    member_id = db.session.execute(
        text("SELECT id FROM members WHERE external_id = :e"), {"e": external_id}
    ).scalar()
    return client.get(f"/api/members/{member_id}/invitation").get_json()["code"]


def _post(client, records):
    answer = client.post("/api/members/bulk", json={"records": records})
    assert answer.status_code == 200, answer.get_json()


def test_referrals_page_figures_match_the_tables(page: Page, sign_in, admin_client):
    _post(
        admin_client, [{"external_id": "ana", "name": "Ana"}, {"external_id": "bo", "name": "Bo"}]
    )
    ana, bo = _code(admin_client, "ana"), _code(admin_client, "bo")
    _post(admin_client, [
        {"external_id": f"f{i}", "registration_channel": "app" if i % 2 else "pos",
         "referral_code": ana if i < 3 else bo}
        for i in range(5)
    ] + [{"external_id": "ana", "referral_code": ana}])  # fmt: skip
    answer = admin_client.post(
        "/api/orders",
        json={"external_id": "o1", "member_external_id": "f0", "amount": 50,
              "paid_at": "2026-01-05T10:00:00+00:00"},
    )  # fmt: skip
    assert answer.status_code == 200

    def one(sql: str) -> int:
        return db.session.execute(text(sql)).scalar()

    linked = one("SELECT count(*) FROM referrals")
    refused = one("SELECT count(*) FROM referral_refusals")
    firsts = one("SELECT count(*) FROM referrals WHERE first_order_at IS NOT NULL")
    sign_in()
    page.goto("/referrals")
    expect(page.get_by_test_id("referral-registrations")).to_contain_text(str(linked))
    expect(page.get_by_test_id("referral-invitations")).to_contain_text(str(linked + refused))
    expect(page.get_by_test_id("referral-refused")).to_contain_text("Own code 1")
    expect(page.get_by_test_id("referral-first_orders")).to_contain_text(str(firsts))
    rows = page.get_by_test_id("top-inviters").locator(".ant-table-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Ana")
    expect(rows.nth(0)).to_contain_text("3")
    expect(page.get_by_test_id("referral-channels")).to_contain_text("POS")
