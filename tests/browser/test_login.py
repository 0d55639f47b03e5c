"""Signing in and out in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_signed_out_visitors_are_sent_to_login(page: Page):
    page.goto("/members")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_wrong_password_shows_the_server_message_then_right_password_signs_in(page: Page, admin):
    page.goto("/login")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Email or password is wrong.")
    expect(page).to_have_url(re.compile(r"/login$"))

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    menu = page.get_by_test_id("user-menu")
    expect(menu).to_contain_text(admin.email)
    expect(menu).to_contain_text("Admin")
    expect(page).to_have_url(re.compile(r"/dashboard$"))


def test_sign_in_returns_to_the_page_asked_for(page: Page, admin):
    page.goto("/settings")
    expect(page).to_have_url(re.compile(r"/login$"))
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/settings$"))
    expect(page.get_by_role("heading", name="Settings 设置")).to_be_visible()


def test_sign_out_ends_the_session(sign_in):
    page = sign_in()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/journeys")
    expect(page).to_have_url(re.compile(r"/login$"))
    session = page.request.get("/api/auth/session").json()
    assert session["user"] is None
