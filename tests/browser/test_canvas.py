"""The journey canvas editor in Chromium: build, configure, validate, publish, watch, import, diff."""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.engine import ticker
from app.engine.clock import VirtualClock
from app.engine.lifecycle import publish
from app.extensions import db
from app.journeys import drafts
from app.journeys.service import find_journey
from app.models import Audience, ChannelConfig
from app.models.messages import MESSAGE_CHANNELS
from tests.browser.dialogs import choose, menu_choice, opened_dialog
from tests.journeys.builders import EXAMPLES, simple
from tests.live.conftest import SUPPRESSED, database_edges, welcome  # noqa: F401

pytestmark = pytest.mark.browser

#: Screenshots go to SCREENSHOT_DIR when set (docs/screenshots for the docs), else a temp dir.
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="lc-shots-"))


def node(page: Page, node_id: str):
    return page.locator(f'.react-flow__node[data-id="{node_id}"]')


def drop(page: Page, node_type: str, x: int, y: int) -> None:
    """Drag a node type from the palette onto the canvas at (x, y) of the canvas pane."""
    page.drag_and_drop(
        f'.palette-item[data-type="{node_type}"]',
        ".react-flow__pane",
        target_position={"x": x, "y": y},
    )


def connect(page: Page, source: str, branch: str, target: str) -> None:
    """Drag from a branch handle of ``source`` to the input handle of ``target``."""
    start = node(page, source).locator(f'.react-flow__handle.source[data-handleid="{branch}"]')
    end = node(page, target).locator(".react-flow__handle.target")
    end.hover()  # waits until the canvas has stopped moving
    start.hover()
    a, b = start.bounding_box(), end.bounding_box()
    page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, steps=12)
    page.mouse.up()


def field(page: Page, name: str):
    """An input of the node config form in the side panel."""
    panel = page.get_by_test_id("config-panel")
    return panel.locator(f'input[aria-label="{name}"], textarea[aria-label="{name}"]')


def saved(page: Page) -> None:
    expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")


def confirm(page: Page, button: str, request_path: str) -> None:
    """Press a dialog's button once its opening animation is over, and wait for its request.

    A click that lands while antd's dialog is still zooming in can be lost on a busy machine.
    """
    opened_dialog(page)
    with page.expect_response(lambda r: r.request.method == "POST" and request_path in r.url):
        page.get_by_role("button", name=button).click()


def problems(page: Page):
    page.get_by_test_id("problems-tab").click()
    return page.get_by_test_id("violations")


@pytest.fixture
def everyone(app):
    db.session.add(Audience(key="everyone", name="Everyone", rules={"all": []}, last_size=3))
    db.session.commit()


@pytest.fixture
def channels(app):
    for channel in MESSAGE_CHANNELS:
        db.session.add(ChannelConfig(channel=channel, enabled=True, settings={}))
    db.session.commit()


