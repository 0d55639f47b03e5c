"""The global control group in Chromium: an admin sets it in Settings after a confirmation,
others read it, and the Reports page's Program section shows the API's own figures of all
journeys against it, follows its period picker, and says plainly what is missing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.dialogs import opened_dialog
from tests.browser.figures import money, number, points, rate, relative, signed_money
from tests.browser.program_data import run_program

pytestmark = pytest.mark.browser

NO_GROUP = "No control group: set one in Settings to measure what the program adds"
NOBODY = "No member entered a journey in this period"


def program_of(page: Page, **params) -> dict:
    response = page.request.get("/api/reports/program", params=params)
    assert response.ok, response.text()
    return response.json()


def open_program(page: Page, query: str = ""):
    page.goto(f"/reports{query}")
    section = page.get_by_test_id("program-report")
    expect(section).to_have_attribute("aria-busy", "false")
    return section


def set_share(page: Page, percent: str):
    card = page.get_by_test_id("control-group-card")
    card.get_by_label("Control group share").fill(percent)
    card.get_by_role("button", name="Change").click()
    return card


def check_figures(page: Page, section, report: dict) -> None:
    sides = section.get_by_test_id("program-sides")
    treatment, control = report["treatment"], report["control"]
    for figure, label, fmt in [
        ("members", "Members", number),
        ("paying_members", "Paying members", number),
        ("conversion_rate", "Conversion", rate),
        ("paid_amount", "Paid amount", money),
        ("paid_per_member", "Paid per member", money),
    ]:
        row = sides.locator("tr", has=page.get_by_role("cell", name=label, exact=True))
        expect(row.locator("td").nth(1)).to_have_text(fmt(treatment[figure]))
        expect(row.locator("td").nth(2)).to_have_text(fmt(control[figure]))

    incremental = report["incremental_paid_amount"]
    expect(section.get_by_test_id("program-incremental-amount")).to_have_text(
        signed_money(incremental["amount"])
    )
    low, high = incremental["ci95"]
    expect(section.get_by_test_id("program-incremental-ci")).to_have_text(
        f"95% CI {signed_money(low)} to {signed_money(high)}"
    )
    lift = report["conversion_lift"]
    shown = section.get_by_test_id("lift-Conversion")
    expect(shown.get_by_test_id("lift-absolute")).to_have_text(points(lift["absolute"]))
    low, high = lift["absolute_ci95"]
    expect(shown.get_by_test_id("lift-absolute-ci")).to_have_text(
        f"95% CI {points(low)} to {points(high)}"
    )
    expect(shown.get_by_test_id("lift-relative")).to_have_text(relative(lift["relative"]))


def test_admin_sets_the_control_group_and_the_program_report_shows_the_api_figures(
    sign_in, admin, client, token_headers
):
    page = sign_in()
    section = open_program(page)
    expect(section).to_contain_text(NO_GROUP)
    expect(section.get_by_test_id("program-footnote")).to_have_count(0)
    section.get_by_role("link", name="Open Settings").click()
    expect(page).to_have_url(re.compile(r"/settings$"))

    card = page.get_by_test_id("control-group-card")
    expect(card.get_by_test_id("control-group-share")).to_have_text("Off")
    set_share(page, "60")
    expect(card).to_contain_text("Give a share from 0 to 50% (0 switches it off).")

    set_share(page, "20")
    dialog = opened_dialog(page)
    expect(dialog).to_contain_text("Hold out 20% of members?")
    expect(dialog).to_contain_text("held out of every journey from now on")
    dialog.get_by_role("button", name="Hold out 20%").click()
    expect(card.get_by_test_id("control-group-share")).to_have_text("20%")
    expect(card.locator(".ant-form-item-explain-error")).to_have_count(0)
    assert page.request.get("/api/program/control-group").json() == {"percent": 20.0}

    section = open_program(page)
    expect(section).to_contain_text(NOBODY)

    run_program(client, token_headers("orders:write"))
    section = open_program(page)
    report = program_of(page)
    assert report["control"]["members"] > 40 and report["treatment"]["members"] > 300
    check_figures(page, section, report)
    expect(section.get_by_test_id("program-footnote")).to_contain_text(
        "Control group: 20% of members, held out of every journey. "
    )
    expect(section.get_by_test_id("program-footnote")).to_contain_text(
        f"{number(report['credited_orders'])} orders were credited"
    )

    # The period picker: a period with the journey's entries, then one without.
    start = section.get_by_placeholder("First entry")
    start.click()
    start.fill("2026-03-01")
    start.press("Enter")
    end = section.get_by_placeholder("Today")
    end.fill("2026-03-05")
    end.press("Enter")
    expect(page).to_have_url(re.compile(r"/reports\?from=2026-03-01&to=2026-03-05$"))
    expect(section).to_have_attribute("aria-busy", "false")
    period = program_of(page, **{"from": "2026-03-01", "to": "2026-03-05"})
    assert period["treatment"]["paid_amount"] < report["treatment"]["paid_amount"]
    check_figures(page, section, period)

    section = open_program(page, "?from=2026-04-01&to=2026-04-30")
    expect(section).to_contain_text(NOBODY)
    assert program_of(page, **{"from": "2026-04-01", "to": "2026-04-30"})["treatment"] is None


def test_others_read_the_control_group_without_changing_it(sign_in, make_user, admin_client):
    admin_client.put("/api/program/control-group", json={"percent": 5})
    viewer = make_user("viewer", email="vic@example.com")
    page = sign_in(viewer.email)
    page.goto("/settings")
    card = page.get_by_test_id("control-group-card")
    expect(card.get_by_test_id("control-group-share")).to_have_text("5%")
    expect(card.get_by_test_id("control-group-read-only")).to_be_visible()
    expect(card.get_by_label("Control group share")).to_have_count(0)
    expect(card.get_by_role("button", name="Change")).to_have_count(0)
