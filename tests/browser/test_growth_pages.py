"""The dashboard's split by registration source, a code pool's low-stock alert and the
referral report, in the browser; each shows what pandas or plain SQL finds in the raw
tables. With SCREENSHOT_DIR=docs/screenshots they are saved as the docs' screenshots."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text

from app.code_pools.service import upload_codes
from app.coupons.grants import grant_coupons
from app.demo.channels import configure_sandbox_channels
from app.demo.journeys import import_examples
from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import CouponTemplate
from app.models.code_pools import CodePool
from tests.browser.report_data import build_report_journey
from tests.code_pools.conftest import csv_of
from tests.dashboard import data, expected
from tests.engine.factories import START
from tests.engine.population import run

pytestmark = pytest.mark.browser


@pytest.fixture
def out_dir(tmp_path) -> Path:
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def test_the_dashboard_splits_by_registration_source(app, sign_in, out_dir):
    app.extensions["clock"] = VirtualClock(data.NOW)
    data.seed()
    page: Page = sign_in()
    split = page.get_by_test_id("dashboard-sources")
    rows = split.locator(".ant-table-row")
    expect(rows).to_have_count(4)
    for channel, label in (("app", "app"), ("store", "store"), ("web", "web"), (None, "Not given")):
        figures = expected.metrics(date(2026, 3, 2), date(2026, 3, 31), channel, split=True)
        cells = rows.filter(has_text=label).locator("td")
        expect(cells.nth(1)).to_contain_text(f"{figures['new_members']:,} ")
        expect(cells.nth(2)).to_contain_text(f"{figures['active_30']:,} ")
        expect(cells.nth(3)).to_contain_text(f"{figures['payers']:,} ")
        expect(cells.nth(5)).to_contain_text(f"{figures['paid_orders']:,} ")
        expect(cells.nth(6)).to_contain_text(f"¥{figures['paid_amount']:,.2f} ")
        # The API's rate (4 places) shown to one decimal of a percent: within 0.055 points.
        shown = float(cells.nth(4).inner_text().split("%")[0])
        assert shown == pytest.approx(figures["repurchase_rate"] * 100, abs=0.055), channel
    page.mouse.move(0, 0)
    page.screenshot(path=out_dir / "dashboard.png", full_page=True)


def test_a_code_pool_running_low_shows_as_an_alert(app, sign_in, out_dir):
    now = data.NOW
    app.extensions["clock"] = VirtualClock(now)
    data.seed(members=30, orders=700)
    pool = CodePool(key="partner-cinema", name="Partner cinema tickets", low_stock_level=5,
                    created_at=now)  # fmt: skip
    db.session.add(pool)
    db.session.flush()
    upload_codes(db.session, pool, csv_of([f"CINE{i:03d}" for i in range(12)]), now)
    db.session.add(
        CouponTemplate(key="cinema", name="Cinema ticket", kind="free_shipping",
                       terms={"threshold": "0"}, validity={"days_after_grant": 30},
                       per_member_limit=1, channels=["online"], code_pool="partner-cinema")
    )  # fmt: skip
    db.session.commit()
    grant_coupons(db.session, "cinema", range(1, 9), now)
    db.session.commit()
    message = db.session.execute(text("SELECT message FROM alerts")).scalar_one()
    page: Page = sign_in()
    expect(page.get_by_test_id("alert-unread")).to_contain_text("1")
    page.get_by_role("menuitem", name="Alerts").click()
    alerts = page.get_by_test_id("fired-alerts")
    expect(alerts.locator(".ant-table-row")).to_have_count(1)
    expect(alerts).to_contain_text(message)
    expect(alerts).to_contain_text("4 unclaimed code(s) left")
    expect(alerts).to_contain_text("code pool partner-cinema, low stock")
    page.screenshot(path=out_dir / "code-pool-alert.png", full_page=True)


def _code(client, external_id: str) -> str:
    member_id = db.session.execute(
        text("SELECT id FROM members WHERE external_id = :e"), {"e": external_id}
    ).scalar()
    return client.get(f"/api/members/{member_id}/invitation").get_json()["code"]


def _post(client, records):
    answer = client.post("/api/members/bulk", json={"records": records})
    assert answer.status_code == 200, answer.get_json()


def test_the_referral_report_of_a_chain(app, sign_in, admin_client, out_dir):
    clock = app.extensions["clock"] = VirtualClock(START)
    configure_sandbox_channels(db.session)
    import_examples()
    assert admin_client.post("/api/journeys/invite-a-friend/publish", json={}).status_code == 200
    names = {"ana": "Ana Chen", "bo": "Bo Liu", "cai": "Cai Wu"}
    _post(admin_client, [{"external_id": k, "name": v} for k, v in names.items()])
    ana, bo = _code(admin_client, "ana"), _code(admin_client, "bo")
    channels = ("app", "store", "web")
    # Four friends of Ana in one batch (and Ana's own code, refused), two of Bo's.
    _post(admin_client, [
        {"external_id": f"f{i}", "name": f"Friend {i}", "registration_channel": channels[i % 3],
         "registration_campaign": "spring-invite", "referral_code": ana if i < 4 else bo}
        for i in range(6)
    ] + [{"external_id": "ana", "referral_code": ana}])  # fmt: skip
    _post(admin_client, [{"external_id": "cai", "referral_code": _code(admin_client, "f0")}])
    for i, member in enumerate(("f0", "f1", "f4")):
        answer = admin_client.post(
            "/api/orders",
            json={"external_id": f"o{i}", "member_external_id": member, "amount": 80 + i,
                  "paid_at": "2026-01-05T10:00:00+00:00"},
        )  # fmt: skip
        assert answer.status_code == 200
    run(clock, minutes=5)
    clock.advance(minutes=1)  # the report counts up to now, exclusive

    def one(sql: str) -> int:
        return db.session.execute(text(sql)).scalar()

    # A lottery code per invitation: Ana's four friends registered in one batch.
    lottery = (
        "SELECT count(*) FROM coupons c JOIN coupon_templates t ON t.id = c.template_id "
        "JOIN members m ON m.id = c.member_id WHERE t.key = 'invite-lottery-code' "
    )
    assert one(lottery + "AND m.external_id = 'ana'") == 4
    assert one(lottery + "AND m.external_id = 'bo'") == 2
    rewards = one("SELECT count(*) FROM coupons WHERE source LIKE 'journey:%'")

    linked = one("SELECT count(*) FROM referrals")
    firsts = one("SELECT count(*) FROM referrals WHERE first_order_at IS NOT NULL")
    page = sign_in()
    page.goto("/referrals")
    expect(page.get_by_test_id("referral-registrations")).to_contain_text(str(linked))
    expect(page.get_by_test_id("referral-first_orders")).to_contain_text(str(firsts))
    expect(page.get_by_test_id("referral-refused")).to_contain_text("Own code 1")
    expect(page.get_by_test_id("referral-coupons")).to_contain_text(str(rewards))
    rows = page.get_by_test_id("top-inviters").locator(".ant-table-row")
    expect(rows.nth(0)).to_contain_text("Ana Chen")
    expect(rows.nth(0)).to_contain_text("4")
    page.screenshot(path=out_dir / "referral-report.png", full_page=True)


def test_the_journey_report_splits_members_by_source(app, sign_in, admin_client, out_dir):
    key = build_report_journey()
    db.session.execute(
        text(
            "UPDATE members SET registration_channel = CASE id % 3 WHEN 0 THEN 'app' "
            "WHEN 1 THEN 'store' END"
        )
    )
    db.session.commit()
    # The block's figures are checked against pandas in tests/reports/test_by_source.py;
    # here the page shows what the API answers.
    answer = admin_client.get(f"/api/journeys/{key}/report/by-source")
    assert answer.status_code == 200
    rows = answer.get_json()["by_source"]
    assert {r["channel"] for r in rows} == {"app", "store", None}
    page: Page = sign_in()
    page.goto(f"/reports/{key}")
    report = page.get_by_test_id("journey-report")
    expect(report).to_have_attribute("aria-busy", "false")
    table = page.get_by_test_id("report-by-source").locator(".ant-table-row")
    expect(table).to_have_count(len(rows))
    for row in rows:
        line = table.filter(has_text=row["channel"] or "Not given")
        expect(line.locator("td").nth(1)).to_have_text(f"{row['entered_members']:,}")
        expect(line.locator("td").nth(2)).to_have_text(f"{row['paying_members']:,}")
        expect(line.locator("td").nth(4)).to_have_text(f"¥{row['paid_amount']:,.2f}")
    # Let the charts finish their entry animation before the picture is taken.
    expect(report.locator(".recharts-bar-rectangle path").first).to_be_visible()
    page.screenshot(path=out_dir / "report-by-source.png", full_page=True)