def test_build_configure_publish_and_watch_counters(page: Page, sign_in, shop, everyone):
    sign_in()
    page.goto("/journeys")
    page.get_by_role("button", name="New journey").click()
    page.get_by_label("Journey name").fill("Canvas welcome")
    expect(page.get_by_label("Journey key")).to_have_value("canvas-welcome")
    confirm(page, "Create", "/api/journeys")
    expect(page).to_have_url("/journeys/canvas-welcome")

    # An empty journey has no entry: the problem is listed, and publishing is disabled.
    expect(problems(page)).to_contain_text("no entry")
    expect(page.get_by_role("button", name="Publish")).to_be_disabled()

    for node_type, x, y in [
        ("entry.audience", 130, 80),
        ("action.tag", 420, 80),
        ("action.points", 130, 260),
        ("wait.duration", 420, 260),
        ("exit", 130, 440),
    ]:
        drop(page, node_type, x, y)
    for node_id in ("audience_1", "tag_1", "points_1", "duration_1", "exit_1"):
        expect(node(page, node_id)).to_be_visible()

    # The default audience does not exist here: the server says so on the node.
    saved(page)
    expect(page.get_by_test_id("node-problems-audience_1")).to_be_visible()
    node(page, "audience_1").click()
    choose(page, page.get_by_test_id("config-panel"), "audience", "Everyone")
    expect(page.get_by_test_id("config-panel")).to_contain_text("3 members")

    node(page, "tag_1").click()
    field(page, "tag").fill("canvas-vip")
    node(page, "points_1").click()
    field(page, "points").fill("50")
    node(page, "exit_1").click()
    field(page, "reason").fill("welcomed")

    connect(page, "audience_1", "next", "tag_1")
    connect(page, "tag_1", "next", "points_1")
    connect(page, "points_1", "next", "duration_1")
    saved(page)
    # The wait leads nowhere yet: a violation on it, listed and shown on the node.
    expect(page.get_by_test_id("node-problems-duration_1")).to_be_visible()
    expect(problems(page)).to_contain_text("This Wait node: members reaching it have nowhere")
    problems(page).get_by_text("members reaching it have nowhere to go").first.click()
    expect(page.get_by_test_id("config-panel")).to_contain_text("duration_1")

    page.locator(".react-flow__controls-fitview").click()
    connect(page, "duration_1", "next", "exit_1")
    saved(page)
    expect(page.get_by_test_id("node-problems-duration_1")).to_have_count(0)
    page.get_by_test_id("problems-tab").click()
    expect(page.get_by_test_id("violations-empty")).to_be_visible()

    stored = page.request.get("/api/journeys/canvas-welcome/versions/1").json()["version"]
    document = stored["document"]
    by_id = {n["id"]: n for n in document["nodes"]}
    assert by_id["tag_1"]["config"]["tag"] == "canvas-vip"
    assert by_id["points_1"]["config"]["points"] == 50
    assert by_id["audience_1"]["config"]["audience"] == "everyone"
    assert {(e["source"], e["target"]) for e in document["edges"]} == {
        ("audience_1", "tag_1"),
        ("tag_1", "points_1"),
        ("points_1", "duration_1"),
        ("duration_1", "exit_1"),
    }

    page.screenshot(path=str(SCREENSHOTS / "editor-built.png"))
    page.get_by_role("button", name="Publish").click()
    opened_dialog(page).get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: new members now enter")).to_be_visible()
    expect(page.locator(".editor-title")).to_contain_text("Published")

    # The engine runs the members through: first up to the wait, then (a day later) past it.
    clock = VirtualClock(datetime.now(UTC) + timedelta(minutes=1))
    ticker.tick(clock)
    page.reload()
    expect(node(page, "duration_1").get_by_label("Waiting now: 3")).to_be_visible()
    expect(node(page, "tag_1").get_by_label("Passed: 3")).to_be_visible()
    expect(node(page, "exit_1").get_by_label("Entered: 0")).to_be_visible()
    clock.advance(days=2)
    ticker.tick(clock)
    page.reload()
    expect(node(page, "exit_1").get_by_label("Entered: 3")).to_be_visible()
    expect(node(page, "duration_1").get_by_label("Waiting now: 0")).to_be_visible()
    expect(node(page, "audience_1").get_by_label("Entered: 3")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "editor-live-counters.png"))

    # Editing the live journey starts version 2 as a draft, which can be published.
    expect(page.get_by_role("button", name="Publish")).to_be_disabled()
    node(page, "tag_1").click()
    field(page, "tag").fill("canvas-gold")
    saved(page)
    expect(page.get_by_role("button", name="Publish")).to_be_enabled()
    page.get_by_role("button", name="Versions").click()
    expect(page.get_by_text("Version 2 · draft")).to_be_visible()


