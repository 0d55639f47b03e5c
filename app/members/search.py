"""What the member search box ``q`` matches, written so that every match can use an index.

``q`` matches a member whose external id equals it, or whose phone, email or name starts
with it. A prefix is written as a range (``col >= 'abc' AND col < 'abd'``), which the plain
b-tree indexes on ``phone``, ``email`` and ``name`` serve on SQLite and on PostgreSQL whatever
the collation, plus an exact ``substr`` check so a collation that sorts differently can
never let a wrong row through. Letter case: emails are matched lower-cased and names as
typed, lower-case and capitalised — case variants the existing indexes can serve.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, union, union_all

from app.models import Member

PHONE_LIKE = re.compile(r"^\+?[0-9][0-9 \-]*$")


def _successor(prefix: str) -> str | None:
    """The smallest string greater than every string that starts with ``prefix``."""
    while prefix:
        last = ord(prefix[-1]) + 1
        if last == 0xD800:  # skip the surrogate block, which has no UTF-8 encoding
            last = 0xE000
        if last <= 0x10FFFF:
            return prefix[:-1] + chr(last)
        prefix = prefix[:-1]
    return None


def starts_with(column, prefix: str) -> ColumnElement[bool]:
    """``column`` starts with ``prefix``, as an index range plus an exact check."""
    exact = func.substr(column, 1, len(prefix)) == prefix
    upper = _successor(prefix)
    bounds = [column >= prefix] + ([column < upper] if upper is not None else [])
    return and_(*bounds, exact)


def terms(q: str) -> list[tuple[str, object, str]]:
    """``(kind, column, value)`` for each way ``q`` can match, without duplicates."""
    out: list[tuple[str, object, str]] = [("external_id", Member.external_id, q)]
    if PHONE_LIKE.match(q):
        out.append(("phone", Member.phone, re.sub(r"[ \-]", "", q)))
    if not any(ch.isspace() for ch in q):
        out += [("email", Member.email, v) for v in dict.fromkeys([q.lower(), q])]
    out += [("name", Member.name, v) for v in dict.fromkeys([q, q.lower(), q[:1].upper() + q[1:]])]
    return out


def term_condition(kind: str, column, value: str) -> ColumnElement[bool]:
    """The indexable condition for one term."""
    return column == value if kind == "external_id" else starts_with(column, value)


def scan_condition(q: str) -> ColumnElement[bool]:
    """All terms as one condition no index can serve, for a scan in id order.

    Used when ``q`` matches so many members that walking the primary key and stopping
    after a page of matches is cheaper than collecting every match and sorting it.
    """
    parts = [
        column == value if kind == "external_id" else func.substr(column, 1, len(value)) == value
        for kind, column, value in terms(q)
    ]
    return or_(*parts)


def matching_ids(q: str, distinct: bool = False):
    """The ids of every member ``q`` matches: one index range per term, united.

    With ``distinct`` a member matched by several terms is listed once (for counting).
    """
    branches = [
        select(Member.id).where(term_condition(kind, column, value))
        for kind, column, value in terms(q)
    ]
    if len(branches) == 1:
        return branches[0]
    return union(*branches) if distinct else union_all(*branches)


def branch_counts(q: str, cap: int) -> Select:
    """One row: for each term, how many members it matches, counted up to ``cap + 1``.

    Each count stops at ``cap + 1`` index entries, so this stays cheap for ``q = "1"``.
    """
    counts = []
    for kind, column, value in terms(q):
        capped = (
            select(literal(1)).select_from(Member).where(term_condition(kind, column, value))
        ).limit(cap + 1)
        counts.append(select(func.count()).select_from(capped.subquery()).scalar_subquery())
    return select(*counts)
