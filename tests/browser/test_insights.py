"""The Insights page shows the demo's predictions and calibration; the member profile shows a
member's scores and run-out dates; the rule builder offers the prediction kinds."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from app.demo.seed import seed
from app.extensions import db
from app.models import Member, MemberPrediction, MemberReplenishment
from app.models.base import utcnow
from tests.browser.dialogs import choose

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(app):
    seed(db.engine, 600, 42, utcnow())


def test_insights_page_shows_churn_risk_distributions_and_calibration(sign_in, demo):
    page: Page = sign_in()
    page.get_by_role("menu").get_by_role("menuitem", name=re.compile(r"\bInsights\b")).click()
    expect(page).to_have_url(re.compile(r"/insights$"))
    expect(page.get_by_role("heading", level=3, name="Insights 洞察")).to_be_visible()
    counts = dict(
        db.session.execute(
            select(MemberPrediction.churn_risk, func.count()).group_by(MemberPrediction.churn_risk)
        ).all()
    )
    for risk in ("low", "medium", "high"):
        expect(page.get_by_test_id(f"churn-{risk}")).to_contain_text(f"{counts.get(risk, 0):,}")
    expect(
        page.get_by_test_id("calibration-chart").locator(".recharts-bar-rectangle")
    ).not_to_have_count(0)
    for chart in ("hist-probability-alive", "hist-predicted-value", "hist-expected-90"):
        expect(page.get_by_test_id(chart).locator(".recharts-bar-rectangle")).not_to_have_count(0)
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(
            path=Path(os.environ["SCREENSHOT_DIR"]) / "insights-calibration.png", full_page=True
        )


def test_member_profile_shows_scores_and_what_runs_out(sign_in, demo):
    member_id = db.session.scalar(
        select(MemberReplenishment.member_id).order_by(MemberReplenishment.runs_out_at).limit(1)
    )
    risk = db.session.scalar(
        select(MemberPrediction.churn_risk).where(MemberPrediction.member_id == member_id)
    )
    name = db.session.scalar(select(Member.name).where(Member.id == member_id))
    page: Page = sign_in()
    page.goto(f"/members/{member_id}")
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    card = page.get_by_test_id("member-predictions")
    expect(card.get_by_text(risk, exact=True)).to_be_visible()
    expect(card.get_by_role("columnheader", name="Runs out")).to_be_visible()


def test_an_audience_of_high_churn_risk_has_the_stored_size(sign_in, demo):
    high = db.session.scalar(select(func.count()).where(MemberPrediction.churn_risk == "high"))
    assert high > 0
    page: Page = sign_in()
    page.goto("/audiences/new")
    page.get_by_test_id("rule-group").first.get_by_role("button", name="Add condition").last.click()
    condition = page.get_by_test_id("rule-condition").first
    choose(page, condition, "Condition", "Churn risk")
    choose(page, condition, "Churn risk", "High")
    expect(page.get_by_test_id("preview-size")).to_contain_text(f"{high:,}")
