"""Journey settings in the editor's drawer reach the saved draft: the per-journey send rate."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app.demo.journeys import import_examples

pytestmark = pytest.mark.browser


def _settings(admin_client) -> dict:
    number = admin_client.get("/api/journeys/birthday").get_json()["versions"][-1]["number"]
    version = admin_client.get(f"/api/journeys/birthday/versions/{number}").get_json()["version"]
    return version["document"]["settings"]


def _draft_saved(response) -> bool:
    return (
        response.url.endswith("/api/journeys/birthday/draft") and response.request.method == "PUT"
    )


def test_the_send_rate_is_set_and_cleared_in_the_settings_drawer(
    page: Page, sign_in, app, admin_client
):
    with app.app_context():
        import_examples()
    assert "send_rate_per_minute" not in _settings(admin_client)
    sign_in()
    page.goto("/journeys/birthday")
    page.get_by_role("button", name="Settings").click()
    drawer = page.get_by_test_id("settings-drawer")
    rate = drawer.get_by_label("Messages per minute")
    expect(rate).to_have_value("")
    with page.expect_response(_draft_saved):
        rate.fill("120")
        rate.blur()
    assert _settings(admin_client)["send_rate_per_minute"] == 120

    with page.expect_response(_draft_saved):
        rate.fill("")
        rate.blur()
    assert "send_rate_per_minute" not in _settings(admin_client)
    page.reload()
    page.get_by_role("button", name="Settings").click()
    expect(
        page.get_by_test_id("settings-drawer").get_by_label("Messages per minute")
    ).to_have_value("")
