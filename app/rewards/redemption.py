"""Redeeming a reward: one transaction that books the points ledger, takes stock and grants
the reward, exactly once per ``(member, idempotency key)``.

Concurrency. The member's row is locked first (a no-op ``UPDATE``: a row lock on
PostgreSQL, the write lock on SQLite), so one member's redemptions run one after another and
each sees what the one before committed: a retry finds the first redemption, and the
per-member limit counts every earlier one. Stock is taken by a conditional ``UPDATE`` that
only passes below the stock (the reward's row stays locked until commit), and points by the
ledger's conditional ``UPDATE`` that never takes a balance below zero. Locks are always taken
in the order member, reward, coupon template, so concurrent redemptions cannot deadlock.

Nothing here commits: on a refusal the caller rolls back and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from app.coupons.grants import UnknownTemplate, grant_coupons, new_code
from app.ingestion.signals import StoredRow, events_stored
from app.models import CouponTemplate, Event, Member, Product, Reward, RewardRedemption
from app.points.ledger import PointsError, deduct_points
from app.rewards.catalogue import Offer, RedemptionRefused, availability_refusal

_members = Member.__table__
_rewards = Reward.__table__


@dataclass
class Redeemed:
    """A redemption, and whether this call only found one made before with the same key."""

    redemption: RewardRedemption
    reward: Reward
    replayed: bool = False


def offer_of(reward: Reward) -> Offer:
    return Offer(reward.key, reward.active, tuple(reward.tiers), reward.starts_at, reward.ends_at)


def _previous(session: Session, member_id: int, key: str, reward: Reward | None):
    """The redemption this member made before with ``key``, if any; a key spent on another
    reward is refused."""
    found = session.scalar(
        select(RewardRedemption)
        .where(RewardRedemption.member_id == member_id, RewardRedemption.idempotency_key == key)
        .execution_options(populate_existing=True)
    )
    if found is None:
        return None
    if reward is None or found.reward_id != reward.id:
        raise RedemptionRefused(
            422,
            "idempotency_key_reused",
            f"The idempotency key {key!r} was used for another reward by this member.",
        )
    return Redeemed(found, reward, replayed=True)


def _lock_member(session: Session, member_id: int) -> str:
    """Lock the member's row and return their tier."""
    locked = session.execute(
        update(_members)
        .where(_members.c.id == member_id)
        .values(points_balance=_members.c.points_balance)
    )
    if locked.rowcount != 1:
        raise RedemptionRefused(404, "unknown_member", f"No member with id {member_id}.")
    return session.scalar(select(Member.tier).where(Member.id == member_id))


def _check_limit(session: Session, reward: Reward, member_id: int) -> None:
    if reward.per_member_limit is None:
        return
    made = session.scalar(
        select(func.count())
        .select_from(RewardRedemption)
        .where(RewardRedemption.reward_id == reward.id, RewardRedemption.member_id == member_id)
    )
    if made >= reward.per_member_limit:
        raise RedemptionRefused(
            409,
            "over_limit",
            f"The reward {reward.key!r} may be redeemed {reward.per_member_limit} time(s) per "
            f"member; this member has redeemed it {made} time(s).",
        )


def _take_stock(session: Session, reward: Reward) -> None:
    taken = session.execute(
        update(_rewards)
        .where(
            _rewards.c.id == reward.id,
            (_rewards.c.stock_total.is_(None))
            | (_rewards.c.redeemed_count < _rewards.c.stock_total),
        )
        .values(redeemed_count=_rewards.c.redeemed_count + 1)
    )
    if taken.rowcount != 1:
        raise RedemptionRefused(409, "out_of_stock", f"The reward {reward.key!r} is out of stock.")


def _pay(session: Session, reward: Reward, member_id: int, key: str, now: datetime) -> int:
    try:
        entry = deduct_points(
            session,
            member_id,
            reward.points_price,
            now,
            kind="spend",
            reference=f"reward:{member_id}:{key}",
            source=f"reward:{reward.key}",
            note=reward.name,
        )
    except PointsError as exc:
        if exc.code != "insufficient_points":
            raise RedemptionRefused(404, exc.code, exc.message) from exc
        balance = session.scalar(select(Member.points_balance).where(Member.id == member_id))
        raise RedemptionRefused(
            409,
            exc.code,
            f"The reward {reward.key!r} costs {reward.points_price} points; "
            f"member {member_id} has {balance}.",
        ) from exc
    return entry.id


