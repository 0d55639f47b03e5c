"""The points ledger: book earns, adjustments and spends, keeping balances consistent.

Every booking inserts ledger rows and moves ``members.points_balance`` by the same amount in
the caller's transaction, so the balance always equals the sum of the member's rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from app.bulk import fetch_in, insert_tuples
from app.models import Member, PointsEntry

CHUNK = 5000
_AWARD_COLUMNS = (
    "member_id",
    "kind",
    "points",
    "remaining",
    "expires_at",
    "reference",
    "source",
    "note",
    "created_at",
)
_members = Member.__table__
_ledger = PointsEntry.__table__


class PointsError(ValueError):
    """A booking that may not happen (unknown member, too few points, bad amount)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class PointsAward:
    """Points to add to a member; ``reference`` makes the booking idempotent."""

    member_id: int
    points: int
    kind: str = "earn"
    reference: str | None = None
    source: str = ""
    expires_at: datetime | None = None
    note: str = ""


@dataclass
class AwardResult:
    booked: dict[int, int] = field(default_factory=dict)
    duplicates: set[str] = field(default_factory=set)
    unknown_members: set[int] = field(default_factory=set)


def _existing_references(session: Session, refs: list[str]) -> set[str]:
    sql = "SELECT reference FROM points_ledger WHERE reference IN ({values})"
    return {ref for (ref,) in fetch_in(session, sql, refs, chunk=CHUNK)}


def move_balances(session: Session, deltas: dict[int, int]) -> None:
    """Add ``deltas[member_id]`` to each balance in one executemany ``UPDATE``."""
    if deltas:
        session.execute(
            update(_members)
            .where(_members.c.id == bindparam("mid"))
            .values(points_balance=_members.c.points_balance + bindparam("delta")),
            [{"mid": m, "delta": d} for m, d in deltas.items()],
        )


def award_points(session: Session, entries: Iterable[PointsAward], now: datetime) -> AwardResult:
    """Book positive ``earn``/``adjust`` entries in bulk, without committing.

    Entries whose reference was booked before (or repeats within the call) are skipped and
    reported as ``duplicates``. Tiers of members who earned are recomputed.
    """
    from app.points.tiers import recompute_tiers

    entries = list(entries)
    for e in entries:
        if e.points <= 0 or e.kind not in ("earn", "adjust"):
            raise PointsError("invalid_entry", f"Cannot award {e.points} points as {e.kind!r}.")
    result = AwardResult()
    refs = [e.reference for e in entries if e.reference]
    seen = _existing_references(session, refs)
    result.duplicates = set(seen)
    member_ids = {e.member_id for e in entries}
    sql = "SELECT id FROM members WHERE id IN ({values})"
    known = {mid for (mid,) in fetch_in(session, sql, list(member_ids), chunk=CHUNK)}
    result.unknown_members = member_ids - known
    rows = []
    for e in entries:
        if e.member_id not in known:
            continue
        if e.reference:
            if e.reference in seen:
                result.duplicates.add(e.reference)
                continue
            seen.add(e.reference)
        rows.append(
            (
                e.member_id,
                e.kind,
                e.points,
                e.points,
                e.expires_at,
                e.reference,
                e.source,
                e.note,
                now,
            )
        )
        result.booked[e.member_id] = result.booked.get(e.member_id, 0) + e.points
    if rows:
        insert_tuples(session, _ledger, _AWARD_COLUMNS, rows)
        move_balances(session, result.booked)
        recompute_tiers(session, now, sorted(result.booked), upgrades_only=True)
    return result


def consume_lots(session: Session, amounts: dict[int, int]) -> None:
    """Take ``amounts[member_id]`` from the member's lots, soonest-expiring first."""
    if not amounts:
        return
    lots = session.execute(
        select(_ledger.c.id, _ledger.c.member_id, _ledger.c.remaining)
        .where(_ledger.c.member_id.in_(list(amounts)), _ledger.c.remaining > 0)
        .order_by(
            _ledger.c.member_id,
            _ledger.c.expires_at.is_(None),
            _ledger.c.expires_at,
            _ledger.c.id,
        )
    ).all()
    left = dict(amounts)
    changes = []
    for lot_id, member_id, remaining in lots:
        take = min(left.get(member_id, 0), remaining)
        if take:
            left[member_id] -= take
            changes.append({"lot": lot_id, "remaining": remaining - take})
    if changes:
        session.execute(
            update(_ledger)
            .where(_ledger.c.id == bindparam("lot"))
            .values(remaining=bindparam("remaining")),
            changes,
        )


def deduct_points(
    session: Session,
    member_id: int,
    points: int,
    now: datetime,
    *,
    kind: str = "spend",
    reference: str | None = None,
    source: str = "",
    note: str = "",
) -> PointsEntry:
    """Spend (or adjust down) ``points``, refusing to take a balance below zero.

    A repeated ``reference`` answers the entry booked the first time.
    """
    if points <= 0 or kind not in ("spend", "adjust"):
        raise PointsError("invalid_entry", f"Cannot deduct {points} points as {kind!r}.")
    if reference:
        previous = session.scalar(select(PointsEntry).where(PointsEntry.reference == reference))
        if previous is not None:
            return previous
    taken = session.execute(
        update(_members)
        .where(_members.c.id == member_id, _members.c.points_balance >= points)
        .values(points_balance=_members.c.points_balance - points)
    )
    if taken.rowcount != 1:
        balance = session.scalar(select(Member.points_balance).where(Member.id == member_id))
        if balance is None:
            raise PointsError("unknown_member", f"No member with id {member_id}.")
        raise PointsError(
            "insufficient_points", f"Member {member_id} has {balance} points, not {points}."
        )
    consume_lots(session, {member_id: points})
    entry = PointsEntry(
        member_id=member_id,
        kind=kind,
        points=-points,
        remaining=0,
        reference=reference,
        source=source,
        note=note,
        created_at=now,
    )
    session.add(entry)
    session.flush()
    return entry


def balances_by_ledger(session: Session, member_ids: list[int]) -> dict[int, int]:
    """The sum of ledger rows per member (for checks and reports)."""
    from sqlalchemy import func

    totals: dict[int, int] = defaultdict(int)
    rows = session.execute(
        select(_ledger.c.member_id, func.sum(_ledger.c.points))
        .where(_ledger.c.member_id.in_(member_ids))
        .group_by(_ledger.c.member_id)
    )
    for member_id, total in rows:
        totals[member_id] = int(total)
    return dict(totals)
