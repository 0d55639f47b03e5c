"""Publishing and pausing ask first: the publish dialog says who enters and what it implies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text, update

from app.extensions import db
from app.journeys import drafts
from app.journeys.service import find_journey
from app.models import Audience, ChannelConfig, Member
from tests.browser.dialogs import choose, opened_dialog
from tests.browser.test_canvas import SCREENSHOTS
from tests.engine.factories import document, make_members, node
from tests.engine.population import add_templates

pytestmark = pytest.mark.browser


def _at(x: int, y: int, label: str) -> dict:
    return {"position": {"x": x, "y": y}, "label": label}


@pytest.fixture
def spring(app):
    """'Spring VIP welcome': gold members get a coupon, then an SMS; everyone else an in-app note."""
    ids = make_members(30, tier="silver")
    db.session.execute(update(Member).where(Member.id.in_(ids[:12])).values(tier="gold"))
    db.session.add_all(
        [
            Audience(
                key="gold",
                name="Gold members",
                rules={"all": [{"kind": "profile", "field": "tier", "op": "eq", "value": "gold"}]},
            ),
            Audience(key="everyone", name="Everyone", rules={"all": []}),
            ChannelConfig(channel="sms", enabled=True, settings={}),
            ChannelConfig(channel="inapp", enabled=True, settings={}),
        ]
    )
    add_templates("sms", "inapp")
    db.session.commit()
    doc = document(
        "spring-vip",
        [
            {**node("a_gold", "entry.audience", audience="gold"), **_at(0, 0, "Gold members")},
            {**node("b_all", "entry.audience", audience="everyone"), **_at(0, 260, "Everyone")},
            {**node("gift", "action.coupon", coupon_template="gift"), **_at(300, 0, "Spring gift")},
            {
                **node("sms", "action.send", channel="sms", template="hello-sms"),
                **_at(600, 0, "Gift SMS"),
            },
            {
                **node("note", "action.send", channel="inapp", template="hello-inapp"),
                **_at(300, 260, "Spring note"),
            },
            {**node("done", "exit"), **_at(900, 130, "Done")},
        ],
        [
            ("a_gold", "gift"),
            ("gift", "sms", "granted"),
            ("gift", "done", "out_of_stock"),
            ("sms", "done"),
            ("b_all", "note"),
            ("note", "done"),
        ],
    )
    drafts.create_journey("spring-vip", "Spring VIP welcome", "", None)
    drafts.save_draft(find_journey("spring-vip"), {**doc, "name": "Spring VIP welcome"}, None)


def test_publish_says_who_enters_and_what_it_sends_then_asks(page: Page, sign_in, spring):
    gold = db.session.scalar(text("SELECT count(*) FROM members WHERE tier = 'gold'"))
    everyone = db.session.scalar(text("SELECT count(*) FROM members"))
    sign_in()
    page.goto("/journeys/spring-vip")
    page.get_by_role("button", name="Publish").click()
    dialog = opened_dialog(page)
    expect(dialog.get_by_test_id("publish-entering")).to_have_text(f"{everyone} members enter now")
    expect(dialog).to_contain_text(f"Enter by Gold members{gold}")
    expect(dialog).to_contain_text(f"Enter by Everyone{everyone - gold}")
    expect(dialog.get_by_test_id("publish-sends-sms")).to_have_text(str(gold))
    expect(dialog.get_by_test_id("publish-sends-inapp")).to_have_text(str(everyone - gold))
    expect(dialog.get_by_test_id("publish-coupons")).to_have_text(str(gold))
    expect(dialog).to_contain_text("as if they took every branch")
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(SCREENSHOTS) / "publish-dialog.png"))

    # Cancel publishes nothing.
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert db.session.scalar(text("SELECT count(*) FROM journey_members")) == 0
    assert db.session.scalar(text("SELECT status FROM journeys")) == "draft"

    page.get_by_role("button", name="Publish").click()
    dialog = opened_dialog(page)
    expect(dialog.get_by_test_id("publish-entering")).to_be_visible()
    dialog.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: new members now enter")).to_be_visible()
    expect(page.locator(".editor-title")).to_contain_text("v1 · published")
    db.session.expire_all()
    assert db.session.scalar(text("SELECT count(*) FROM journey_members")) == everyone

    # Pause asks too; dismissing it keeps the journey running.
    page.get_by_role("button", name="Pause").click()
    confirm = opened_dialog(page)
    expect(confirm).to_contain_text("Pause Spring VIP welcome?")
    confirm.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert db.session.scalar(text("SELECT status FROM journeys")) == "published"
    page.get_by_role("button", name="Pause").click()
    opened_dialog(page).get_by_role("button", name="Pause").click()
    expect(page.get_by_text("Paused: no entries or steps")).to_be_visible()
    db.session.expire_all()
    assert db.session.scalar(text("SELECT status FROM journeys")) == "paused"


def test_publishing_a_new_version_moves_the_members_inside_by_the_chosen_mapping(
    page: Page, sign_in, app
):
    """Six members wait at 'wait' in version 1; the draft renamed it 'hold'. The dialog
    offers to move them, asks where members at the missing node go, and moves them there."""
    from tests.engine.test_move_running import _setup

    ids, _ = _setup(app)
    sign_in()
    page.goto("/journeys/moving")
    page.get_by_role("button", name="Publish").click()
    dialog = opened_dialog(page)
    moving = dialog.get_by_test_id("publish-moving")
    expect(moving).to_contain_text(f"Move the {len(ids)} members already inside to version 2")
    moving.get_by_role("checkbox").check()
    publish = dialog.get_by_role("button", name="Publish")
    expect(publish).to_be_disabled()  # 'wait' is not in version 2 until it is mapped
    choose(page, moving, "Where members at wait.duration go", "wait.duration (hold)")
    expect(publish).to_be_enabled()
    with page.expect_response(lambda r: r.url.endswith("/api/journeys/moving/publish")) as answer:
        publish.click()
    assert answer.value.status == 200
    expect(page.get_by_text("Published: members inside moved to this version.")).to_be_visible()

    db.session.expire_all()
    rows = db.session.execute(
        text(
            "SELECT jv.number, jm.node_id, COUNT(*) FROM journey_members jm "
            "JOIN journey_versions jv ON jv.id = jm.version_id GROUP BY jv.number, jm.node_id"
        )
    ).all()
    assert [tuple(r) for r in rows] == [(2, "hold", len(ids))]
