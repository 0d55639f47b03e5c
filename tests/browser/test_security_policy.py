"""The built frontend runs under the Content-Security-Policy the server sends: every page,
the canvas and the live view's websocket, with no violation reported by Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.live.conftest import running  # noqa: F401  (a published journey, members inside)

pytestmark = pytest.mark.browser

PAGES = [
    "/journeys",
    "/journeys/live-basics",
    "/audiences",
    "/audiences/new",
    "/rfm",
    "/members",
    "/coupons",
    "/templates",
    "/reports",
    "/settings",
]

#: Collects violations in the page itself, besides the console messages the fixture watches.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.mark.usefixtures("running")
def test_every_page_runs_under_the_content_security_policy(page, sign_in, live_server):
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto("/login")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    sign_in()
    for path in PAGES:
        page.goto(path)
        expect(page.get_by_test_id("user-menu")).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__cspViolations") == [], path

    page.goto("/journeys/live-basics/live")
    card = page.get_by_test_id("live-card")
    expect(card.get_by_text("Connected", exact=True)).to_be_visible()
    expect(card.locator('[data-node="wait"]').get_by_label("Waiting now: 120")).to_be_visible()
    assert page.evaluate("window.__cspViolations") == []
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / "live-under-csp.png"), full_page=True)
