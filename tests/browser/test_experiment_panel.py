"""The experiment panel in Chromium shows the API's own figures: on the journey report and
in the editor's side panel when the experiment node of a published journey is selected."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from app.engine.clock import VirtualClock
from tests.browser.experiment_data import DECIDES, build_experiment_journey
from tests.browser.report_data import build_report_journey
from tests.browser.test_reports import money, open_report, points, rate, relative, report_of
from tests.demo.coupon_vs_points import KEY, run_coupon_vs_points
from tests.engine.population import run

pytestmark = pytest.mark.browser

MINUS = "\u2212"


# The panel's formatting (frontend/src/reports/experiments.ts).
def estimate(panel: dict, value: float | None) -> str:
    if value is None:
        return "—"
    return rate(value) if panel["kind"] == "rate" else money(value)


def difference(panel: dict, value: float) -> str:
    if panel["kind"] == "rate":
        return points(value)
    text = money(abs(value))
    return text if text == "¥0.00" else ("+" if value > 0 else MINUS) + text


def interval(ci: list, write) -> str:
    return "—" if None in ci else f"{write(ci[0])} to {write(ci[1])}"


def p_value(p: float | None) -> str:
    return "—" if p is None else "< 0.001" if p < 0.001 else f"{p:.3f}"


def count(panel: dict, arm: dict) -> str:
    return f"{arm['conversions']:,}" if panel["kind"] == "rate" else money(arm["total"])


def field(row: Locator, name: str) -> Locator:
    return row.locator(f'[data-field="{name}"]')


def check_panel(box: Locator, panel: dict) -> None:
    """Every figure of ``panel`` (the API's) as the panel in ``box`` writes it."""
    expect(box.get_by_test_id("experiment-reason")).to_contain_text(panel["reason"])
    expect(box.get_by_test_id("experiment-progress")).to_have_attribute(
        "data-percent", str(round(panel["progress"] * 100))
    )
    arms = list(panel["arms"])
    control = panel["arms"][arms[0]]["estimate"]
    comparisons = {c["variant"]: c for c in panel["comparisons"]}
    for key, arm in panel["arms"].items():
        row = box.locator(f'[data-arm="{key}"]')
        expect(field(row, "members")).to_have_text(f"{arm['members']:,}")
        expect(field(row, "count")).to_have_text(count(panel, arm))
        write = lambda v: estimate(panel, v)  # noqa: E731
        expect(field(row, "estimate")).to_have_text(estimate(panel, arm["estimate"]))
        expect(field(row, "estimate-ci")).to_have_text(interval(arm["ci95"], write))
        if key not in comparisons:
            expect(field(row, "lift")).to_have_count(0)
            continue
        c = comparisons[key]
        diff = lambda v: difference(panel, v)  # noqa: E731
        lift = diff(c["difference"])
        if control:
            lift += f" ({relative(c['difference'] / control)})"
        expect(field(row, "lift")).to_have_text(lift)
        expect(field(row, "lift-ci")).to_have_text(interval(c["ci95"], diff))
        expect(field(row, "p")).to_have_text(p_value(c["p_value"]))
        if len(comparisons) > 1:  # Holm-adjusted p-values show only then
            expect(field(row, "p-adjusted")).to_have_text(p_value(c["p_adjusted"]))
        else:
            expect(field(row, "p-adjusted")).to_have_count(0)


@pytest.fixture
def experiment(app) -> str:
    return build_experiment_journey(app.test_client())


def test_the_report_shows_the_decided_experiment_as_the_api_has_it(sign_in, experiment):
    page = sign_in()
    open_report(page, experiment)
    [panel] = report_of(page, experiment)["experiments"]
    assert (panel["status"], panel["significant"], panel["winner"]) == ("decided", True, "b")
    assert len(panel["comparisons"]) == 2  # so the Holm-adjusted p-values show

    box = page.get_by_test_id("experiment-exp")
    expect(box).to_have_attribute("data-state", "decided")
    expect(box.get_by_test_id("experiment-status")).to_have_text("Decided")
    expect(box.get_by_test_id("experiment-winner")).to_have_text("Winner: b")
    expect(box.locator("th", has_text="Holm p")).to_be_visible()
    check_panel(box, panel)


def test_the_editor_shows_the_panel_for_the_selected_experiment_node(sign_in, experiment):
    page = sign_in()
    [panel] = report_of(page, experiment)["experiments"]
    page.goto(f"/journeys/{experiment}")
    page.locator('.react-flow__node[data-id="exp"]').click()
    side = page.get_by_test_id("side-experiment")
    expect(side).to_have_attribute("aria-busy", "false")
    box = side.get_by_test_id("experiment-exp")
    expect(box.get_by_test_id("experiment-status")).to_have_text("Decided")
    check_panel(box, panel)

    # Another node shows no experiment.
    page.locator('.react-flow__node[data-id="send_a"]').click()
    expect(page.get_by_test_id("config-panel")).to_contain_text("send_a")
    expect(side).to_have_count(0)


@pytest.fixture
def testing(app) -> str:
    return build_experiment_journey(app.test_client(), decide=False)


def test_the_report_follows_the_experiment_live_until_it_decides(sign_in, testing):
    page = sign_in()
    open_report(page, testing)
    [panel] = report_of(page, testing)["experiments"]
    assert panel["status"] == "testing"
    box = page.get_by_test_id("experiment-exp")
    expect(box.get_by_test_id("experiment-status")).to_have_text("Testing")
    check_panel(box, panel)

    # The horizon passes: the engine decides and the members held at the node move on;
    # the live counters say so and the panel reads the report again, without a reload.
    run(VirtualClock(DECIDES))
    expect(box.get_by_test_id("experiment-status")).to_have_text("Decided")
    expect(page.get_by_test_id("journey-report")).to_have_attribute("aria-busy", "false")
    [panel] = report_of(page, testing)["experiments"]
    assert (panel["status"], panel["winner"]) == ("decided", "b")
    check_panel(box, panel)


def test_the_side_panel_follows_the_experiment_live_until_it_decides(sign_in, testing):
    page = sign_in()
    page.goto(f"/journeys/{testing}")
    page.locator('.react-flow__node[data-id="exp"]').click()
    side = page.get_by_test_id("side-experiment")
    expect(side.get_by_test_id("experiment-status")).to_have_text("Testing")

    run(VirtualClock(DECIDES))
    expect(side.get_by_test_id("experiment-status")).to_have_text("Decided")
    expect(side).to_have_attribute("aria-busy", "false")
    [panel] = report_of(page, testing)["experiments"]
    check_panel(side.get_by_test_id("experiment-exp"), panel)


def test_the_live_page_shows_the_experiment_and_follows_it(sign_in, testing):
    page = sign_in()
    page.goto(f"/journeys/{testing}/live")
    card = page.get_by_test_id("live-card")
    expect(card.get_by_text("Connected", exact=True)).to_be_visible()
    results = card.get_by_test_id("side-experiment")
    expect(results.get_by_test_id("experiment-status")).to_have_text("Testing")

    run(VirtualClock(DECIDES))
    expect(results.get_by_test_id("experiment-status")).to_have_text("Decided")
    expect(results).to_have_attribute("aria-busy", "false")
    [panel] = report_of(page, testing)["experiments"]
    check_panel(results.get_by_test_id("experiment-exp"), panel)


def test_a_journey_without_experiments_says_so(sign_in, app):
    key = build_report_journey(members=60, days=2)
    page = sign_in()
    open_report(page, key)
    card = page.get_by_test_id("experiments-card")
    expect(card).to_contain_text("This journey has no experiment")
    assert report_of(page, key)["experiments"] == []


def test_experiment_panel_screenshot(page: Page, sign_in, experiment):
    out = Path(os.environ.get("SCREENSHOT_DIR") or tempfile.mkdtemp())
    sign_in()
    open_report(page, experiment)
    box = page.get_by_test_id("experiment-exp")
    expect(box.get_by_test_id("experiment-status")).to_have_text("Decided")
    expect(box.locator('[data-arm="c"]')).to_be_visible()
    page.get_by_test_id("experiments-card").screenshot(path=out / "experiment-panel.png")


def test_the_shipped_example_on_the_demo_shows_its_decision(page: Page, sign_in, app, admin_client):
    """``coupon-vs-points`` published on the demo, with the demo shop's orders for 48 hours:
    the panel shows the decision the API holds (checked against statsmodels in
    tests/demo/test_coupon_vs_points.py)."""
    run_coupon_vs_points(app, admin_client)
    sign_in()
    open_report(page, KEY)
    [panel] = report_of(page, KEY)["experiments"]
    assert (panel["status"], panel["winner"]) == ("decided", "coupon")
    box = page.get_by_test_id("experiment-experiment")
    expect(box.get_by_test_id("experiment-status")).to_have_text("Decided")
    expect(box.get_by_test_id("experiment-winner")).to_have_text("Winner: Coupon")
    check_panel(box, panel)
    out = Path(os.environ.get("SCREENSHOT_DIR") or tempfile.mkdtemp())
    page.get_by_test_id("experiments-card").screenshot(path=out / "experiment-coupon-vs-points.png")
