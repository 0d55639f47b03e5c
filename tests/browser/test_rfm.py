"""The RFM view in Chromium: refresh, segment shares, and click-through to members or an audience."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, func, select, update

from app.demo.seed import seed
from app.extensions import db
from app.models import Member, RfmRefresh

pytestmark = pytest.mark.browser

MEMBERS = 400


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where screenshots go: SCREENSHOT_DIR (docs/screenshots for the docs), else a temp dir."""
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture
def unscored(app):
    """A demo population whose RFM scores were never computed."""
    seed(db.engine, MEMBERS, 5, datetime.now(UTC))
    db.session.execute(
        update(Member).values(
            rfm_r=None, rfm_f=None, rfm_m=None, rfm_segment=None, rfm_updated_at=None
        )
    )
    db.session.execute(delete(RfmRefresh))
    db.session.commit()


def segment_sizes() -> dict[str, int]:
    rows = db.session.execute(
        select(Member.rfm_segment, func.count(Member.id)).group_by(Member.rfm_segment)
    )
    return {segment: n for segment, n in rows}


def test_refresh_then_read_segments_and_open_their_members(sign_in, unscored, shots):
    page: Page = sign_in()
    page.get_by_role("menuitem", name=re.compile(r"\bRFM\b")).click()
    expect(page.get_by_role("heading", level=3, name="RFM segments 分群")).to_be_visible()
    expect(page.get_by_test_id("rfm-refreshed")).to_contain_text("Not refreshed yet")

    page.get_by_role("button", name="Refresh now").click()
    expect(page.get_by_text(re.compile(r"Scored [\d,]+ members"))).to_be_visible()
    expect(page.get_by_test_id("rfm-refreshed")).to_contain_text("Last refreshed")
    expect(page.get_by_test_id("rfm-refreshed")).to_contain_text(f"{MEMBERS} members")

    db.session.expire_all()
    sizes = segment_sizes()
    assert None not in sizes
    champions = sizes["Champions"]
    assert champions > 0
    table = page.get_by_test_id("rfm-table")
    row = table.locator(".ant-table-row").filter(has=page.get_by_text("Champions", exact=True))
    expect(row).to_contain_text(f"{champions:,}")
    expect(row).to_contain_text(f"{round(champions / MEMBERS * 100)}%")
    expect(page.get_by_test_id("rfm-insight")).to_contain_text(
        re.compile(r"\d+% of members bring \d+% of revenue")
    )
    expect(
        page.get_by_test_id("rfm-chart").locator(".recharts-bar-rectangle").first
    ).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=shots / "rfm.png", full_page=True)

    row.get_by_role("link", name="Members of Champions").click()
    expect(page).to_have_url(re.compile(r"/members\?segment=Champions$"))
    expect(page.get_by_text("RFM segment: Champions")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Members 会员")).to_be_visible()
    expect(page.get_by_text(f"{champions:,} members match")).to_be_visible()
    expect(page.locator(".ant-table-tbody .ant-table-row")).to_have_count(min(champions, 50))
    expect(page.locator(".ant-table-tbody")).not_to_contain_text("Lost")
    page.screenshot(path=shots / "rfm-members.png")


def test_new_audience_from_a_segment(sign_in, unscored, shots):
    page: Page = sign_in()
    page.goto("/rfm")
    page.get_by_role("button", name="Refresh now").click()
    expect(page.get_by_test_id("rfm-refreshed")).to_contain_text("Last refreshed")
    db.session.expire_all()
    lost = segment_sizes()["Lost"]

    row = (
        page.get_by_test_id("rfm-table")
        .locator(".ant-table-row")
        .filter(has=page.get_by_text("Lost", exact=True))
    )
    row.get_by_role("link", name="New audience from Lost").click()
    expect(page).to_have_url(re.compile(r"/audiences/new\?segment=Lost$"))
    expect(page.get_by_label("Name")).to_have_value("RFM: Lost")
    expect(page.get_by_label("Key")).to_have_value("rfm-lost")
    condition = page.get_by_test_id("rule-condition")
    expect(condition).to_have_count(1)
    expect(condition).to_contain_text("RFM segment or score")
    expect(condition).to_contain_text("Lost")
    expect(page.get_by_test_id("preview-size")).to_contain_text(f"{lost:,}")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=shots / "rfm-new-audience.png", full_page=True)
