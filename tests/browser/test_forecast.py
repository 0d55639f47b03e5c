"""The forecast on the canvas: a badge per node with the members it sees reaching it, a
panel with its totals, and the same figures in the publish dialog; nothing is published."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text

from app.engine.clock import VirtualClock
from app.engine.ticker import tick
from app.extensions import db
from tests.browser.dialogs import opened_dialog
from tests.browser.test_canvas import SCREENSHOTS
from tests.browser.test_publish_dialog import spring  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


def test_the_forecast_shows_on_the_canvas_and_in_the_publish_dialog(
    app,
    page: Page,
    sign_in,
    spring,  # noqa: F811
):
    gold = db.session.scalar(text("SELECT count(*) FROM members WHERE tier = 'gold'"))
    everyone = db.session.scalar(text("SELECT count(*) FROM members"))
    sign_in()
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto("/journeys/spring-vip")
    page.get_by_test_id("forecast-tab").click()
    panel = page.get_by_test_id("forecast-panel")
    panel.get_by_role("spinbutton", name="Forecast days").fill("7")
    panel.get_by_test_id("forecast-run").click()
    expect(panel.get_by_test_id("forecast-figures")).to_be_visible(timeout=120_000)
    # Every gold member gets the gift and its SMS; the others the in-app note.
    badges = page.get_by_test_id("forecast-badge")
    expect(badges.first).to_be_visible()
    gift = page.locator(".react-flow__node", has_text="Spring gift")
    expect(gift.get_by_test_id("forecast-badge")).to_have_text(f"≈ {gold}")
    note = page.locator(".react-flow__node", has_text="Spring note")
    expect(note.get_by_test_id("forecast-badge")).to_have_text(f"≈ {everyone - gold}")
    expect(panel.get_by_test_id("forecast-coupons")).to_have_text(str(gold))
    # The dispatcher's own rules apply: an SMS goes only to members who agreed and have a phone.
    reachable = db.session.scalar(
        text(
            "SELECT count(*) FROM members WHERE tier = 'gold' AND consent_sms "
            "AND phone IS NOT NULL AND unsubscribed_sms_at IS NULL"
        )
    )
    expect(panel.get_by_test_id("forecast-sends-sms")).to_have_text(str(reachable))
    # No SMS went out in the last 90 days: no history to draw opens and clicks from.
    outcomes = panel.get_by_test_id("forecast-outcomes-sms")
    expect(outcomes).to_have_text("0 / 0 / 0")
    expect(panel).to_contain_text("No sends in the last 90 days: none drawn.")
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(SCREENSHOTS) / "forecast-overlay.png"))

    page.get_by_role("button", name="Publish").click()
    dialog = opened_dialog(page)
    forecast = dialog.get_by_test_id("publish-forecast")
    expect(forecast.get_by_test_id("forecast-figures")).to_be_visible(timeout=120_000)
    expect(forecast.get_by_test_id("forecast-coupons")).to_have_text(str(gold))
    expect(forecast.get_by_test_id("forecast-sends-inapp")).to_have_text(str(everyone - gold))
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(SCREENSHOTS) / "publish-dialog-forecast.png"))
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert db.session.scalar(text("SELECT count(*) FROM journey_members")) == 0
    assert db.session.scalar(text("SELECT count(*) FROM coupons")) == 0

    # Publishing keeps the dialog's forecast; the report then measures it node by node, by
    # whole days since publishing: right after, nothing is judged and nothing is "outside".
    page.get_by_role("button", name="Publish").click()
    dialog = opened_dialog(page)
    expect(
        dialog.get_by_test_id("publish-forecast").get_by_test_id("forecast-figures")
    ).to_be_visible(timeout=120_000)
    dialog.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: new members now enter")).to_be_visible()
    while tick(max_seconds=60):
        pass
    db.session.rollback()
    page.goto("/reports/spring-vip")
    block = page.get_by_test_id("forecast-accuracy")
    expect(block.get_by_test_id("forecast-accuracy-share")).to_have_text("Too early to judge")
    statuses = block.get_by_test_id("forecast-accuracy-status")
    expect(statuses).to_have_count(6)
    expect(statuses.filter(has_text="too early to judge")).to_have_count(6)
    expect(block).not_to_contain_text("outside")
    # Unlabelled nodes go by their id, as in the funnel above.
    expect(block.get_by_role("cell", name="done", exact=False).first).to_be_visible()
    expect(block).to_contain_text("Spring gift")
    if os.environ.get("SCREENSHOT_DIR"):
        block.scroll_into_view_if_needed()
        page.screenshot(path=str(Path(SCREENSHOTS) / "report-forecast-accuracy.png"))

    # A day later both sides are taken by the end of day 1: every node inside.
    app.extensions["clock"] = VirtualClock(datetime.now(UTC) + timedelta(days=1, minutes=5))
    page.reload()
    block = page.get_by_test_id("forecast-accuracy")
    expect(block.get_by_test_id("forecast-accuracy-share")).to_have_text("6 of 6 nodes")
    expect(block).not_to_contain_text("outside")
