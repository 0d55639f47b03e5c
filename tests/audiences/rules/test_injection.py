"""No user-supplied value changes the SQL: hostile strings are data, matched literally."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from app.audiences.rules.compiler import matching_member_ids, member_ids_query
from app.extensions import db
from app.models import Member, MemberTag
from tests.audiences.factories import NOW, member_row

HOSTILE = [
    "O'Brien",
    "'; DROP TABLE members; --",
    "100%",
    "a_b",
    "%",
    "_",
    "\\",
    '" OR 1=1 --',
    "x' OR '1'='1",
    "上海 🎉",
    "é" * 900,
    '$."',
]


@pytest.fixture
def hostile_members(app):
    rows = [member_row(i + 1, city=v[:100], attributes={"note": v}) for i, v in enumerate(HOSTILE)]
    rows.append(member_row(100, city="plain", attributes={"note": "plain"}))
    db.session.execute(insert(Member), rows)
    db.session.execute(
        insert(MemberTag),
        [{"member_id": i + 1, "tag": v[:64], "source": "manual"} for i, v in enumerate(HOSTILE)],
    )
    db.session.commit()


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_match_only_themselves(hostile_members, value):
    me = HOSTILE.index(value) + 1
    for tree in (
        {"kind": "profile", "field": "city", "op": "eq", "value": value[:100]},
        {"kind": "attribute", "key": "note", "op": "eq", "value": value},
        {"kind": "tag", "op": "has", "value": value[:64]},
    ):
        assert matching_member_ids(db.session, tree, NOW) == {me}, tree["kind"]
    contains = matching_member_ids(
        db.session,
        {"kind": "profile", "field": "city", "op": "contains", "value": value[:100]},
        NOW,
    )
    # city holds at most 100 characters, so the long value is cut there.
    assert contains == {i + 1 for i, v in enumerate(HOSTILE) if value[:100] in v[:100]}
    assert db.session.scalar(select(Member.id).where(Member.id == 100)) == 100


def test_values_are_bound_not_inlined(hostile_members):
    query = member_ids_query(
        {"kind": "profile", "field": "city", "op": "eq", "value": HOSTILE[1]}, NOW
    )
    sql = str(query.compile(db.engine))
    assert "DROP" not in sql
    assert HOSTILE[1] in query.compile(db.engine).params.values()


def test_like_wildcards_are_literal(hostile_members):
    assert matching_member_ids(
        db.session, {"kind": "profile", "field": "city", "op": "contains", "value": "%"}, NOW
    ) == {3, 5}
    assert matching_member_ids(
        db.session, {"kind": "attribute", "key": "note", "op": "contains", "value": "_"}, NOW
    ) == {4, 6}
