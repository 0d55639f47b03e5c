"""A marketer watches a running journey while the shop posts a burst of events through the
API: the canvas counters, labelled on each node, end equal to what the database holds, with
no reload; the live page, opened from the editor, starts with the recent steps in its feed,
and a member's path names the nodes, the times, the coupon code and the message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import Page, expect

from app.engine.clock import VirtualClock
from app.engine.ticker import tick
from app.extensions import db
from app.models import Coupon, Journey, JourneyMember, JourneyStep, Member, OutboxMessage
from tests.browser.test_canvas import SCREENSHOTS, node, watched
from tests.engine.factories import document, make_members, publish
from tests.engine.factories import node as doc_node
from tests.engine.population import add_templates

pytestmark = pytest.mark.browser

KEY = "cart-rescue"
#: The browser's time zone (tests/browser/conftest.py).
_SHANGHAI = ZoneInfo("Asia/Shanghai")


def _placed(node_id: str, type_: str, x: int, label: str, **config) -> dict:
    return {**doc_node(node_id, type_, **config), "label": label, "position": {"x": x, "y": 80}}


@pytest.fixture
def rescue(app):
    """``cart-rescue`` published: a left cart -> coupon -> in-app message -> one day -> exit."""
    make_members(30)
    add_templates("inapp")
    doc = document(
        KEY,
        [
            _placed("start", "entry.event", 0, "Cart left behind", event_type="cart_abandoned"),
            _placed("gift", "action.coupon", 280, "Rescue coupon", coupon_template="gift"),
            _placed(
                "tell", "action.send", 560, "Tell them", channel="inapp", template="hello-inapp"
            ),
            _placed("wait", "wait.duration", 840, "One day", days=1),
            _placed("done", "exit", 1120, "Rescued"),
        ],
        [
            ("start", "gift"),
            ("gift", "tell", "granted"),
            ("gift", "done", "out_of_stock"),
            ("tell", "wait"),
            ("wait", "done"),
        ],
    )
    publish({**doc, "name": "Cart rescue"})


def _database() -> dict:
    """What the raw tables say, counted here apart from the product's counters."""
    db.session.rollback()
    journey_id = db.session.scalar(db.select(Journey.id).where(Journey.key == KEY))
    runs = db.session.scalar(
        db.select(db.func.count()).where(JourneyMember.journey_id == journey_id)
    )
    waiting = db.session.scalar(
        db.select(db.func.count()).where(
            JourneyMember.journey_id == journey_id,
            JourneyMember.node_id == "wait",
            JourneyMember.status == "waiting",
        )
    )
    passed = dict(
        db.session.execute(
            db.select(JourneyStep.node_id, db.func.count())
            .where(JourneyStep.journey_id == journey_id, JourneyStep.outcome == "passed")
            .group_by(JourneyStep.node_id)
        ).all()
    )
    coupons = db.session.scalar(
        db.select(db.func.count()).where(Coupon.source == f"journey:{journey_id}:gift")
    )
    messages = db.session.scalar(
        db.select(db.func.count()).where(
            OutboxMessage.journey_id == journey_id, OutboxMessage.node_id == "tell"
        )
    )
    return {"runs": runs, "waiting": waiting, "passed": passed, "coupons": coupons,
            "messages": messages}  # fmt: skip


def _counters_match(scope, figures: dict) -> None:
    expect(scope("start").get_by_label(f"Entered: {figures['runs']}")).to_be_visible()
    for node_id in ("start", "gift", "tell"):
        expect(scope(node_id).get_by_label(f"Passed: {figures['passed'][node_id]}")).to_be_visible()
    expect(scope("gift").get_by_label(f"Coupons granted: {figures['coupons']}")).to_be_visible()
    expect(scope("tell").get_by_label(f"Messages queued: {figures['messages']}")).to_be_visible()
    expect(scope("wait").get_by_label(f"Waiting now: {figures['waiting']}")).to_be_visible()


def test_a_burst_of_events_ends_with_the_counters_the_database_holds(
    page: Page, sign_in, rescue, live_server, token_headers
):
    headers = token_headers("events:write")
    sign_in()
    page.goto(f"/journeys/{KEY}")
    expect(node(page, "start").get_by_label("Entered: 0")).to_be_visible()
    watched(KEY)

    # The shop posts 30 abandoned carts one by one in three waves (each wave re-posts two
    # events it already sent), and the engine moves members between the waves.
    http = requests.Session()
    now = datetime.now(UTC).replace(microsecond=0)
    for wave in range(3):
        for i in [*range(wave * 10, wave * 10 + 10), wave * 10, wave * 10 + 1]:
            answer = http.post(
                f"{live_server}/api/events",
                json={
                    "external_id": f"cart-{i}",
                    "member_external_id": f"m{i}",
                    "type": "cart_abandoned",
                    "occurred_at": now.isoformat(),
                },
                headers=headers,
                timeout=10,
            )
            assert answer.status_code in (200, 201), answer.text
        tick(VirtualClock(datetime.now(UTC) + timedelta(seconds=1)))
        db.session.rollback()

    figures = _database()
    assert figures["runs"] == 30 and figures["waiting"] == 30
    # The canvas shows, on each node, labelled counters equal to the raw tables.
    _counters_match(lambda n: node(page, n), figures)
    start = node(page, "start")
    expect(start.locator(".live-badge-label").first).to_have_text("entered")
    page.set_viewport_size({"width": 1920, "height": 1000})
    page.locator(".react-flow__controls-fitview").click()
    expect(node(page, "done")).to_be_in_viewport()
    page.screenshot(path=str(SCREENSHOTS / "live-canvas-burst.png"))

    # The editor links to the live page; its feed opens with the newest steps.
    page.get_by_role("link", name="Live view").click()
    card = page.get_by_test_id("live-card")
    expect(card.get_by_text("Connected", exact=True)).to_be_visible()
    _counters_match(lambda n: card.locator(f'[data-node="{n}"]'), figures)
    feed = card.locator(".live-feed")
    expect(feed.get_by_role("listitem").first).to_contain_text("is waiting at One day")
    expect(card.locator('[data-node="tell"]')).to_contain_text("Send message")
    page.screenshot(path=str(SCREENSHOTS / "live-view.png"), full_page=True)

    # A member's path: node labels, times, the coupon code and the message.
    member = feed.get_by_role("button").first.inner_text()
    member_id = db.session.scalar(db.select(Member.id).where(Member.external_id == member))
    code = db.session.scalar(db.select(Coupon.code).where(Coupon.member_id == member_id))
    feed.get_by_role("button").first.click()
    drawer = page.get_by_test_id("member-path")
    steps = drawer.get_by_test_id("path-step")
    expect(steps).to_have_count(4)
    expect(steps.nth(0)).to_contain_text("Cart left behind passed")
    expect(steps.nth(1)).to_contain_text("Rescue coupon passed")
    expect(steps.nth(1).get_by_test_id("path-coupon")).to_contain_text(code)
    expect(steps.nth(2).get_by_test_id("path-message")).to_contain_text(
        "inapp message “Hello on inapp”"
    )
    expect(steps.nth(3)).to_contain_text("One day is waiting at")
    stepped_at = db.session.scalar(
        db.select(JourneyStep.at)
        .join(JourneyMember, JourneyMember.id == JourneyStep.journey_member_id)
        .where(JourneyMember.member_id == member_id, JourneyStep.node_id == "gift")
    )
    expect(steps.nth(1)).to_contain_text(f"{stepped_at.astimezone(_SHANGHAI):%Y-%m-%d %H:%M}")
    page.screenshot(path=str(SCREENSHOTS / "live-member-path.png"))
