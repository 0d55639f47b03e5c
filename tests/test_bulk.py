"""Bulk writes and reads of the hot paths: many rows per statement, both dialects."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.bulk import MAX_PARAMETERS, fetch_in, insert_rows, insert_tuples, update_tuples
from app.extensions import db
from app.models import Member, OutboxMessage

AT = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
COLUMNS = ("external_id", "name", "registered_at", "timezone", "attributes")
OUTBOX = ("idempotency_key", "channel", "template_key", "context", "next_attempt_at")


def _members(count: int) -> list[tuple]:
    return [(f"x{i}", f"Member {i}", AT, "UTC", {"n": i}) for i in range(count)]


def _insert_members(count: int) -> None:
    """Through ``insert_rows``, which fills the columns left out with their defaults."""
    insert_rows(
        db.session,
        Member.__table__,
        [dict(zip(COLUMNS, row, strict=True)) for row in _members(count)],
    )


def _messages(keys: range, context: dict) -> list[tuple]:
    return [
        (f"k{i}", "inapp", "t", context, AT, "marketing", "pending", "", 0, AT, AT) for i in keys
    ]


def test_insert_tuples_writes_full_statements_and_the_rest(app):
    count = MAX_PARAMETERS // len(Member.__table__.c) * 2 + 7
    _insert_members(count)
    db.session.commit()

    rows = db.session.execute(
        select(Member.external_id, Member.registered_at, Member.attributes).order_by(Member.id)
    ).all()
    assert len(rows) == count
    assert rows[-1] == (f"x{count - 1}", AT, {"n": count - 1})


def test_insert_tuples_skips_conflicting_rows(app):
    columns = (*OUTBOX, "category", "status", "reason", "attempts", "created_at", "updated_at")
    table = OutboxMessage.__table__
    insert_tuples(db.session, table, columns, _messages(range(3), {}), ["idempotency_key"])
    again = _messages(range(1, 5), {"again": True})
    insert_tuples(db.session, table, columns, again, ["idempotency_key"])
    db.session.commit()

    contexts = dict(
        db.session.execute(select(OutboxMessage.idempotency_key, OutboxMessage.context)).all()
    )
    assert contexts == {"k0": {}, "k1": {}, "k2": {}, "k3": {"again": True}, "k4": {"again": True}}


def test_encoded_json_is_stored_as_given(app):
    _insert_members(2)
    ids = list(db.session.scalars(select(Member.id).order_by(Member.id)))
    update_tuples(
        db.session,
        Member.__table__,
        ("attributes",),
        [('{"a": [1, 2]}', ids[0]), ('{"b": null}', ids[1])],
        encoded=("attributes",),
    )
    db.session.commit()

    assert list(db.session.scalars(select(Member.attributes).order_by(Member.id))) == [
        {"a": [1, 2]},
        {"b": None},
    ]


def test_fetch_in_reads_chunk_by_chunk(app):
    _insert_members(7)
    db.session.commit()
    ids = list(db.session.scalars(select(Member.id)))

    rows = fetch_in(
        db.session,
        "SELECT id, name FROM members WHERE timezone = {p} AND id IN ({values})",
        ids[:5] + [10**9],
        ("UTC",),
        chunk=2,
    )

    assert sorted(rows) == sorted(
        db.session.execute(select(Member.id, Member.name).where(Member.id.in_(ids[:5]))).all()
    )
    assert fetch_in(db.session, "SELECT id FROM members WHERE id IN ({values})", []) == []
