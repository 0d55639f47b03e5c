"""Edits are never silently lost: two marketers on one draft, leaving right after an edit,
and the header's version and status as the draft is published and edited again."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from app.extensions import db
from app.journeys import drafts
from app.journeys.service import find_journey, versions_of
from tests.browser.dialogs import opened_dialog
from tests.browser.test_canvas import field, node, placed, saved
from tests.conftest import PASSWORD
from tests.journeys.builders import simple

pytestmark = pytest.mark.browser


def _stored_label(node_id: str) -> str | None:
    db.session.expire_all()
    document = versions_of(find_journey("test-journey"))[-1].document
    return next(n.get("label") for n in document["nodes"] if n["id"] == node_id)


@pytest.fixture
def journey(app):
    drafts.create_journey("test-journey", "Test journey", "", None)
    drafts.save_draft(find_journey("test-journey"), placed(simple()), None)


def _second_editor(browser: Browser, live_server: str, make_user) -> Page:
    user = make_user("marketer", email="bo@example.com")
    context = browser.new_context(base_url=live_server, viewport={"width": 1440, "height": 900})
    other = context.new_page()
    other.goto("/login")
    other.get_by_label("Email").fill(user.email)
    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_role("button", name="Sign in").click()
    expect(other.get_by_test_id("user-menu")).to_be_visible()
    return other


def _rename(page: Page, node_id: str, label: str) -> None:
    node(page, node_id).click()
    field(page, "label").fill(label)


def test_two_editors_on_one_draft_get_a_conflict_instead_of_losing_an_edit(
    page: Page, sign_in, journey, browser: Browser, live_server: str, make_user
):
    sign_in()
    page.goto("/journeys/test-journey")
    other = _second_editor(browser, live_server, make_user)
    other.goto("/journeys/test-journey")
    expect(node(other, "tag")).to_be_visible()
    expect(node(page, "tag")).to_be_visible()

    _rename(page, "tag", "Ada's tag")
    saved(page)
    assert _stored_label("tag") == "Ada's tag"

    # Bo opened the draft before Ada's save: Bo's save is refused and Bo is told by whom.
    _rename(other, "end", "Bo's exit")
    banner = other.get_by_test_id("draft-conflict")
    expect(banner).to_contain_text("Someone else changed this draft — reload or keep yours")
    expect(banner).to_contain_text("ada@example.com")
    expect(other.get_by_test_id("save-state")).to_have_attribute("data-state", "conflict")
    assert _stored_label("tag") == "Ada's tag"
    assert _stored_label("end") in (None, "")

    # Bo reloads: Ada's edit is on Bo's screen, and Bo's next edit saves.
    other.get_by_role("button", name="Reload").click()
    expect(node(other, "tag")).to_contain_text("Ada's tag")
    _rename(other, "end", "Bo's exit")
    saved(other)
    assert (_stored_label("tag"), _stored_label("end")) == ("Ada's tag", "Bo's exit")

    # Ada's screen is now behind: Ada keeps hers, knowingly replacing Bo's draft.
    _rename(page, "start", "Ada's entry")
    expect(page.get_by_test_id("draft-conflict")).to_contain_text("bo@example.com")
    page.get_by_role("button", name="Keep mine").click()
    saved(page)
    expect(page.get_by_test_id("draft-conflict")).to_have_count(0)
    assert _stored_label("start") == "Ada's entry"
    assert _stored_label("end") in (None, "")
    other.context.close()


def _draft_put(request: Request) -> bool:
    return request.method == "PUT" and request.url.endswith("/draft")


def test_leaving_right_after_an_edit_keeps_the_edit(page: Page, sign_in, journey):
    sign_in()
    page.goto("/journeys/test-journey")
    # On a busy machine the autosave may beat the leaving: either way the edit is sent.
    with page.expect_request(_draft_put):
        _rename(page, "tag", "Saved on the way out")
        page.get_by_role("button", name="All journeys").click()
    expect(page).to_have_url("/journeys")
    page.locator(".ant-table-row").filter(has_text="test-journey").get_by_text(
        "Test journey"
    ).click()
    expect(page).to_have_url("/journeys/test-journey")
    expect(node(page, "tag")).to_contain_text("Saved on the way out")
    assert _stored_label("tag") == "Saved on the way out"


def test_closing_the_tab_right_after_an_edit_keeps_the_edit(page: Page, sign_in, journey):
    sign_in()
    page.goto("/journeys/test-journey")
    with page.expect_request(_draft_put):
        _rename(page, "tag", "Saved as the tab closed")
        page.goto("/members")
    page.goto("/journeys/test-journey")
    expect(node(page, "tag")).to_contain_text("Saved as the tab closed")


def test_header_follows_publishing_and_the_first_edit_without_reload(page: Page, sign_in, journey):
    sign_in()
    page.goto("/journeys/test-journey")
    title = page.locator(".editor-title")
    expect(title).to_contain_text("v1 · draft")
    page.get_by_role("button", name="Publish").click()
    opened_dialog(page).get_by_role("button", name="Publish").click()
    expect(title).to_contain_text("v1 · published")
    _rename(page, "tag", "Version two")
    saved(page)
    expect(title).to_contain_text("v2 · draft")