def test_editing_tools_undo_redo_copy_paste_delete_layout(page: Page, sign_in, everyone):
    drafts.create_journey("tools", "Tools", "", None)
    sign_in()
    page.goto("/journeys/tools")
    drop(page, "action.tag", 300, 200)
    drop(page, "split.condition", 600, 200)
    expect(node(page, "condition_1")).to_contain_text("yes")
    expect(node(page, "condition_1")).to_contain_text("no")
    page.get_by_role("button", name="Undo").click()
    expect(node(page, "condition_1")).to_have_count(0)
    page.get_by_role("button", name="Redo").click()
    expect(node(page, "condition_1")).to_be_visible()

    node(page, "tag_1").click()
    page.keyboard.press("Control+c")
    page.keyboard.press("Control+v")
    expect(node(page, "tag_2")).to_be_visible()
    node(page, "tag_2").click()
    page.keyboard.press("Delete")
    expect(node(page, "tag_2")).to_have_count(0)

    # Random split weights must add up to 100.
    drop(page, "split.random", 300, 420)
    field(page, "variants 1 weight").fill("70")
    expect(page.get_by_test_id("weights-total")).to_contain_text("must be 100%")
    field(page, "variants 2 weight").fill("30")
    expect(page.get_by_test_id("weights-total")).to_have_text("Total 100%")

    drop(page, "entry.audience", 100, 420)
    choose(page, page.get_by_test_id("config-panel"), "schedule", "recurring")
    # A schedule picked in words: weekly, on Monday, at 09:00; cron is the advanced option.
    panel = page.get_by_test_id("config-panel")
    panel.get_by_text("Weekly", exact=True).click()
    panel.get_by_label("cron time").fill("09:00")
    expect(page.get_by_test_id("cron-sentence")).to_have_text("At 09:00, on Monday")
    panel.get_by_text("Monthly", exact=True).click()
    expect(page.get_by_test_id("cron-sentence")).to_have_text("At 09:00, on day 1 of the month")
    panel.get_by_text("Weekly", exact=True).click()
    panel.get_by_text("Advanced (cron)", exact=True).click()
    expect(field(page, "cron")).to_have_value("0 9 * * 1")

    page.get_by_role("button", name="Auto layout").click()
    saved(page)
    document = page.request.get("/api/journeys/tools/versions/1").json()["version"]["document"]
    assert sorted(n["id"] for n in document["nodes"]) == [
        "audience_1",
        "condition_1",
        "random_1",
        "tag_1",
    ]
    assert all(n["position"]["x"] % 20 == 0 for n in document["nodes"])
    random = next(n for n in document["nodes"] if n["id"] == "random_1")
    assert [v["weight"] for v in random["config"]["variants"]] == [70, 30]


def test_import_then_export_a_file_from_journeys(page: Page, sign_in, channels, tmp_path):
    path = next(p for p in EXAMPLES if p.stem == "coffee-member-groups")
    sign_in()
    page.goto("/journeys")
    page.get_by_role("button", name="Import").click()
    broken = tmp_path / "broken.json"
    bundle = json.loads(path.read_text(encoding="utf-8"))
    bundle["journey"]["edges"] = bundle["journey"]["edges"][1:]
    broken.write_text(json.dumps(bundle), encoding="utf-8")
    page.locator('input[type="file"]').set_input_files(str(broken))
    expect(page.get_by_role("dialog")).to_contain_text("2 errors")
    expect(page.get_by_role("dialog")).to_contain_text("No entry node leads here")
    expect(page.get_by_role("button", name="Import as draft")).to_be_disabled()

    page.locator('input[type="file"]').set_input_files(str(path))
    expect(page.get_by_role("dialog")).to_contain_text("No problems found")
    page.get_by_role("button", name="Import as draft").click()
    key = bundle["journey"]["key"]
    expect(page).to_have_url(f"/journeys/{key}")
    for n in bundle["journey"]["nodes"]:
        expect(node(page, n["id"])).to_have_count(1)
    page.get_by_test_id("problems-tab").click()
    expect(page.get_by_test_id("violations-empty")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "editor-overview.png"))
    node(page, "c_high").click()
    expect(page.get_by_test_id("config-panel")).to_contain_text("Grant coupon")
    page.locator(".react-flow__controls-zoomin").click()
    page.locator(".react-flow__controls-zoomin").click()
    node(page, "s_high").click()
    expect(page.locator(".template-body")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "editor.png"))

    page.get_by_role("button", name="Export").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Journey file (JSON)").click()
    exported = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert exported == json.loads(path.read_text(encoding="utf-8"))["journey"]

    # The bundle carries the audiences and templates the journey uses, as the CLI's does.
    page.get_by_role("button", name="Export").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Bundle: journey with its audiences and templates").click()
    exported = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert exported["journey"] == bundle_journey(path)
    assert {a["key"] for a in exported["audiences"]} == {
        a["key"] for a in json.loads(path.read_text(encoding="utf-8"))["audiences"]
    }

    # Importing it again makes it the draft of the journey that exists, and says so.
    page.goto("/journeys")
    page.get_by_role("button", name="Import").click()
    page.locator('input[type="file"]').set_input_files(str(path))
    expect(page.get_by_role("dialog")).to_contain_text("No problems found")
    page.get_by_role("button", name="Import as draft").click()
    expect(page.locator(".ant-message")).to_contain_text(
        f"“{bundle['journey']['name']}” exists already: the import is its draft now (version 1)"
    )


