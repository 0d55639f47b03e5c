"""``flask demo seed``: deterministic, consistent, holding every worked case, idempotent."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.demo.seed import reset, seed
from app.extensions import db
from app.models import Event, Member, MemberTag, Order, OrderItem, Product
from app.models.base import utcnow

SHANGHAI = ZoneInfo("Asia/Shanghai")


def snapshot() -> dict:
    """The first members and the table counts, read in a fresh transaction."""
    db.session.rollback()
    first = db.session.execute(
        select(Member.external_id, Member.name, Member.email, Member.phone, Member.tier)
        .order_by(Member.id)
        .limit(20)
    ).all()
    counts = {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Member, Order, OrderItem, Event, MemberTag, Product)
    }
    db.session.rollback()
    return {"first": [tuple(r) for r in first], "counts": counts}


@pytest.fixture(scope="module")
def now():
    return utcnow()


@pytest.fixture
def seeded(app, now):
    seed(db.engine, 600, 42, now)
    return now


def test_same_seed_gives_the_same_population(app, now):
    seed(db.engine, 300, 7, now)
    first = snapshot()
    reset(db.engine)
    seed(db.engine, 300, 7, now)
    assert snapshot() == first
    assert first["counts"]["members"] == 300
    reset(db.engine)
    seed(db.engine, 300, 8, now)
    assert snapshot()["first"] != first["first"]


def test_member_facts_equal_what_their_orders_give(seeded):
    facts = (
        select(
            Order.member_id,
            func.count().label("n"),
            func.sum(Order.net_amount).label("spent"),
            func.min(Order.paid_at).label("first"),
            func.max(Order.paid_at).label("last"),
        )
        .group_by(Order.member_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Member, facts.c.n, facts.c.spent, facts.c.first, facts.c.last).outerjoin(
            facts, facts.c.member_id == Member.id
        )
    ).all()
    assert len(rows) == 600
    for member, n, spent, first, last in rows:
        assert member.orders_count == (n or 0)
        assert member.total_spent == (spent or 0)
        assert member.first_order_at == first
        assert member.last_order_at == last
        if first is not None:
            assert member.registered_at <= first
    ranked = db.session.execute(
        select(Order.member_id, Order.id, Order.paid_at).order_by(
            Order.member_id, Order.paid_at, Order.id
        )
    ).all()
    by_member: dict[int, list[tuple]] = {}
    for member_id, order_id, paid_at in ranked:
        by_member.setdefault(member_id, []).append((order_id, paid_at))
    for member, *_ in rows:
        mine = by_member.get(member.id, []) + [(None, None), (None, None)]
        assert (member.first_order_id, member.second_order_id) == (mine[0][0], mine[1][0])
        assert member.second_order_at == mine[1][1]


def test_order_amount_is_items_and_net_amount_what_was_paid(seeded):
    items = (
        select(OrderItem.order_id, func.sum(OrderItem.quantity * OrderItem.unit_price).label("v"))
        .group_by(OrderItem.order_id)
        .subquery()
    )
    wrong = db.session.scalar(
        select(func.count())
        .select_from(Order)
        .join(items, items.c.order_id == Order.id)
        .where(
            (func.abs(items.c.v - Order.amount) > 0.001)
            | (func.abs(Order.amount - Order.discount - Order.net_amount) > 0.001)
            | (Order.status != "paid")
        )
    )
    assert wrong == 0
    paid = select(func.count()).select_from(Order).where(Order.net_amount > 0)
    assert db.session.scalar(paid) == db.session.scalar(select(func.count()).select_from(Order))


@pytest.mark.parametrize("days", [1, 30])
def test_members_registered_1_and_30_days_ago_without_a_first_order(seeded, days):
    day = (seeded.astimezone(SHANGHAI) - timedelta(days=days)).date()
    members = db.session.scalars(select(Member).where(Member.orders_count == 0)).all()
    cohort = [m for m in members if m.registered_at.astimezone(SHANGHAI).date() == day]
    assert sum(m.timezone == "Asia/Shanghai" for m in cohort) >= 5
    assert all(m.first_order_at is None for m in cohort)


def test_birthdays_this_week(seeded):
    today = seeded.astimezone(SHANGHAI).date()
    week = {
        (today + timedelta(days=k)).month * 100 + (today + timedelta(days=k)).day for k in range(7)
    }
    members = db.session.scalars(select(Member)).all()
    assert all(m.birthday_mmdd == m.birthday.month * 100 + m.birthday.day for m in members)
    assert sum(m.birthday_mmdd in week for m in members) >= 14


def test_cart_abandoners_have_no_later_order(seeded):
    carts = db.session.execute(
        select(Event.member_id, Event.occurred_at).where(Event.type == "cart_abandoned")
    ).all()
    assert len(carts) >= 10
    for member_id, at in carts:
        assert at <= seeded
        later = select(Order.id).where(Order.member_id == member_id, Order.paid_at > at)
        assert db.session.scalar(later.limit(1)) is None


@pytest.mark.parametrize("sku_prefix", ["IF-", "CB-"])
def test_consumables_are_rebought_at_their_replenish_interval(seeded, sku_prefix):
    rows = db.session.execute(
        select(Order.member_id, Product.sku, Product.replenish_days, Order.paid_at)
        .join(OrderItem, OrderItem.order_id == Order.id)
        .join(Product, Product.id == OrderItem.product_id)
        .where(Product.sku.startswith(sku_prefix))
        .order_by(Order.member_id, Product.sku, Order.paid_at)
    ).all()
    purchases: dict[tuple[int, str], list] = {}
    for member_id, sku, replenish_days, paid_at in rows:
        purchases.setdefault((member_id, sku, replenish_days), []).append(paid_at)
    regular = 0
    for (_, _, replenish_days), times in purchases.items():
        gaps = [(b - a).days for a, b in zip(times, times[1:], strict=False)]
        if len(times) >= 4 and sum(abs(g - replenish_days) <= 2 for g in gaps) >= len(gaps) - 1:
            regular += 1
    assert regular >= 5


def test_events_tags_and_consent_are_there(seeded):
    types = dict(db.session.execute(select(Event.type, func.count()).group_by(Event.type)).all())
    assert types["registered"] == 600
    assert types["login"] > 600 and types["page_view"] > 600
    tags = set(db.session.scalars(select(MemberTag.tag).distinct()))
    assert {"vip", "new_parent", "coffee_lover", "wechat_follower"} <= tags
    zones = set(db.session.scalars(select(Member.timezone).distinct()))
    assert "Asia/Shanghai" in zones and len(zones) > 1
    assert db.session.scalar(select(func.count()).where(Member.consent_sms.is_(True))) > 300
    latest = db.session.scalar(select(func.max(Member.unsubscribed_sms_at)))
    assert latest is not None and latest <= seeded


def test_cli_seeds_once_and_reports_what_it_did(runner):
    result = runner.invoke(args=["demo", "seed", "--members", "200", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "Seeded 200 members" in result.output
    before = snapshot()
    again = runner.invoke(args=["demo", "seed", "--members", "200", "--seed", "3"])
    assert again.exit_code == 0
    assert "already seeded (200 members)" in again.output
    assert snapshot() == before
    fresh = runner.invoke(args=["demo", "seed", "--members", "150", "--reset"])
    assert fresh.exit_code == 0, fresh.output
    assert snapshot()["counts"]["members"] == 150
