"""The audience rule builder in Chromium: nested groups, live size, errors at their condition, save."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from app.demo.seed import seed
from app.extensions import db
from app.models import Audience, Member
from tests.browser.dialogs import choose

pytestmark = pytest.mark.browser

MEMBERS = 400


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where screenshots go: SCREENSHOT_DIR (docs/screenshots for the docs), else a temp dir."""
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def count(*where) -> int:
    return db.session.scalar(select(func.count(Member.id)).where(*where))


@pytest.fixture
def population(app):
    seed(db.engine, MEMBERS, 11, datetime.now(UTC))


def size(page: Page):
    return page.get_by_test_id("preview-size")


def test_build_a_nested_audience_see_its_size_and_errors_then_save(sign_in, population, shots):
    page: Page = sign_in()
    page.get_by_role("menuitem", name=re.compile(r"\bAudiences\b")).click()
    page.get_by_role("button", name="New audience").click()
    expect(page).to_have_url(re.compile(r"/audiences/new$"))

    page.get_by_label("Name").fill("Basic buyers")
    expect(page.get_by_label("Key")).to_have_value("basic-buyers")
    expect(size(page)).to_contain_text(f"{MEMBERS}")

    rules = page.get_by_test_id("rule-group").first
    rules.get_by_role("button", name="Add condition").last.click()
    basic = count(Member.tier == "basic")
    assert 0 < basic < MEMBERS
    expect(page.get_by_test_id("rule-condition")).to_have_count(1)
    expect(size(page)).to_contain_text(f"{basic:,}")

    rules.get_by_role("button", name="Add group").last.click()
    nested = page.locator('[data-testid="rule-condition"][data-path="all[1].any[0]"]')
    choose(page, nested, "Condition", "Number of orders")
    expect(nested.get_by_role("spinbutton", name="Value")).to_have_value("1")
    buyers = count(Member.tier == "basic", Member.orders_count >= 1)
    assert 0 < buyers < basic
    expect(size(page)).to_contain_text(f"{buyers:,}")
    expect(page.get_by_test_id("threshold-hint")).to_contain_text("coupon of spend ¥")

    window = nested.get_by_role("spinbutton", name="In the last (days)")
    window.fill("0")
    expect(nested).to_contain_text("bad window: window_days must be a whole number of days from 1")
    expect(nested).to_have_class(re.compile(r"has-error"))
    expect(page.get_by_test_id("preview-invalid")).to_contain_text("One problem in the rules")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=shots / "audiences-error.png", full_page=True)

    window.fill("")
    nested.get_by_role("spinbutton", name="Value").fill("2")
    repeat = count(Member.tier == "basic", Member.orders_count >= 2)
    expect(size(page)).to_contain_text(f"{repeat:,}")
    expect(page.get_by_test_id("rule-condition").filter(has_text="bad window")).to_have_count(0)
    expect(page.get_by_test_id("sample-table").locator(".ant-table-row")).to_have_count(
        min(repeat, 20)
    )
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=shots / "audiences-builder.png", full_page=True)

    page.get_by_role("button", name="Save audience").click()
    expect(page).to_have_url(re.compile(r"/audiences/basic-buyers$"))
    expect(page.get_by_role("heading", level=3, name="Basic buyers")).to_be_visible()
    saved = db.session.scalar(select(Audience).where(Audience.key == "basic-buyers"))
    assert saved.rules == {
        "all": [
            {"kind": "profile", "field": "tier", "op": "eq", "value": "basic"},
            {"any": [{"kind": "order_count", "op": "gte", "value": 2}]},
        ]
    }

    page.get_by_role("menuitem", name=re.compile(r"\bAudiences\b")).click()
    row = page.locator(".ant-table-row").filter(has_text="Basic buyers")
    expect(row).to_contain_text("basic-buyers")
    expect(row.get_by_test_id("size-basic-buyers")).to_contain_text(f"{repeat:,}")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=shots / "audiences-list.png", full_page=True)


def test_open_an_audience_change_it_and_delete_it(sign_in, population):
    db.session.add(
        Audience(
            key="gold",
            name="Gold members",
            description="",
            rules={
                "all": [{"not": {"kind": "profile", "field": "tier", "op": "ne", "value": "gold"}}]
            },
        )
    )
    db.session.commit()
    gold = count(Member.tier == "gold")
    page: Page = sign_in()
    page.goto("/audiences")
    page.locator(".ant-table-row").filter(has_text="Gold members").click()
    expect(page).to_have_url(re.compile(r"/audiences/gold$"))
    expect(page.get_by_test_id("rule-not")).to_have_count(1)
    expect(size(page)).to_contain_text(f"{gold:,}")

    page.get_by_role("button", name="Remove NOT").click()
    expect(size(page)).to_contain_text(f"{MEMBERS - gold:,}")
    expect(page.get_by_label("Key")).to_be_disabled()
    page.get_by_role("button", name="Save audience").click()
    expect(page.get_by_text("Saved Gold members")).to_be_visible()

    page.goto("/audiences")
    row = page.locator(".ant-table-row").filter(has_text="Gold members")
    expect(row).to_contain_text(f"{MEMBERS - gold:,}")
    row.get_by_role("button", name="Delete Gold members").click()
    page.get_by_role("button", name="Delete", exact=True).click()
    expect(page.get_by_text("No audiences yet")).to_be_visible()
    assert db.session.scalar(select(func.count(Audience.id))) == 0


def test_a_viewer_reads_an_audience_without_changing_it(sign_in, make_user, population):
    db.session.add(
        Audience(
            key="diamond",
            name="Diamond members",
            description="Top tier",
            rules={"all": [{"kind": "profile", "field": "tier", "op": "eq", "value": "diamond"}]},
        )
    )
    db.session.commit()
    viewer = make_user("viewer")
    page: Page = sign_in(viewer.email)
    page.goto("/audiences")
    expect(page.get_by_role("button", name="New audience")).to_have_count(0)
    page.locator(".ant-table-row").filter(has_text="Diamond members").click()
    expect(page.get_by_role("heading", level=3, name="Diamond members")).to_be_visible()
    expect(page.get_by_role("combobox", name="Condition")).to_be_disabled()
    expect(
        page.get_by_text("Previewing an audience needs the marketer or admin role.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Save audience")).to_have_count(0)
    expect(page.get_by_role("button", name="Add condition")).to_have_count(0)