def bundle_journey(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["journey"]


def placed(document: dict) -> dict:
    """The document with its nodes side by side, in the order they are listed."""
    for index, n in enumerate(document["nodes"]):
        n["position"] = {"x": index * 300, "y": 0}
    return document


def test_versions_read_only_and_visual_diff(page: Page, sign_in):
    drafts.create_journey("test-journey", "Test journey", "", None)
    journey = find_journey("test-journey")
    first = placed(simple())
    first["nodes"].append({"id": "note", "type": "action.tag", "config": {"tag": "old"}})
    first["nodes"][-1]["position"] = {"x": 300, "y": 200}
    first["edges"][1]["target"] = "note"
    first["edges"].append({"id": "note-end", "source": "note", "target": "end"})
    drafts.save_draft(journey, first, None)
    publish(db.session, journey, datetime.now(UTC), False)
    db.session.commit()
    changed = placed(simple())
    changed["nodes"][1]["config"]["tag"] = "gold"
    changed["nodes"][2]["position"] = {"x": 900, "y": 0}
    changed["nodes"].append(
        {
            "id": "points",
            "type": "action.points",
            "position": {"x": 600, "y": 0},
            "config": {"points": 10, "reason": "r"},
        }
    )
    changed["edges"] = [
        {"id": "a", "source": "start", "target": "tag", "branch": "next"},
        {"id": "b", "source": "tag", "target": "points", "branch": "next"},
        {"id": "c", "source": "points", "target": "end", "branch": "next"},
    ]
    drafts.save_draft(journey, changed, None)

    sign_in()
    page.goto("/journeys/test-journey")
    page.get_by_role("button", name="Versions").click()
    page.get_by_text("Version 1 · published").click()
    expect(page.get_by_text("Version 1 (published), read-only.")).to_be_visible()
    expect(node(page, "points")).to_have_count(0)
    expect(page.get_by_test_id("palette")).to_have_count(0)

    page.get_by_role("button", name="Back to the current version").click()
    expect(node(page, "points")).to_be_visible()
    page.get_by_role("button", name="Versions").click()
    page.get_by_text("Compare versions").click()
    expect(page).to_have_url("/journeys/test-journey/diff?from=1&to=2")
    summary = page.get_by_test_id("diff-summary")
    expect(summary).to_contain_text("1 added")
    expect(summary).to_contain_text("1 removed")
    expect(summary).to_contain_text("1 changed")
    expect(node(page, "points").locator(".jn-diff-added")).to_be_visible()
    expect(node(page, "tag").locator(".jn-diff-changed")).to_be_visible()
    expect(node(page, "note").locator(".jn-diff-removed")).to_be_visible()

    # The list says what changed: the setting before and after, the connections added and
    # removed; clicking an item shows its node.
    changes = page.get_by_test_id("diff-list")
    tag_item = changes.locator('.diff-item[data-node="tag"]')
    expect(tag_item.get_by_test_id("diff-field")).to_have_text("tag: vip → gold")
    edges = changes.get_by_test_id("diff-edge")
    expect(edges.filter(has_text="added")).to_have_text(["addedtag → points", "addedpoints → end"])
    expect(edges.filter(has_text="removed")).to_have_text(
        ["removednote → end", "removedtag → note"]
    )
    changes.locator('.diff-item[data-node="points"]').click()
    expect(node(page, "points")).to_have_class(re.compile(r"\bselected\b"))
    expect(node(page, "points")).to_be_in_viewport()
    page.screenshot(path=str(SCREENSHOTS / "diff.png"))

    # Version 1 back as the draft.
    page.get_by_role("button", name="Restore v1 as a new draft").click()
    page.get_by_role("button", name="Restore", exact=True).click()
    expect(page).to_have_url("/journeys/test-journey")
    expect(node(page, "note")).to_be_visible()
    versions = page.request.get("/api/journeys/test-journey").json()["versions"]
    newest = page.request.get(
        f"/api/journeys/test-journey/versions/{versions[-1]['number']}"
    ).json()["version"]
    assert newest["status"] == "draft"
    assert newest["checksum"] == versions[0]["checksum"]


def test_test_mode_shows_members_moving_through_the_draft(page: Page, sign_in, shop):
    drafts.create_journey("test-journey", "Test journey", "", None)
    document = placed(simple())
    document["nodes"].insert(1, {"id": "pause", "type": "wait.duration", "config": {"minutes": 5}})
    document = placed(document)
    document["edges"] = [
        {"id": "a", "source": "start", "target": "pause"},
        {"id": "b", "source": "pause", "target": "tag"},
        {"id": "c", "source": "tag", "target": "end"},
    ]
    drafts.save_draft(find_journey("test-journey"), document, None)
    sign_in()
    page.goto("/journeys/test-journey")
    page.get_by_role("button", name="Test").click()
    drawer = page.get_by_test_id("test-drawer")
    expect(drawer).to_contain_text("No test runs yet")
    drawer.locator('input[aria-label="Test members"]').fill(shop.li.external_id)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    drawer.get_by_role("button", name="Run test").click()
    expect(drawer.get_by_test_id("test-runs")).to_contain_text("start")

    # Test runs' waits last a second; the engine takes them on from there.
    clock = VirtualClock(datetime.now(UTC) + timedelta(seconds=5))
    ticker.tick(clock)
    expect(page.get_by_test_id("node-test-pause")).to_contain_text("1 test member here")
    clock.advance(seconds=5)
    ticker.tick(clock)
    expect(drawer.get_by_test_id("test-runs")).to_contain_text("exited")
    expect(drawer.get_by_test_id("test-runs")).to_contain_text("start → pause → tag → end")
    expect(page.get_by_test_id("node-test-pause")).to_have_count(0)


def test_journeys_list_duplicates_and_archives(page: Page, sign_in):
    drafts.create_journey("test-journey", "Test journey", "", None)
    drafts.save_draft(find_journey("test-journey"), placed(simple()), None)
    drafts.create_journey("another", "Another one", "", None)
    sign_in()
    page.goto("/journeys")
    page.get_by_placeholder("Search by name or key").fill("another")
    expect(page.locator(".ant-table-row")).to_have_count(1)
    page.get_by_placeholder("Search by name or key").fill("")
    menu_choice(page, page.get_by_role("button", name="Actions for Test journey"), "Duplicate…")
    expect(page.get_by_label("Journey key")).to_have_value("test-journey-copy")
    confirm(page, "Duplicate", "/duplicate")
    expect(page).to_have_url("/journeys/test-journey-copy")
    for node_id in ("start", "tag", "end"):
        expect(node(page, node_id)).to_be_visible()

    page.goto("/journeys")
    menu_choice(page, page.get_by_role("button", name="Actions for Another one"), "Archive…")
    confirm(page, "Archive", "/archive")
    expect(page.get_by_text("Another one archived.")).to_be_visible()
    choose(page, page.get_by_role("main"), "Status", "archived")
    expect(page.locator(".ant-table-row")).to_have_count(1)
    expect(page.locator(".ant-table-row")).to_contain_text("Archived")
    page.keyboard.press("Escape")
    page.screenshot(path=str(SCREENSHOTS / "editor-journeys-list.png"))


def watched(key: str, timeout: float = 10) -> None:
    """Wait until a browser's socket has joined the journey's live room."""
    from app.extensions import socketio

    deadline = time.monotonic() + timeout
    while not socketio.server.manager.rooms.get("/", {}).get(f"journey:{key}"):
        assert time.monotonic() < deadline, f"nobody joined journey:{key}"
        time.sleep(0.05)


def test_live_canvas_counters_rise_on_nodes_edges_and_messages_without_reload(
    page: Page,
    sign_in,
    welcome,  # noqa: F811
):
    sign_in()
    page.goto("/journeys/welcome-live")
    expect(node(page, "start").get_by_label("Entered: 0")).to_be_visible()
    expect(page.get_by_test_id("edge-count-ab-a")).to_have_text("0")
    watched("welcome-live")
    navigations: list[str] = []
    page.on(
        "framenavigated", lambda frame: frame == page.main_frame and navigations.append(frame.url)
    )
    page.evaluate("window.__sameDocument = true")

    # 40 members enter and run to the wait; the split sends some down a, the rest down b.
    welcome.enter()
    welcome.tick()
    edges = database_edges("welcome-live")
    arm_a, arm_b = edges["ab"]["a"], edges["ab"]["b"]
    expect(node(page, "start").get_by_label("Entered: 40")).to_be_visible()
    expect(node(page, "wait").get_by_label("Waiting now: 40")).to_be_visible()
    expect(page.get_by_test_id("edge-count-start-next")).to_have_text("40")
    expect(page.get_by_test_id("edge-count-ab-a")).to_have_text(str(arm_a))
    expect(page.get_by_test_id("edge-count-ab-b")).to_have_text(str(arm_b))
    expect(page.get_by_test_id("edge-count-inbox-next")).to_have_text(str(arm_a))
    expect(page.get_by_test_id("edge-count-wait-next")).to_have_text("0")
    inbox = node(page, "inbox")
    expect(inbox.get_by_label("Messages queued: " + str(arm_a))).to_be_visible()

    # Quiet hours: the dispatcher defers the messages, and suppresses those to suppressed members.
    welcome.dispatch()
    expect(inbox.get_by_label(f"Deferred: {arm_a - SUPPRESSED}")).to_be_visible()
    expect(inbox.get_by_label(f"Suppressed: {SUPPRESSED}")).to_be_visible()
    expect(inbox.get_by_label("Sent: 0")).to_be_visible()

    welcome.after_quiet_hours()
    welcome.dispatch()
    expect(inbox.get_by_label(f"Sent: {arm_a - SUPPRESSED}")).to_be_visible()
    expect(inbox.get_by_label("Deferred: 0")).to_be_visible()

    welcome.clock.advance(days=2)
    welcome.tick()
    expect(node(page, "done").get_by_label("Exited: 40")).to_be_visible()
    expect(node(page, "wait").get_by_label("Waiting now: 0")).to_be_visible()
    expect(page.get_by_test_id("edge-count-wait-next")).to_have_text("40")

    assert navigations == []
    assert page.evaluate("window.__sameDocument") is True
    page.set_viewport_size({"width": 1920, "height": 1000})
    page.locator(".react-flow__controls-fitview").click()
    page.wait_for_timeout(400)
    page.screenshot(path=str(SCREENSHOTS / "live-canvas.png"))
