"""Store members: upsert by external id, replace manual tags, set-based per batch.

``points_balance`` is not a column ingestion writes: the balance is the sum of the points
ledger. A record may give it only as an opening balance — for a member with no ledger rows
yet, booked as one ``adjust`` entry (reference ``opening:<external id>``, note "opening
balance from ingestion"), which moves the balance as every ledger entry does. A record
giving an existing member's current balance changes nothing; any other value for a member
with ledger history is refused (balances then move through ``/api/points``).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete

from app.extensions import db
from app.ingestion.batch import (
    StoreResult,
    duplicate_errors,
    hold_write_lock,
    lookup,
    raise_if_any,
    upsert,
)
from app.ingestion.schemas import MemberIn
from app.models import Member, MemberTag, PointsEntry
from app.models.base import utcnow
from app.points.ledger import PointsAward, award_points

members = Member.__table__
member_tags = MemberTag.__table__

#: Columns set from the record field of the same name.
PLAIN_FIELDS = (
    "name",
    "email",
    "phone",
    "gender",
    "city",
    "birthday",
    "registered_at",
    "timezone",
    "tier",
    "attributes",
    "registration_channel",
    "registration_campaign",
)
CONSENT_FIELDS = ("email", "sms", "push")
#: Every column a record may set, in a fixed order.
COLUMNS = (*PLAIN_FIELDS, "birthday_mmdd", *(f"consent_{c}" for c in CONSENT_FIELDS))
DEFAULTS = {
    "gender": "unknown",
    "timezone": "Asia/Shanghai",
    "tier": "basic",
    "points_balance": 0,
    "attributes": {},
    "consent_email": False,
    "consent_sms": False,
    "consent_push": False,
}


def birthday_mmdd(birthday) -> int | None:
    """Month and day as MMDD (``1990-05-17`` -> 517), the indexed form birthday rules use."""
    return None if birthday is None else birthday.month * 100 + birthday.day


def _given(record: MemberIn) -> dict:
    """The columns this record sets, with their values; what it leaves out stays as stored."""
    fields = record.model_fields_set
    values = {f: getattr(record, f) for f in PLAIN_FIELDS if f in fields}
    if "birthday" in values:
        values["birthday_mmdd"] = birthday_mmdd(values["birthday"])
    if record.consent is not None:
        for channel in CONSENT_FIELDS:
            if channel in record.consent.model_fields_set:
                values[f"consent_{channel}"] = getattr(record.consent, channel)
    return values


def _full_row(external_id: str, given: dict, now) -> dict:
    row = {c: None for c in COLUMNS} | DEFAULTS | {"registered_at": now} | given
    return {"external_id": external_id, **row}


def _stored_tags(member_ids: list[int]) -> dict[int, dict[str, int]]:
    """Manual tags of these members: member id -> {tag: tag row id}."""
    tags: dict[int, dict[str, int]] = defaultdict(dict)
    if member_ids:
        query = db.select(member_tags.c.id, member_tags.c.member_id, member_tags.c.tag).where(
            member_tags.c.member_id.in_(member_ids), member_tags.c.source == "manual"
        )
        for tag_id, member_id, tag in db.session.execute(query):
            tags[member_id][tag] = tag_id
    return tags


def store_members(records: list[MemberIn]) -> StoreResult:
    """Upsert members by external id in one transaction; refuse the batch on any problem."""
    raise_if_any(duplicate_errors([r.external_id for r in records], "external_id"))
    hold_write_lock(members)
    openings, refused = _opening_balances(records)
    raise_if_any(refused)
    now = utcnow()
    stored = lookup(
        members.c.external_id,
        (r.external_id for r in records),
        members.c.id,
        *(members.c[c] for c in COLUMNS),
    )
    tagged = [r for r in records if r.tags is not None]
    old_tags = _stored_tags([stored[r.external_id][0] for r in tagged if r.external_id in stored])

    result = StoreResult()
    groups: dict[frozenset, list[dict]] = defaultdict(list)
    for record in records:
        given = _given(record)
        old = stored.get(record.external_id)
        new_tags = {t.strip() for t in record.tags} if record.tags is not None else None
        if old is None:
            result.created += 1
        else:
            before = dict(zip(COLUMNS, old[1:], strict=True))
            same_tags = new_tags is None or new_tags == set(old_tags.get(old[0], {}))
            if same_tags and all(before[c] == v for c, v in given.items()):
                result.unchanged += 1
                continue
            result.updated += 1
        groups[frozenset(given)].append(_full_row(record.external_id, given, now))

    for columns, rows in groups.items():
        stmt = upsert(members)
        changes = {c: stmt.excluded[c] for c in columns} | {"updated_at": now}
        stmt = stmt.on_conflict_do_update(index_elements=["external_id"], set_=changes)
        db.session.execute(stmt, rows)

    if tagged:
        _replace_tags(tagged, old_tags, now)
    _book_opening_balances(records, openings, now)
    result.referrals = _link_referrals(records)
    return result


def _link_referrals(records: list[MemberIn]) -> dict | None:
    """Link the records that carry a referral code to their inviters (``app.referrals``)."""
    from app.engine.clock import current_clock
    from app.referrals.links import REASONS, link_referrals

    given = [(i, r) for i, r in enumerate(records) if r.referral_code]
    if not given:
        return None
    ids = lookup(members.c.external_id, (r.external_id for _, r in given), members.c.id)
    attempts = [(ids[r.external_id], r.referral_code) for _, r in given]
    linked = link_referrals(db.session, attempts, current_clock().now(), source="api")
    return {
        "linked": len(linked.linked),
        "refused": [
            {
                "index": given[position][0],
                "field": "referral_code",
                "reason": reason,
                "message": REASONS[reason],
            }
            for position, _, reason in linked.refused
        ],
    }


def _opening_balances(records: list[MemberIn]) -> tuple[dict[str, int], list[dict]]:
    """Which records may open a balance (external id -> points), and the refusals."""
    given = {
        (i, r.external_id): r.points_balance
        for i, r in enumerate(records)
        if "points_balance" in r.model_fields_set
    }
    if not given:
        return {}, []
    ids = [key for _, key in given]
    found = lookup(members.c.external_id, ids, members.c.id, members.c.points_balance)
    with_history = set()
    member_ids = [row[0] for row in found.values()]
    for start in range(0, len(member_ids), 5000):
        chunk = member_ids[start : start + 5000]
        with_history.update(
            db.session.scalars(
                db.select(PointsEntry.member_id).where(PointsEntry.member_id.in_(chunk)).distinct()
            )
        )
    openings, errors = {}, []
    for (index, external_id), points in given.items():
        member_id, balance = found.get(external_id, (None, 0))
        if points == balance:
            continue
        if member_id in with_history or balance:
            errors.append(
                {
                    "index": index,
                    "field": "points_balance",
                    "message": f"member {external_id!r} has a points balance of {balance} "
                    "from its ledger; points_balance is only accepted as an opening balance "
                    "for a member without ledger entries (use /api/points to adjust it)",
                }
            )
        elif points:
            openings[external_id] = points
    return openings, errors


def _book_opening_balances(records: list[MemberIn], openings: dict[str, int], now) -> None:
    if not openings:
        return
    ids = lookup(members.c.external_id, openings, members.c.id)
    award_points(
        db.session,
        [
            PointsAward(
                ids[external_id],
                points,
                kind="adjust",
                reference=f"opening:{external_id}",
                source="ingestion",
                note="opening balance from ingestion",
            )
            for external_id, points in openings.items()
        ],
        now,
    )


def _replace_tags(records: list[MemberIn], old_tags: dict, now) -> None:
    """Make each record's tag list the member's manual tags: one delete, one insert."""
    ids = lookup(members.c.external_id, (r.external_id for r in records), members.c.id)
    drop, add = [], []
    for record in records:
        member_id = ids[record.external_id]
        wanted = {t.strip() for t in record.tags}
        have = old_tags.get(member_id, {})
        drop.extend(tag_id for tag, tag_id in have.items() if tag not in wanted)
        add.extend(
            {"member_id": member_id, "tag": t, "source": "manual", "created_at": now}
            for t in sorted(wanted - set(have))
        )
    if drop:
        db.session.execute(delete(member_tags).where(member_tags.c.id.in_(drop)))
    if add:
        stmt = upsert(member_tags).on_conflict_do_nothing(index_elements=["member_id", "tag"])
        db.session.execute(stmt, add)
