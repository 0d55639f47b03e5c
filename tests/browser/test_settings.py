"""Settings: admins manage users and API tokens; everyone else sees their own account."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.dialogs import choose, opened_dialog
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_admin_adds_a_user_and_changes_their_role(sign_in, admin):
    page: Page = sign_in()
    page.goto("/settings")
    users = page.locator(".ant-table-tbody")
    expect(users).to_contain_text(admin.email)

    page.get_by_role("button", name="Add user").click()
    dialog = opened_dialog(page)
    dialog.get_by_label("Email").fill("mei@example.com")
    dialog.get_by_label("Name").fill("Mei Lin")
    dialog.get_by_label("Password").fill("short")
    dialog.get_by_role("button", name="Add user").click()
    expect(dialog).to_contain_text("Use at least 10 characters.")
    dialog.get_by_label("Password").fill("a long enough password")
    dialog.get_by_role("button", name="Add user").click()
    expect(dialog).to_be_hidden()
    row = page.locator(".ant-table-row").filter(has_text="mei@example.com")
    expect(row).to_contain_text("Mei Lin")
    expect(row).to_contain_text("Marketer")

    choose(page, row, None, "Viewer")
    expect(page.get_by_text("Saved mei@example.com.")).to_be_visible()
    expect(row).to_contain_text("Viewer")

    row.get_by_role("button", name="Deactivate").click()
    page.locator(".ant-popconfirm").get_by_role("button", name="Deactivate").click()
    expect(row).to_contain_text("Inactive")


def test_admin_creates_a_token_sees_its_secret_once_and_revokes_it(sign_in):
    page: Page = sign_in()
    page.goto("/settings")
    page.get_by_role("tab", name="API tokens").click()
    page.get_by_role("button", name="New token").click()
    dialog = opened_dialog(page)
    dialog.get_by_label("Name").fill("Shop backend")
    for scope in ("members:write", "orders:write"):
        # The group re-renders after each change; wait for the box to show it before the next.
        box = dialog.get_by_label(scope)
        box.click()
        expect(box).to_be_checked()
    dialog.get_by_role("button", name="Create token").click()

    secret = page.get_by_test_id("token-secret")
    expect(secret).not_to_be_empty()
    plain = secret.inner_text().strip()
    page.get_by_role("button", name="I have copied it").click()
    expect(secret).to_have_count(0)

    row = page.locator(".ant-table-row").filter(has_text="Shop backend")
    expect(row).to_contain_text("members:write")
    expect(row).not_to_contain_text(plain)
    row.get_by_role("button", name="Revoke").click()
    page.locator(".ant-popconfirm").get_by_role("button", name="Revoke").click()
    expect(row).to_contain_text("Revoked")


def test_a_marketer_sees_only_their_own_account(page: Page, make_user):
    marketer = make_user("marketer", email="mark@example.com")
    page.goto("/login")
    page.get_by_label("Email").fill(marketer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("user-menu")).to_contain_text("Marketer")

    page.goto("/settings")
    expect(page.get_by_text("My account")).to_be_visible()
    expect(page.get_by_text(marketer.email).first).to_be_visible()
    expect(page.get_by_role("tab", name="Users")).to_have_count(0)
    expect(page.get_by_role("tab", name="API tokens")).to_have_count(0)