def _grant_coupon(session: Session, reward: Reward, member_id: int, now: datetime) -> str:
    template_key = session.scalar(
        select(CouponTemplate.key).where(CouponTemplate.id == reward.coupon_template_id)
    )
    try:
        result = grant_coupons(session, template_key, [member_id], now, f"reward:{reward.key}")
    except UnknownTemplate as exc:
        raise RedemptionRefused(409, "coupon_unavailable", str(exc)) from exc
    if member_id in result.granted:
        return result.granted[member_id]
    why = "is out of stock" if result.out_of_stock else "allows this member no more coupons"
    raise RedemptionRefused(
        409, "coupon_unavailable", f"The coupon template {template_key!r} {why}."
    )


def _announce(session: Session, reward: Reward, redemption: RewardRedemption) -> None:
    """The ``reward_redeemed`` event, stored once per redemption and handed to the engine in
    this transaction, as ingested events are."""
    sku = (
        session.scalar(select(Product.sku).where(Product.id == reward.product_id))
        if reward.product_id
        else None
    )
    stored = session.execute(
        insert(Event).returning(Event.id, Event.member_id, Event.type),
        [
            {
                "external_id": f"reward:{redemption.id}",
                "member_id": redemption.member_id,
                "type": "reward_redeemed",
                "occurred_at": redemption.created_at,
                "properties": {
                    "reward": reward.key,
                    "kind": reward.kind,
                    "points": redemption.points,
                    "coupon_code": redemption.coupon_code,
                    "product_sku": sku,
                    "lottery_code": redemption.lottery_code,
                },
                "created_at": redemption.created_at,
            }
        ],
    ).all()
    events_stored.send(session, rows=[StoredRow(*row) for row in stored])


def redeem_reward(
    session: Session,
    reward_key: str,
    member_id: int,
    idempotency_key: str,
    now: datetime,
    actor: str = "member",
) -> Redeemed:
    """Redeem ``reward_key`` for ``member_id``, without committing.

    A second call with the same ``idempotency_key`` answers the first redemption
    (``replayed``) and writes nothing. Refusals raise :class:`RedemptionRefused`: 404
    ``unknown_reward`` / ``unknown_member``, 409 ``reward_inactive`` / ``reward_not_started``
    / ``over_limit`` / ``out_of_stock`` / ``insufficient_points`` / ``coupon_unavailable``,
    410 ``reward_expired``, 403 ``tier_not_allowed``, 422 ``idempotency_key_reused``.
    """
    reward = session.scalar(
        select(Reward).where(Reward.key == reward_key).execution_options(populate_existing=True)
    )
    replay = _previous(session, member_id, idempotency_key, reward)
    if replay is not None:
        return replay
    if reward is None:
        raise RedemptionRefused(404, "unknown_reward", f"No reward with key {reward_key!r}.")
    tier = _lock_member(session, member_id)
    # Another call with this key may have committed while this one waited for the lock.
    replay = _previous(session, member_id, idempotency_key, reward)
    if replay is not None:
        return replay
    refusal = availability_refusal(offer_of(reward), tier, now)
    if refusal is not None:
        raise refusal
    _check_limit(session, reward, member_id)
    _take_stock(session, reward)
    ledger_entry_id = _pay(session, reward, member_id, idempotency_key, now)
    coupon_code = (
        _grant_coupon(session, reward, member_id, now) if reward.kind == "coupon" else None
    )
    redemption = RewardRedemption(
        reward_id=reward.id,
        member_id=member_id,
        idempotency_key=idempotency_key,
        points=reward.points_price,
        tier=tier,
        ledger_entry_id=ledger_entry_id,
        coupon_code=coupon_code,
        lottery_code=new_code() if reward.kind == "lottery" else None,
        actor=actor,
        created_at=now,
    )
    session.add(redemption)
    session.flush()
    _announce(session, reward, redemption)
    session.refresh(reward)
    return Redeemed(redemption, reward)
