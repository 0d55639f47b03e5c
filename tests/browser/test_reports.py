"""The journey report in Chromium shows the API's own figures, follows the period and window
pickers, downloads the same report as CSV, and says plainly what is missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.dialogs import choose
from tests.browser.figures import fixed, money, number, points, rate, relative
from tests.browser.report_data import build_report_journey
from tests.engine.factories import document, node, publish

pytestmark = pytest.mark.browser


def report_of(page: Page, key: str, **params) -> dict:
    response = page.request.get(f"/api/journeys/{key}/report", params=params)
    assert response.ok, response.text()
    return response.json()


def open_report(page: Page, key: str, query: str = "") -> None:
    page.goto(f"/reports/{key}{query}")
    expect(page.get_by_test_id("journey-report")).to_have_attribute("aria-busy", "false")


def card_value(page: Page, figure: str):
    return page.get_by_test_id(f"metric-{figure}").locator(".ant-statistic-content")


@pytest.fixture
def spring(app) -> str:
    return build_report_journey()


def test_the_report_shows_the_api_figures(sign_in, spring):
    page = sign_in()
    open_report(page, spring)
    report = report_of(page, spring)
    member = report["member"]
    assert member["paid_orders"] > 20 and report["coupons"]["used"] > 0
    assert report["holdout"] and report["holdout"][0]["conversion_lift"]

    expect(page.get_by_role("heading", name="Spring welcome offer")).to_be_visible()
    expect(page.get_by_test_id("no-orders")).to_have_count(0)
    for figure in ("ordering_members", "paying_members", "paid_orders", "first_order_members"):
        expect(card_value(page, figure)).to_have_text(number(member[figure]))
    expect(card_value(page, "repurchase_members")).to_have_text(
        number(member["repurchase_members"])
    )
    for figure in ("paid_amount", "coupon_discount"):
        expect(card_value(page, figure)).to_have_text(money(member[figure]))
    expect(page.get_by_test_id("metric-first_order_members")).to_contain_text(
        f"{money(member['first_order_amount'])} paid"
    )
    expect(page.get_by_test_id("metric-repurchase_members")).to_contain_text(
        f"{money(member['repurchase_amount'])} paid"
    )
    expect(card_value(page, "return_on_spend")).to_have_text(
        f"{fixed(report['channels']['return_on_spend'], 2)}×"
    )

    # The funnel: one row per node, most reached first, each with its credited orders.
    rows = page.get_by_test_id("node-funnel").locator(".ant-table-tbody .ant-table-row")
    expect(rows).to_have_count(len(report["nodes"]))
    reached = sorted(report["nodes"], key=lambda n: -n["reached"])
    expect(rows.first).to_contain_text("New members")
    for n in report["nodes"]:
        row = rows.filter(has_text=n["label"])
        expect(row.locator("td").nth(1)).to_contain_text(number(n["reached"]))
        expect(row.locator("td").nth(6)).to_have_text(number(n["paid_orders"]))
        expect(row.locator("td").nth(7)).to_have_text(money(n["paid_amount"]))
    assert reached[0]["reached"] == 400

    # Arms and the holdout, with the lift and its interval.
    arms = page.get_by_test_id("arms").locator(".ant-table-tbody .ant-table-row")
    expect(arms).to_have_count(len(report["arms"]))
    for arm in report["arms"]:
        row = arms.filter(has=page.get_by_role("cell", name=arm["branch"].capitalize(), exact=True))
        expect(row.locator("td").nth(1)).to_have_text(number(arm["members"]))
        expect(row.locator("td").nth(3)).to_have_text(rate(arm["conversion_rate"]))
        expect(row.locator("td").nth(5)).to_have_text(money(arm["paid_amount"]))
    holdout = report["holdout"][0]
    box = page.get_by_test_id("holdout-split")
    conversion = box.locator("tr", has_text="Conversion")
    expect(conversion.locator("td").nth(1)).to_have_text(
        rate(holdout["treatment"]["conversion_rate"])
    )
    expect(conversion.locator("td").nth(2)).to_have_text(
        rate(holdout["holdout"]["conversion_rate"])
    )
    lift = holdout["conversion_lift"]
    shown = box.get_by_test_id("lift-Conversion")
    expect(shown.get_by_test_id("lift-absolute")).to_have_text(points(lift["absolute"]))
    low, high = lift["absolute_ci95"]
    expect(shown.get_by_test_id("lift-absolute-ci")).to_have_text(
        f"95% CI {points(low)} to {points(high)}"
    )
    expect(shown.get_by_test_id("lift-relative")).to_have_text(relative(lift["relative"]))

    # Coupons by member type, and channels.
    coupons = page.get_by_test_id("coupon-table").locator(".ant-table-tbody .ant-table-row")
    labels = {"no_first_order": "No first order", "first_order": "First order"}
    labels["repurchase"] = "Repurchase"
    for kind, label in [("all", "All members"), *labels.items()]:
        figures = report["coupons"] if kind == "all" else report["coupons"]["by_member_type"][kind]
        row = coupons.filter(has=page.get_by_text(label, exact=True))
        expect(row.locator("td").nth(1)).to_have_text(number(figures["issued"]))
        expect(row.locator("td").nth(3)).to_have_text(number(figures["used"]))
        expect(row.locator("td").nth(4)).to_have_text(rate(figures["usage_rate"]))
        expect(row.locator("td").nth(6)).to_have_text(money(figures["paid_with_coupon"]))
    inapp = report["channels"]["by_channel"]["inapp"]
    channel = page.get_by_test_id("channel-table").locator("tr", has_text="In-app inbox")
    expect(channel.locator("td").nth(1)).to_have_text(number(inapp["queued"]))
    expect(channel.locator("td").nth(2)).to_have_text(number(inapp["sent"]))
    expect(page.get_by_test_id("daily-charts").locator(".recharts-wrapper")).to_have_count(2)


def test_the_window_and_period_change_the_figures_and_the_csv_matches(sign_in, spring):
    page = sign_in()
    open_report(page, spring)
    choose(page, page, "Attribution window", "1-day window")
    expect(page).to_have_url(re.compile(r"/reports/spring-welcome\?window_days=1$"))
    expect(page.get_by_test_id("journey-report")).to_have_attribute("aria-busy", "false")
    narrow = report_of(page, spring, window_days=1)
    assert narrow["journey"]["window_days"] == 1
    expect(card_value(page, "paid_orders")).to_have_text(number(narrow["member"]["paid_orders"]))
    expect(card_value(page, "paid_amount")).to_have_text(money(narrow["member"]["paid_amount"]))

    start = page.get_by_placeholder("Journey start")
    start.click()
    start.fill("2026-03-05")
    start.press("Enter")
    end = page.get_by_placeholder("Today")
    end.fill("2026-03-06")
    end.press("Enter")
    expect(page).to_have_url(re.compile(r"from=2026-03-05&to=2026-03-06&window_days=1$"))
    expect(page.get_by_test_id("journey-report")).to_have_attribute("aria-busy", "false")
    period = report_of(page, spring, window_days=1, **{"from": "2026-03-05", "to": "2026-03-06"})
    assert period["member"]["paid_orders"] < narrow["member"]["paid_orders"]
    expect(card_value(page, "paid_orders")).to_have_text(number(period["member"]["paid_orders"]))
    expect(page.get_by_test_id("daily-charts").locator(".recharts-wrapper")).to_have_count(2)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename == "spring-welcome-report.csv"
    csv = Path(download.value.path()).read_bytes().decode()
    url = "/api/journeys/spring-welcome/report?from=2026-03-05&to=2026-03-06&window_days=1"
    assert csv == page.request.get(url + "&format=csv").text()
    assert f"member,,paid_orders,{period['member']['paid_orders']}" in csv


def test_the_report_opens_from_the_journeys_list_and_the_editor(sign_in, spring):
    page = sign_in()
    page.goto("/journeys")
    page.get_by_role("link", name="Report of Spring welcome offer").click()
    expect(page).to_have_url(re.compile(r"/reports/spring-welcome$"))
    expect(card_value(page, "paid_orders")).not_to_have_text("0")

    page.get_by_role("button", name="Open in editor").click()
    expect(page).to_have_url(re.compile(r"/journeys/spring-welcome$"))
    page.locator(".editor-title").get_by_role("button", name="Report").click()
    expect(page).to_have_url(re.compile(r"/reports/spring-welcome$"))
    expect(page.get_by_test_id("member-cards")).to_be_visible()

    page.get_by_role("button", name="Live view").click()
    expect(page).to_have_url(re.compile(r"/journeys/spring-welcome/live$"))
    # The report page stays on screen until the live page's code has loaded; its "All reports"
    # button would match a loose "Report", so wait for the live page and match the word's end.
    expect(page.get_by_role("heading", name="Spring welcome offer — live")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"\bReport$")).click()
    expect(page).to_have_url(re.compile(r"/reports/spring-welcome$"))

    page.get_by_role("button", name="All reports").click()
    expect(page).to_have_url(re.compile(r"/reports$"))
    expect(page.get_by_role("heading", name=re.compile("^Reports"))).to_be_visible()
    page.get_by_role("row", name=re.compile("Spring welcome offer")).click()
    expect(page).to_have_url(re.compile(r"/reports/spring-welcome$"))


def test_a_journey_without_orders_or_holdout_says_so(sign_in, app):
    publish(
        document(
            "quiet",
            [node("start", "entry.api"), node("done", "exit")],
            [("start", "done")],
            attribution_window_days=7,
        )
    )
    page = sign_in()
    open_report(page, "quiet")
    expect(page.get_by_test_id("no-orders")).to_contain_text(
        "No attributed orders yet in the 7-day window"
    )
    expect(card_value(page, "paid_orders")).to_have_text("0")
    expect(page.get_by_text("This journey has no holdout", exact=True)).to_be_visible()
    expect(
        page.get_by_text("This journey has no split, so it has no arms to compare")
    ).to_be_visible()
    expect(page.get_by_text("This journey granted no coupons in this period")).to_be_visible()
    expect(page.get_by_text("This journey sent no messages in this period")).to_be_visible()
    expect(page.get_by_text("Nothing happened in this period yet")).to_be_visible()

    choose(page, page, "Attribution window", "30-day window")
    expect(page.get_by_test_id("no-orders")).to_contain_text(
        "No attributed orders yet in the 30-day window"
    )


def test_an_unknown_journey_gets_the_servers_message(sign_in):
    page = sign_in()
    page.goto("/reports/nope")
    expect(page.get_by_role("alert")).to_contain_text("No journey with the key 'nope'.")
