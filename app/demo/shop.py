"""The demo shop: a few orders a minute, posted the way a real shop posts them.

Only for demo data (``DEMO_SHOP=1``, set by ``scripts/dev run``). Every minute some members
buy: a share of them are members a journey touched in the last days (a message makes a
purchase likelier, and a coupon in hand likelier still), and those holding a live coupon use
it, redeemed through
``app.coupons.redemption`` as the shop's checkout would. The orders go through
``app.ingestion.orders.store_orders``, so spend, points, goals and attribution follow as
for any order, and a freshly published journey shows attributed orders within minutes. A
member or so a minute also leaves a cart (``cart_abandoned``), and now and then a friend
registers with a member's invitation code, so journeys that enter on those events have
entrants too.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from apscheduler.schedulers.base import BaseScheduler
from flask import current_app
from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from app.coupons.redemption import CouponRefused, redeem_coupon
from app.coupons.terms import threshold
from app.demo.catalogue import PRODUCT_WEIGHTS, PRODUCTS, STORES
from app.engine.clock import current_clock
from app.extensions import db
from app.ingestion.events import store_events
from app.ingestion.members import store_members
from app.ingestion.orders import store_orders
from app.ingestion.schemas import EventIn, MemberIn, OrderIn
from app.models import Coupon, CouponTemplate, JourneyTouch, Member
from app.referrals.codes import invite_code

#: How far back a journey's touch still makes a member a likelier buyer.
TOUCHED_DAYS = 7
CENT = Decimal("0.01")


@dataclass
class ShopMinute:
    """What one minute of the shop posted."""

    orders: list[str] = field(default_factory=list)
    coupons_used: list[str] = field(default_factory=list)
    #: External ids of the members who left a cart.
    carts: list[str] = field(default_factory=list)
    #: External ids of the friends who registered with an invitation code.
    friends: list[str] = field(default_factory=list)


#: A prime above any member id: the modulus of the shop's shuffles.
_SHUFFLE_PRIME = 4_294_967_311


def _shuffled(rng: random.Random):
    """An order of members that looks random and follows from ``rng`` alone (the database's
    own ``random()`` would make a seeded shop pick different members on every run): ids
    mapped by ``(a * id + b) mod p``, a permutation for ids below the prime."""
    a = rng.randrange(1, _SHUFFLE_PRIME)
    b = rng.randrange(_SHUFFLE_PRIME)
    return (Member.id * a + b) % _SHUFFLE_PRIME


def _random_members(session: Session, rng: random.Random, count: int) -> list[tuple[int, str]]:
    if count <= 0:
        return []
    return list(
        session.execute(
            select(Member.id, Member.external_id).order_by(_shuffled(rng)).limit(count)
        ).all()
    )


def _live(now: datetime):
    """A coupon its member may use at ``now``."""
    return and_(
        Coupon.status.in_(("granted", "claimed")),
        Coupon.valid_from <= now,
        Coupon.valid_until > now,
    )


def _touched_members(
    session: Session, now: datetime, rng: random.Random, count: int, holding: bool = False
) -> list[tuple[int, str]]:
    """Members a journey touched in the last ``TOUCHED_DAYS`` days, at random; with
    ``holding``, only those who hold a live coupon."""
    if count <= 0:
        return []
    touched = (
        select(JourneyTouch.member_id)
        .where(JourneyTouch.at >= now - timedelta(days=TOUCHED_DAYS), JourneyTouch.at <= now)
        .distinct()
        .subquery()
    )
    stmt = select(Member.id, Member.external_id).join(touched, touched.c.member_id == Member.id)
    if holding:
        stmt = stmt.where(exists().where(Coupon.member_id == Member.id, _live(now)))
    return list(session.execute(stmt.order_by(_shuffled(rng)).limit(count)).all())


def _live_coupons(session: Session, member_ids: list[int], now: datetime) -> dict[int, tuple]:
    """One coupon each member holds and may use now: ``member_id -> (code, kind, terms,
    channels)``."""
    rows = session.execute(
        select(
            Coupon.member_id,
            Coupon.code,
            CouponTemplate.kind,
            CouponTemplate.terms,
            CouponTemplate.channels,
        )
        .join(CouponTemplate, CouponTemplate.id == Coupon.template_id)
        .where(Coupon.member_id.in_(member_ids), _live(now))
        .order_by(Coupon.valid_until)
    ).all()
    held: dict[int, tuple] = {}
    for member_id, code, kind, terms, channels in rows:
        held.setdefault(member_id, (code, kind, terms or {}, channels or []))
    return held


def _basket(rng: random.Random, at_least: Decimal = Decimal("0")) -> list[dict]:
    """One to three products (by the catalogue's popularity), topped up past ``at_least``."""
    items: dict[str, list] = {}

    def add() -> None:
        product = rng.choices(PRODUCTS, weights=PRODUCT_WEIGHTS)[0]
        entry = items.setdefault(product.sku, [product, 0])
        entry[1] += 1

    for _ in range(rng.choice((1, 1, 2, 3))):
        add()
    while _total(items) < at_least:
        add()
    return [
        {
            "sku": product.sku,
            "category": product.category,
            "quantity": quantity,
            "unit_price": Decimal(product.price_cents) / 100,
        }
        for product, quantity in items.values()
    ]


def _total(items: dict[str, list]) -> Decimal:
    return sum((Decimal(p.price_cents) / 100 * q for p, q in items.values()), Decimal("0"))


def shop_minute(session: Session, now: datetime, rng: random.Random, orders: int = 6) -> ShopMinute:
    """Post ``orders`` orders paid at ``now``: about half by members a journey touched
    lately, two thirds of those (while there are any) holding a live coupon, which they use
    when the coupon allows; the rest by any member. The caller commits."""
    want = (orders + 1) // 2
    touched = _touched_members(session, now, rng, 2 * want // 3, holding=True)
    touched += _touched_members(session, now, rng, want - len(touched))
    buyers = touched + _random_members(session, rng, orders - len(touched))
    held = _live_coupons(session, [m for m, _ in touched], now)
    result = ShopMinute()
    records = []
    for n, (member_id, external_id) in enumerate(buyers):
        order_id = f"SHOP-{now:%Y%m%d%H%M%S}-{n}-{rng.randrange(16**6):06x}"
        coupon = held.pop(member_id, None)
        channel = "online"
        if coupon and coupon[3] and "online" not in coupon[3]:
            channel = coupon[3][0]
        items = _basket(rng, threshold(coupon[1], coupon[2]) if coupon else Decimal("0"))
        amount = sum((i["unit_price"] * i["quantity"] for i in items), Decimal("0"))
        amount = amount.quantize(CENT)
        discount, code = Decimal("0"), None
        if coupon:
            try:
                redeemed = redeem_coupon(
                    session,
                    coupon[0],
                    order_id=order_id,
                    order_amount=amount,
                    channel=channel,
                    now=now,
                    member_external_id=external_id,
                )
            except CouponRefused:
                pass  # the till says no (e.g. another checkout just used it): pay in full
            else:
                discount, code = min(redeemed.discount, amount), redeemed.code
                result.coupons_used.append(code)
        # The body a shop would post to /api/orders, checked by the same schema.
        body = {
            "external_id": order_id,
            "member_external_id": external_id,
            "amount": str(amount),
            "discount": str(discount),
            "paid_at": now.isoformat(),
            "status": "paid",
            "channel": channel,
            "store": rng.choice(STORES) if channel == "pos" else None,
            "coupon_code": code,
            "items": [i | {"unit_price": str(i["unit_price"])} for i in items],
        }
        records.append(OrderIn.model_validate(body))
        result.orders.append(order_id)
    if records:
        store_orders(records)
    return result


def abandon_carts(session: Session, now: datetime, rng: random.Random, count: int = 1) -> list[str]:
    """``count`` random members leave a cart worth at least 50 at ``now``: a
    ``cart_abandoned`` event each, posted through ingestion as the shop's site would, so
    journeys entering on it (``abandoned-cart``) see new entrants. The caller commits."""
    members = _random_members(session, rng, count)
    records = []
    for member_id, external_id in members:
        items = _basket(rng, Decimal("50"))
        amount = sum((i["unit_price"] * i["quantity"] for i in items), Decimal("0"))
        records.append(
            EventIn.model_validate(
                {
                    "external_id": f"CART-{now:%Y%m%d%H%M%S}-{member_id}-{rng.randrange(16**6):06x}",
                    "member_external_id": external_id,
                    "type": "cart_abandoned",
                    "occurred_at": now.isoformat(),
                    "properties": {"sku": items[0]["sku"], "amount": float(amount.quantize(CENT))},
                }
            )
        )
    if records:
        store_events(records)
    return [external_id for _, external_id in members]


def register_friends(
    session: Session, now: datetime, rng: random.Random, count: int = 1
) -> list[str]:
    """``count`` new members register at ``now`` with the invitation code of a random
    member, posted through member ingestion as the shop's sign-up page would, so the
    referral programme links them and journeys entering on ``referral_registered``
    (``invite-a-friend``) see new entrants. The caller commits."""
    inviters = _random_members(session, rng, count)
    records = [
        MemberIn.model_validate(
            {
                "external_id": f"FRIEND-{now:%Y%m%d%H%M%S}-{rng.randrange(16**6):06x}",
                "name": f"Friend of {external_id}",
                "registered_at": now.isoformat(),
                "registration_channel": "app",
                "registration_campaign": "invite-a-friend",
                "referral_code": invite_code(member_id),
                "consent": {"push": True},
            }
        )
        for member_id, external_id in inviters
    ]
    if records:
        store_members(records)
    return [r.external_id for r in records]


def shop_job() -> ShopMinute:
    """One minute of the demo shop, committed; needs an app context."""
    orders = current_app.config.get("DEMO_SHOP_ORDERS", 6)
    now, rng = current_clock().now(), random.Random()
    result = shop_minute(db.session, now, rng, orders)
    result.carts = abandon_carts(db.session, now, rng, current_app.config.get("DEMO_SHOP_CARTS", 1))
    if rng.random() < current_app.config.get("DEMO_SHOP_FRIENDS", 0.2):
        result.friends = register_friends(db.session, now, rng)
    db.session.commit()
    return result


def register_jobs(scheduler: BaseScheduler, run: Callable[[Callable], Callable] | None = None):
    """Run the demo shop every minute, when ``DEMO_SHOP=1`` (demo data only)."""
    if not current_app.config.get("DEMO_SHOP"):
        return
    job = run(shop_job) if run else shop_job
    scheduler.add_job(job, "interval", minutes=1, id="demo.shop", replace_existing=True)
