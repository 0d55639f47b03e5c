"""One page of the member list: filters, search, keyset pagination on id, a cheap total.

Pages are keyset pages over ``members.id`` — ``after`` gives the members with larger ids,
``before`` those with smaller ids — so page 20,000 costs what page 1 costs.

Search (``q``) matches any part of the name, email, phone or external id. Three characters or
more are looked up in the trigram index of :mod:`app.members.search_index`; one or two
characters (a given name, a digit) in the index of 1- and 2-grams of
:mod:`app.members.short_search`. Either way the page is cut from the matching ids in id
order; on SQLite a one- or two-character search reads its page straight from the FTS5 index
in id order, however many members match.

``total`` is the exact number of matching members when that can be had cheaply, else null:
it is counted up to ``TOTAL_CAP`` through an index and is null beyond it (so an unfiltered
list of a million members says null, which the frontend can show as "10,000+").
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, literal, select

from app.extensions import db
from app.members import search_index, short_search
from app.models import Member

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
    return _capped(db.session.scalar(select(func.count()).select_from(capped.subquery())))


def _capped(count: int) -> int | None:
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
    dialect = db.session.get_bind().dialect.name
    if q and short_search.usable(q) and dialect != "postgresql":
        # The page is read in the FTS5 index's id order, joined to the members.
        total = _capped(db.session.scalar(short_search.count_statement(q, conditions, TOTAL_CAP)))
        source = short_search.sqlite_page_source(q).add_columns(*LIST_COLUMNS)
        stmt = _keyset(
            source.where(*conditions), short_search.grams_table.c.rowid, limit, after, before
        )
    else:
        if q and short_search.usable(q):
            total = _capped(short_search.postgres_count(db.session, q, conditions, TOTAL_CAP))
            conditions.append(short_search.postgres_condition(q))
        else:
            if q:
                conditions.append(Member.id.in_(search_index.substring_ids(dialect, q)))
            total = _capped_count(conditions)
        stmt = _keyset(select(*LIST_COLUMNS).where(*conditions), Member.id, limit, after, before)

    rows = db.session.execute(stmt).all()
    more = len(rows) > limit
    rows = rows[:limit]
    if before is not None:
        rows.reverse()
        return Page(rows, more_before=more, more_after=True, total=total)
    return Page(rows, more_before=after is not None, more_after=more, total=total)
