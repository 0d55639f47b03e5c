"""The alerts page: an admin adds a monitor (a wrong key is named on its field), checks
now, sees the alert with the header's unread count, and marks it read."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import Alert
from tests.browser.dialogs import choose
from tests.dashboard import data

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(app):
    app.extensions["clock"] = VirtualClock(data.NOW)
    data.seed()


def test_add_a_monitor_check_and_read_the_alert(seeded, sign_in):
    page: Page = sign_in()
    page.get_by_role("menuitem", name="Alerts").click()
    expect(page.get_by_test_id("monitors")).to_contain_text("No monitor yet")
    form = page.get_by_test_id("monitor-form")
    form.get_by_label("Name").fill("Orders above zero")
    form.get_by_label("Key").fill("Bad Key")
    choose(page, form, "When it", "is above")
    form.get_by_label("Threshold").fill("0")
    form.get_by_role("button", name="Add monitor").click()
    expect(form).to_contain_text("pattern")
    form.get_by_label("Key").fill("orders-above-zero")
    # The key's error folds away as it is corrected, moving the button up: click once it has.
    expect(form.locator(".ant-form-item-explain")).to_have_count(0)
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/api/alerts/monitors")
    ) as created:
        form.get_by_role("button", name="Add monitor").click()
    assert created.value.status == 201
    expect(page.get_by_test_id("monitors")).to_contain_text("orders-above-zero")

    page.get_by_role("button", name="Check now").click()
    alerts = page.get_by_test_id("fired-alerts")
    expect(alerts.locator(".ant-table-row")).to_have_count(1)
    alert = db.session.scalars(select(Alert)).one()
    expect(alerts).to_contain_text(alert.message)
    expect(page.get_by_test_id("alert-unread")).to_contain_text("1")
    alerts.get_by_role("button", name="Mark all read").click()
    expect(page.get_by_test_id("alert-unread").locator(".ant-badge-count")).to_have_count(0)
