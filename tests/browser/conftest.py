"""A live server with the built frontend, Chromium driven by Playwright, and member data.

The server is the real app built by the factory against the migrated test database, served
by werkzeug on a free port in a thread. Chromium is Debian's, launched headless.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from werkzeug.serving import make_server

from app.extensions import db
from app.models import Category, Event, Member, MemberTag, Order, OrderItem, Product
from tests.conftest import PASSWORD

FRONTEND_DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Races between the page and the test show up sooner on a slowed-down browser:
# BROWSER_CPU_SLOWDOWN=4 runs the page's scripts four times slower.
CPU_SLOWDOWN = float(os.environ.get("BROWSER_CPU_SLOWDOWN", "1"))

expect.set_options(timeout=20_000)


@pytest.fixture
def app(app):
    """The test app, serving the built frontend bundle."""
    if not (FRONTEND_DIST / "index.html").is_file():
        pytest.fail(
            f"{FRONTEND_DIST / 'index.html'} is missing: run npm --prefix frontend run build",
            pytrace=False,
        )
    app.config["FRONTEND_DIST"] = str(FRONTEND_DIST)
    return app


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The app on http://127.0.0.1:<free port>, stopped after the test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A fresh browser tab on the live server; uncaught page errors fail the test."""
    context = browser.new_context(
        base_url=live_server,
        locale="en-US",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1440, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    if CPU_SLOWDOWN > 1:
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # Anything the Content-Security-Policy refused is a bug of the policy or of the page.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def admin(make_user):
    """A signed-up admin; sign in with ``admin.email`` and ``PASSWORD``."""
    return make_user("admin", email="ada@example.com")


@pytest.fixture
def sign_in(page: Page, admin):
    """Sign in through the login page and wait for the app layout."""

    def go(email: str = admin.email, password: str = PASSWORD) -> Page:
        page.goto("/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_test_id("user-menu")).to_be_visible()
        return page

    return go


@dataclass
class Shop:
    """The members, and one known order, the tests look for."""

    li: Member
    wang: Member
    order_external_id: str
    product_name: str


@pytest.fixture
def shop(app) -> Shop:
    """Three members, one with orders, items, tags and events; inserted through the models."""
    now = datetime.now(UTC).replace(microsecond=0)
    coffee = Category(key="coffee", name="Coffee")
    db.session.add(coffee)
    db.session.flush()
    beans = Product(
        sku="BEAN-1KG", name="House blend beans 1kg", category_id=coffee.id, price=Decimal("168.00")
    )
    cup = Product(sku="CUP-LATTE", name="Oat latte", category_id=coffee.id, price=Decimal("32.00"))
    db.session.add_all([beans, cup])

    li = Member(
        external_id="M-100234",
        name="Li Xiaoyun",
        email="li.xiaoyun@example.com",
        phone="13800138001",
        gender="female",
        city="Shanghai",
        tier="gold",
        points_balance=4820,
        registered_at=now - timedelta(days=400),
        consent_email=True,
        consent_sms=True,
        first_order_at=now - timedelta(days=300),
        last_order_at=now - timedelta(days=3),
        orders_count=2,
        total_spent=Decimal("1258.00"),
        rfm_r=5,
        rfm_f=4,
        rfm_m=4,
        rfm_segment="champions",
        rfm_updated_at=now,
        attributes={"favourite_drink": "oat latte"},
    )
    wang = Member(
        external_id="M-100235",
        name="Wang Wei",
        email="wang.wei@example.com",
        phone="13900139002",
        city="Beijing",
        tier="silver",
        points_balance=120,
        registered_at=now - timedelta(days=20),
    )
    zhao = Member(
        external_id="M-100236",
        name="Zhao Min",
        phone="13700137003",
        city="Hangzhou",
        tier="basic",
        registered_at=now - timedelta(days=2),
    )
    db.session.add_all([li, wang, zhao])
    db.session.flush()

    order = Order(
        external_id="SO-88231",
        member_id=li.id,
        amount=Decimal("336.00"),
        discount=Decimal("50.00"),
        paid_at=now - timedelta(days=3),
        channel="pos",
        store="Jing'an Temple",
        coupon_code="SPEND200GET50",
    )
    order.items = [
        OrderItem(
            product_id=beans.id, category_id=coffee.id, quantity=2, unit_price=Decimal("168.00")
        )
    ]
    older = Order(
        external_id="SO-70110",
        member_id=li.id,
        amount=Decimal("922.00"),
        paid_at=now - timedelta(days=300),
        channel="online",
    )
    older.items = [
        OrderItem(product_id=cup.id, category_id=coffee.id, quantity=1, unit_price=Decimal("32.00"))
    ]
    db.session.add_all([order, older])
    db.session.add_all(
        [
            MemberTag(member_id=li.id, tag="coffee_lover", source="manual"),
            Event(
                member_id=li.id,
                type="order_paid",
                occurred_at=now - timedelta(days=3),
                properties={"order": "SO-88231"},
            ),
            Event(
                member_id=li.id,
                type="cart_add",
                occurred_at=now - timedelta(days=4),
                properties={"sku": "BEAN-1KG"},
            ),
        ]
    )
    db.session.commit()
    return Shop(li=li, wang=wang, order_external_id="SO-88231", product_name=beans.name)
