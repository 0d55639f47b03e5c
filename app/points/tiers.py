"""Tiers from qualifying points: points earned in the last ``QUALIFYING_DAYS`` days.

Upgrades happen as soon as earning crosses a threshold; downgrades when old earnings leave
the window, found by the scheduled :func:`recompute_tiers` over all members.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from app.models import Event, Member, PointsEntry, TierChange, TierLevel
from app.models.points import DEFAULT_TIER_THRESHOLDS, QUALIFYING_DAYS, TIER_ORDER

CHUNK = 5000


def thresholds(session: Session) -> dict[str, int]:
    """``{tier: min_points}`` from settings, or the defaults when none are set."""
    rows = dict(session.execute(select(TierLevel.tier, TierLevel.min_points)).all())
    return rows or dict(DEFAULT_TIER_THRESHOLDS)


def tier_for(points: int, levels: dict[str, int]) -> str:
    """The highest tier whose threshold ``points`` reaches (``basic`` below all)."""
    best = "basic"
    for tier in TIER_ORDER[1:]:
        if tier in levels and points >= levels[tier]:
            best = tier
    return best


def _recompute_chunk(
    session: Session, ids: list[int], levels: dict, now: datetime, upgrades_only: bool
) -> list[dict]:
    since = now - timedelta(days=QUALIFYING_DAYS)
    earned = dict(
        session.execute(
            select(PointsEntry.member_id, func.sum(PointsEntry.points))
            .where(
                PointsEntry.member_id.in_(ids),
                PointsEntry.kind == "earn",
                PointsEntry.created_at > since,
            )
            .group_by(PointsEntry.member_id)
        ).all()
    )
    current = session.execute(select(Member.id, Member.tier).where(Member.id.in_(ids))).all()
    changes = []
    for member_id, tier in current:
        new = tier_for(int(earned.get(member_id) or 0), levels)
        if new != tier:
            up = TIER_ORDER.index(new) > TIER_ORDER.index(tier if tier in TIER_ORDER else "basic")
            if upgrades_only and not up:
                continue
            changes.append(
                {
                    "member_id": member_id,
                    "from_tier": tier,
                    "to_tier": new,
                    "direction": "up" if up else "down",
                    "at": now,
                }
            )
    apply_tier_changes(session, changes)
    return changes


def apply_tier_changes(session: Session, changes: list[dict]) -> None:
    """Write tier moves: each member's tier, a ``tier_changes`` row and a ``tier_changed``
    event (``{"from", "to", "direction"}``), which journeys can enter on or wait for; the
    event is handed to the engine in this transaction, as ingested events are."""
    if not changes:
        return
    table = Member.__table__
    session.execute(
        update(table).where(table.c.id == bindparam("mid")).values(tier=bindparam("tier")),
        [{"mid": c["member_id"], "tier": c["to_tier"]} for c in changes],
    )
    session.execute(insert(TierChange), changes)
    stored = session.execute(
        insert(Event).returning(Event.id, Event.member_id, Event.type),
        [
            {
                "member_id": c["member_id"],
                "type": "tier_changed",
                "occurred_at": c["at"],
                "properties": {
                    "from": c["from_tier"],
                    "to": c["to_tier"],
                    "direction": c["direction"],
                },
                "created_at": c["at"],
            }
            for c in changes
        ],
    ).all()
    from app.ingestion.signals import StoredRow, events_stored

    events_stored.send(session, rows=[StoredRow(*row) for row in stored])


def recompute_tiers(
    session: Session,
    now: datetime,
    member_ids: list[int] | None = None,
    upgrades_only: bool = False,
) -> list[dict]:
    """Move members to the tier their qualifying points give; returns the changes made.

    With ``member_ids`` None every member is checked, in chunks. Earning passes
    ``upgrades_only``: a member goes down only in the scheduled run.
    """
    levels = thresholds(session)
    changes: list[dict] = []
    if member_ids is not None:
        for i in range(0, len(member_ids), CHUNK):
            changes += _recompute_chunk(
                session, member_ids[i : i + CHUNK], levels, now, upgrades_only
            )
        return changes
    after = 0
    while True:
        ids = list(
            session.scalars(
                select(Member.id).where(Member.id > after).order_by(Member.id).limit(CHUNK)
            )
        )
        if not ids:
            return changes
        changes += _recompute_chunk(session, ids, levels, now, upgrades_only)
        after = ids[-1]
