"""Recommendations in the browser: the Insights page shows each model's precision and recall
on the demo's time split as stored, and an email previewed for a demo member shows that
member's stored products as a product block."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text

from app.demo.seed import seed
from app.extensions import db
from app.models.base import utcnow
from app.recommend.refresh import refresh_recommendations

pytestmark = pytest.mark.browser


def _folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def demo(app):
    seed(db.engine, 3000, 42, utcnow())
    refresh_recommendations(db.session, utcnow())
    db.session.commit()


def test_insights_show_the_models_against_the_popularity_baseline(sign_in, demo, tmp_path):
    page: Page = sign_in()
    page.goto("/insights")
    table = page.get_by_test_id("recommendation-evaluation")
    stored = db.session.execute(
        text("SELECT model, k, precision, recall FROM recommendation_evaluations")
    ).all()
    assert len(stored) == 8
    labels = {
        "popularity": "Popularity (baseline)",
        "co-purchase": "Co-purchase + popularity (sent)",
        "als": "ALS (implicit)",
        "bpr": "BPR (implicit)",
    }
    for model, k, precision, recall in stored:
        row = (
            table.locator(".ant-table-row")
            .filter(has_text=labels[model])
            .filter(has=page.get_by_role("cell", name=str(k), exact=True))
        )
        expect(row).to_contain_text(f"{precision:.4f}")
        expect(row).to_contain_text(f"{recall:.4f}")
    base = {k: p for m, k, p, _ in stored if m == "popularity"}
    sent = {k: p for m, k, p, _ in stored if m == "co-purchase"}
    gain = sent[3] / base[3] - 1
    expect(
        table.locator(".ant-table-row").filter(has_text=labels["co-purchase"]).first
    ).to_contain_text(re.compile(rf"\+{gain * 100:.1f}%"))
    page.get_by_test_id("recommendation-evaluation").scroll_into_view_if_needed()
    page.screenshot(path=str(_folder(tmp_path) / "insights-recommendations.png"), full_page=True)


def test_an_email_shows_the_members_recommended_products(
    page: Page, sign_in, demo, admin_client, tmp_path
):
    member = db.session.execute(
        text(
            "SELECT member_id FROM member_recommendations WHERE reason = 'runs_out' "
            "ORDER BY member_id LIMIT 1"
        )
    ).scalar()
    names = (
        db.session.execute(
            text(
                "SELECT p.name FROM member_recommendations r JOIN products p ON p.id = r.product_id "
                "WHERE r.member_id = :m AND r.rank <= 3 ORDER BY r.rank"
            ),
            {"m": member},
        )
        .scalars()
        .all()
    )
    body = (
        "<h2>{{ member.name }}, picked for you</h2>"
        "<p>What you may need again soon, and what goes with it:</p>"
        "{{ recommendations(3) }}"
        '<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>'
    )
    preview = admin_client.post(
        "/api/message-templates/preview",
        json={"channel": "email", "subject": "Picked for you", "body": body, "member_id": member},
    ).get_json()
    sign_in()
    page.set_content(f"<html><body style='font-family:sans-serif'>{preview['body']}</body></html>")
    cells = page.locator("table.products td")
    expect(cells).to_have_count(3)
    for cell, name in zip(cells.all(), names, strict=True):
        expect(cell).to_contain_text(name)
    page.screenshot(path=str(_folder(tmp_path) / "email-recommendations.png"), full_page=True)
