"""Channels in Settings: forms built from each provider's schema; secrets are write-only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.dialogs import choose, confirm_popup, settled

pytestmark = pytest.mark.browser

SECRET = "smtp-pass-0f9a1c"


def shot(page: Page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(folder / name), full_page=True)


def open_channel(page: Page, title: str):
    page.goto("/settings")
    page.get_by_role("tab", name="Channels").click()
    page.locator(".ant-collapse-header").filter(has_text=title).click()
    panel = page.locator(".ant-collapse-item-active")
    panel.locator(".ant-collapse-content").wait_for()
    settled(page)
    return panel


def email_settings(admin_client) -> dict:
    channels = admin_client.get("/api/channels").get_json()["channels"]
    return next(c for c in channels if c["channel"] == "email")


def test_configure_smtp_and_the_password_is_never_shown_back(
    page: Page, sign_in, admin_client, tmp_path
):
    sign_in()
    panel = open_channel(page, "Email (SMTP)")
    panel.get_by_label("Send on this channel").click()
    panel.get_by_label("SMTP host").fill("smtp.example.com")
    panel.get_by_label("Port").fill("465")
    panel.get_by_label("From address").fill("hello@shop.example.com")
    choose(page, panel, "TLS", "ssl")
    panel.get_by_label("Username").fill("mailer")
    panel.get_by_label("Password").fill(SECRET)
    panel.get_by_role("button", name="Save Email (SMTP)").click()
    expect(page.get_by_text("Saved Email (SMTP).")).to_be_visible()
    expect(panel.get_by_label("Password")).to_have_value("")

    saved = email_settings(admin_client)
    assert saved["usable"] is True and saved["enabled"] is True
    assert saved["config"]["password"] == "********"
    assert saved["config"]["tls"] == "ssl"

    page.reload()
    panel = open_channel(page, "Email (SMTP)")
    expect(panel.get_by_label("SMTP host")).to_have_value("smtp.example.com")
    password = panel.get_by_label("Password")
    expect(password).to_have_value("")
    expect(password).to_have_attribute("placeholder", "Saved — leave empty to keep")
    assert SECRET not in page.content()
    shot(page, "channels-smtp.png", tmp_path)

    panel.get_by_label("Username").fill("mailer2")
    panel.get_by_role("button", name="Save Email (SMTP)").click()
    expect(page.get_by_text("Saved Email (SMTP).")).to_be_visible()
    saved = email_settings(admin_client)
    assert saved["config"]["username"] == "mailer2"
    assert saved["config"]["password"] == "********"
    assert saved["usable"] is True


def test_sms_rules_show_their_defaults_and_save_only_changes(
    page: Page, sign_in, admin_client, tmp_path
):
    sign_in()
    panel = open_channel(page, "SMS (HTTP provider)")
    expect(panel.get_by_label("Start", exact=True)).to_have_value("21:00")
    expect(panel.get_by_label("End", exact=True)).to_have_value("09:00")
    expect(panel.get_by_label("Day cap")).to_have_value("1")
    panel.get_by_label("Endpoint URL").fill("https://sms.example.com/send")
    panel.get_by_label("Day cap").fill("2")
    panel.get_by_label("Start", exact=True).fill("")
    panel.get_by_label("End", exact=True).fill("")
    shot(page, "channels-sms.png", tmp_path)
    panel.get_by_role("button", name="Save SMS (HTTP provider)").click()
    expect(page.get_by_text("Saved SMS (HTTP provider).")).to_be_visible()

    channels = admin_client.get("/api/channels").get_json()["channels"]
    sms = next(c for c in channels if c["channel"] == "sms")
    assert sms["rules"] == {"day_cap": 2, "quiet_hours": None}
    assert sms["config"]["endpoint"] == "https://sms.example.com/send"


def test_the_form_checks_the_schema_limits_before_saving(page: Page, sign_in, admin_client):
    sign_in()
    panel = open_channel(page, "Webhook (signed POST)")
    panel.get_by_label("Secret").fill("short")
    panel.get_by_role("button", name="Save Webhook (signed POST)").click()
    expect(panel.get_by_text("At least 16 characters.")).to_be_visible()
    assert email_settings(admin_client)["enabled"] is False


def test_points_tiers_and_an_earning_rule(page: Page, sign_in, admin_client, tmp_path):
    sign_in()
    page.goto("/settings")
    page.get_by_role("tab", name="Points & tiers").click()
    gold = page.get_by_label("gold threshold")
    expect(gold).to_have_value("5000")
    gold.fill("6000")
    page.get_by_role("button", name="Save tiers").click()
    expect(page.get_by_text("Tier thresholds saved")).to_be_visible()
    assert admin_client.get("/api/points/tiers").get_json()["levels"]["gold"] == 6000

    page.get_by_role("button", name="New rule").click()
    dialog = page.get_by_role("dialog", name="New earning rule")
    dialog.get_by_label("Name").fill("Standard earning")
    dialog.get_by_label("Key").fill("standard")
    dialog.get_by_role("button", name="Add band").click()
    bands = dialog.get_by_role("spinbutton")
    bands.nth(2).fill("500")
    bands.nth(3).fill("1.5")
    dialog.get_by_role("button", name="Create rule").click()
    row = page.locator(".ant-table-row").filter(has_text="standard")
    expect(row).to_contain_text("1 point per ¥1 · from ¥500: 1.5 points per ¥1")
    shot(page, "channels-points.png", tmp_path)


def test_an_admin_replaces_the_callback_secret_and_the_old_address_stops_working(
    page: Page, sign_in, admin_client, client
):
    sign_in()
    panel = open_channel(page, "SMS (HTTP provider)")
    shown = panel.get_by_test_id("callback-url")
    before = admin_client.get("/api/channels").get_json()["channels"]
    old = next(c["callback_url"] for c in before if c["channel"] == "sms")
    expect(shown).to_have_text(old)

    confirm_popup(page, panel.get_by_role("button", name="Replace the secret"), "Replace")
    expect(page.get_by_text("New callback address")).to_be_visible()
    after = admin_client.get("/api/channels").get_json()["channels"]
    new = next(c["callback_url"] for c in after if c["channel"] == "sms")
    assert new != old
    expect(shown).to_have_text(new)
    report = {"events": [{"reference": "nothing", "status": "delivered"}]}
    path = "/api/channels/callbacks/sms/"
    assert client.post(path + old.rsplit("/", 1)[1], json=report).status_code == 404
    assert client.post(path + new.rsplit("/", 1)[1], json=report).status_code != 404
