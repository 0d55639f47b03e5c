"""One page of the member list: filters, search, keyset pagination on id, a cheap total.

Pages are keyset pages over ``members.id`` — ``after`` gives the members with larger ids,
``before`` those with smaller ids — so page 20,000 costs what page 1 costs.

Search (``q``) of three characters or more matches any part of the name, email, phone or
external id through the substring index of :mod:`app.members.search_index`; the page is cut
from the matching ids in id order. Two characters (a given name) are matched anywhere by a
walk in id order that stops after a page, with no total. One character (see
:mod:`app.members.search`) picks one of two plans. First one query counts, for each way ``q``
can match, the matching members up to ``SEARCH_CAP + 1`` (an index range
each, so it is cheap however broad ``q`` is). When every count stays within the cap, the
matches are few: their ids are collected from the indexes and the page is cut from them.
Otherwise ``q`` matches a large share of members, and walking the primary key in id order,
testing each member, finds a page of matches after a short walk.

``total`` is the exact number of matching members when that can be had cheaply, else null:
it is counted up to ``TOTAL_CAP`` through an index and is null beyond it (so an unfiltered
list of a million members says null, which the frontend can show as "10,000+"). A search
that takes the primary-key walk (some term matches more than ``SEARCH_CAP``) answers null.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, literal, select

from app.extensions import db
from app.members import search, search_index
from app.models import Member

SEARCH_CAP = 2_000
TOTAL_CAP = 10_000

LIST_COLUMNS = (
    Member.id,
    Member.external_id,
    Member.name,
    Member.email,
    Member.phone,
    Member.tier,
    Member.city,
    Member.points_balance,
    Member.registered_at,
    Member.last_order_at,
    Member.orders_count,
    Member.total_spent,
    Member.rfm_segment,
)


@dataclass
class Page:
    """Rows of a page in id order, and whether more rows lie beyond either end."""

    rows: list
    more_before: bool
    more_after: bool
    total: int | None


def _capped_count(conditions: list[ColumnElement[bool]]) -> int | None:
    capped = select(literal(1)).select_from(Member).where(*conditions).limit(TOTAL_CAP + 1)
    count = db.session.scalar(select(func.count()).select_from(capped.subquery()))
    return count if count <= TOTAL_CAP else None


def _keyset(stmt, id_column, limit: int, after: int | None, before: int | None):
    """``stmt`` cut to one page: ``limit + 1`` rows beyond the cursor, nearest first."""
    if before is not None:
        stmt = stmt.where(id_column < before).order_by(id_column.desc())
    else:
        if after is not None:
            stmt = stmt.where(id_column > after)
        stmt = stmt.order_by(id_column)
    return stmt.limit(limit + 1)


def member_page(
    *,
    q: str | None,
    tier: str | None,
    segment: str | None,
    limit: int,
    after: int | None,
    before: int | None,
) -> Page:
    """The members matching the filters, ``limit`` at most, after or before a cursor id."""
    conditions: list[ColumnElement[bool]] = []
    if tier is not None:
        conditions.append(Member.tier == tier)
    if segment is not None:
        conditions.append(Member.rfm_segment == segment)
    if not q:
        total = _capped_count(conditions)
    elif search_index.usable(q):
        dialect = db.session.get_bind().dialect.name
        conditions.append(Member.id.in_(search_index.substring_ids(dialect, q)))
        total = _capped_count(conditions)
    elif len(search_index.normalise(q)) == 2:
        conditions.append(search_index.contains(q))
        total = None
    elif max(db.session.execute(search.branch_counts(q, SEARCH_CAP)).one()) <= SEARCH_CAP:
        if conditions:
            conditions.append(Member.id.in_(search.matching_ids(q)))
            total = _capped_count(conditions)
        else:
            # Counted, and the page's ids chosen, from the indexes alone; only the
            # page's own members are then read.
            matches = search.matching_ids(q, distinct=True).subquery()
            total = db.session.scalar(select(func.count()).select_from(matches))
            page_ids = _keyset(select(matches.c.id), matches.c.id, limit, after, before)
            conditions.append(Member.id.in_(page_ids.scalar_subquery()))
    else:
        conditions.append(search.scan_condition(q))
        total = None

    stmt = _keyset(select(*LIST_COLUMNS).where(*conditions), Member.id, limit, after, before)
    rows = db.session.execute(stmt).all()
    more = len(rows) > limit
    rows = rows[:limit]
    if before is not None:
        rows.reverse()
        return Page(rows, more_before=more, more_after=True, total=total)
    return Page(rows, more_before=after is not None, more_after=more, total=total)
