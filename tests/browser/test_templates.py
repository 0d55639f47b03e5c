"""Templates page: write an SMS with personalisation, preview it for a member, and see the
server refuse broken or unsafe templates at the body field, with nothing saved."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.dialogs import choose

pytestmark = pytest.mark.browser


def shot(page: Page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(folder / name), full_page=True)


def open_new_template(page: Page):
    page.goto("/templates")
    page.get_by_role("button", name="New template").click()
    drawer = page.get_by_role("dialog", name="New message template")
    expect(drawer).to_be_visible()
    return drawer


def test_an_sms_template_with_a_preview_for_a_member(
    page: Page, sign_in, shop, admin_client, tmp_path
):
    sign_in()
    drawer = open_new_template(page)
    drawer.get_by_label("Name").fill("Points reminder")
    drawer.get_by_label("Key").fill("points_sms")
    drawer.get_by_label("Body").fill(
        "Hi {{ member.name }}, you have {{ member.points_balance }} points."
    )

    choose(page, drawer, "Preview member", "M-100234", search="Li Xiaoyun")
    drawer.get_by_role("button", name="Preview").click()
    preview = drawer.get_by_test_id("template-preview")
    expect(preview).to_contain_text("Hi Li Xiaoyun, you have 4820 points.")
    expect(preview).to_contain_text("回T退订")
    shot(page, "templates-editor.png", tmp_path)

    drawer.get_by_role("button", name="Save template").click()
    row = page.locator(".ant-table-row").filter(has_text="points_sms")
    expect(row).to_contain_text("SMS")
    expect(row).to_contain_text("Points reminder")
    saved = admin_client.get("/api/message-templates/points_sms").get_json()["template"]
    assert saved["body"] == "Hi {{ member.name }}, you have {{ member.points_balance }} points."
    shot(page, "templates.png", tmp_path)


def test_broken_and_unsafe_templates_are_refused_at_the_body(
    page: Page, sign_in, admin_client, tmp_path
):
    sign_in()
    drawer = open_new_template(page)
    drawer.get_by_label("Name").fill("Broken")
    drawer.get_by_label("Key").fill("broken")
    body = drawer.get_by_label("Body")
    body.fill("Hi {{ member.name ")
    drawer.get_by_role("button", name="Save template").click()
    body_item = drawer.locator(".ant-form-item").filter(has=page.get_by_label("Body"))
    expect(body_item.get_by_text("syntax error: unexpected end of template")).to_be_visible()
    shot(page, "templates-error.png", tmp_path)

    body.fill("{{ ''.__class__ }}")
    drawer.get_by_role("button", name="Save template").click()
    expect(body_item.get_by_text("line 1: access to '__class__' is not allowed")).to_be_visible()
    expect(body_item.get_by_text("syntax error")).to_have_count(0)
    assert admin_client.get("/api/message-templates").get_json()["templates"] == []


def test_the_message_log_filters_by_channel(page: Page, sign_in, shop, admin_client):
    for key, channel, body in (
        ("hello_sms", "sms", "Hello {{ member.name }}"),
        ("hello_inbox", "inapp", "Welcome {{ member.name }}"),
    ):
        r = admin_client.post(
            "/api/message-templates",
            json={"key": key, "name": key, "channel": channel, "subject": "Hi", "body": body},
        )
        assert r.status_code == 201, r.get_json()
        r = admin_client.post(
            "/api/messages",
            json={
                "member_ids": [shop.li.id],
                "channel": channel,
                "template_key": key,
                "idempotency_prefix": f"test-{key}",
            },
        )
        assert r.json["queued"] == 1

    sign_in()
    page.goto("/templates?tab=messages")
    rows = page.locator(".ant-table-row")
    expect(rows).to_have_count(2)
    choose(page, page, "Filter by channel", "In-app inbox")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("hello_inbox")
    expect(rows.first).to_contain_text("Pending")
    expect(rows.first).to_contain_text(shop.li.external_id)
    page.get_by_role("searchbox", name="Member").fill(shop.wang.external_id)
    page.get_by_role("searchbox", name="Member").press("Enter")
    expect(page.get_by_text("No message matches these filters")).to_be_visible()
    page.get_by_role("searchbox", name="Member").fill(shop.li.external_id)
    page.get_by_role("searchbox", name="Member").press("Enter")
    expect(rows).to_have_count(1)
    rows.first.click()
    expect(page.get_by_role("dialog", name=re.compile("^Message #"))).to_contain_text(
        "test-hello_inbox:"
    )
