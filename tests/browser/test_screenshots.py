"""Full-page screenshots of the main pages, saved where SCREENSHOT_DIR says (else a temp dir).

SCREENSHOT_DIR=docs/screenshots .venv/bin/pytest -q tests/browser/test_screenshots.py
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import Member
from tests.browser.program_data import run_program
from tests.browser.report_data import build_report_journey

pytestmark = pytest.mark.browser

CITIES = ["Shanghai", "Beijing", "Shenzhen", "Hangzhou", "Chengdu", "Guangzhou"]
TIERS = ["basic", "silver", "gold", "platinum", "diamond"]
SEGMENTS = ["champions", "loyal", "potential", "new", "at_risk", "hibernating", None]
SURNAMES = ["Chen", "Liu", "Zhang", "Huang", "Zhou", "Wu", "Xu", "Sun", "Ma", "Zhu"]
GIVEN = ["Jing", "Hao", "Yu", "Lei", "Fang", "Tao", "Na", "Qiang", "Yan", "Bo"]


def add_members(count: int) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    rows = []
    for i in range(count):
        orders = (i * 7) % 23
        rows.append(
            Member(
                external_id=f"M-2{i:05d}",
                name=f"{SURNAMES[i % 10]} {GIVEN[(i // 10) % 10]}",
                phone=f"1860000{i:04d}",
                email=f"member{i}@example.com",
                city=CITIES[i % len(CITIES)],
                tier=TIERS[i % len(TIERS)],
                points_balance=(i * 137) % 9000,
                registered_at=now - timedelta(days=30 + i * 5),
                orders_count=orders,
                total_spent=Decimal(orders * 86) + Decimal("0.50"),
                last_order_at=now - timedelta(days=i % 90) if orders else None,
                rfm_segment=SEGMENTS[i % len(SEGMENTS)],
            )
        )
    db.session.add_all(rows)
    db.session.commit()


@pytest.fixture
def out_dir(tmp_path) -> Path:
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def test_screenshots(page: Page, sign_in, shop, out_dir: Path, tmp_path: Path):
    add_members(80)

    page.goto("/login")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.screenshot(path=out_dir / "login.png")

    sign_in()
    page.goto("/members")
    expect(page.locator(".ant-table-tbody .ant-table-row")).to_have_count(50)
    expect(page.get_by_role("button", name="Next page")).to_be_enabled()
    page.screenshot(path=out_dir / "members.png", full_page=True)

    page.goto(f"/members/{shop.li.id}")
    expect(page.get_by_role("heading", name="Li Xiaoyun")).to_be_visible()
    expect(page.get_by_text(shop.product_name)).to_be_visible()
    page.screenshot(path=out_dir / "member-profile.png", full_page=True)

    page.goto("/settings")
    expect(page.get_by_role("tab", name="Users")).to_be_visible()
    expect(page.locator(".ant-table-tbody")).to_contain_text("ada@example.com")
    page.screenshot(path=out_dir / "settings.png", full_page=True)

    for name in ("journeys", "audiences", "coupons", "templates", "reports"):
        page.goto(f"/{name}")
        expect(page.locator(".ant-skeleton")).to_have_count(0)
        expect(page.get_by_test_id("error-boundary")).to_have_count(0)
        page.screenshot(path=tmp_path / f"{name}.png", full_page=True)


def test_report_screenshot(page: Page, sign_in, out_dir: Path):
    key = build_report_journey()
    sign_in()
    page.goto(f"/reports/{key}")
    report = page.get_by_test_id("journey-report")
    expect(report).to_have_attribute("aria-busy", "false")
    expect(report.locator(".recharts-wrapper")).to_have_count(2)
    expect(page.get_by_test_id("lift-Conversion").get_by_test_id("lift-absolute")).to_be_visible()
    # Let the charts finish their entry animation before the picture is taken.
    expect(report.locator(".recharts-bar-rectangle path").first).to_be_visible()
    page.screenshot(path=out_dir / "report.png", full_page=True)


def test_program_report_screenshot(page: Page, sign_in, admin_client, token_headers, out_dir):
    admin_client.put("/api/program/control-group", json={"percent": 15})
    run_program(admin_client, token_headers("orders:write"), members=2000)
    sign_in()
    page.goto("/reports")
    section = page.get_by_test_id("program-report")
    expect(section).to_have_attribute("aria-busy", "false")
    expect(section.get_by_test_id("program-incremental-amount")).to_be_visible()
    expect(page.locator(".ant-table-tbody .ant-table-row").last).to_be_visible()
    page.screenshot(path=out_dir / "program-report.png", full_page=True)
