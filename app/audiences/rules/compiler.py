"""Compile a rule tree into one parameterized SQLAlchemy query over members.

Profile conditions read member columns; all-time order facts read the denormalised member
columns; windowed behaviour becomes correlated EXISTS or aggregate subqueries. User values
are always bound parameters. Under a ``not``, every condition is made a definite true/false
(``expr IS true``) so that an unset value (NULL) never flips to a match; outside any ``not``
a NULL already counts as no match, and the plain comparison keeps indexes usable.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, not_, or_, select, true
from sqlalchemy.orm import Session

from app.audiences.rules.conditions import get_condition
from app.audiences.rules.conditions.base import CompileContext
from app.audiences.rules.problems import InvalidRules
from app.audiences.rules.validation import validate_rule_tree
from app.models import Member

#: Member ids are passed as bound lists in chunks this big (SQLite caps parameters).
CHUNK = 5000


def rule_expression(tree: object, now: datetime) -> ColumnElement[bool]:
    """The boolean expression over ``Member`` for ``tree``; raises :class:`InvalidRules`."""
    problems = validate_rule_tree(tree)
    if problems:
        raise InvalidRules(problems)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return _compile(tree, CompileContext(now=now), strict=False)


def _compile(node: dict, ctx: CompileContext, strict: bool) -> ColumnElement[bool]:
    if "all" in node:
        return and_(true(), *(_compile(child, ctx, strict) for child in node["all"]))
    if "any" in node:
        return or_(*(_compile(child, ctx, strict) for child in node["any"]))
    if "not" in node:
        return not_(_compile(node["not"], ctx, strict=True))
    expression = get_condition(node["kind"]).compile(node, ctx)
    return expression.is_(True) if strict else expression


def member_ids_query(
    tree: object, now: datetime, restrict_to: Iterable[int] | None = None
) -> Select:
    """``SELECT members.id`` of the members matching ``tree``, optionally only among ids."""
    query = select(Member.id).where(rule_expression(tree, now))
    if restrict_to is not None:
        query = query.where(Member.id.in_(list(restrict_to)))
    return query


def matching_member_ids(
    session: Session, tree: object, now: datetime, member_ids: Iterable[int] | None = None
) -> set[int]:
    """The ids of members matching ``tree``: the whole base, or only among ``member_ids``."""
    if member_ids is None:
        return set(session.scalars(member_ids_query(tree, now)))
    ids = list(member_ids)
    expression = rule_expression(tree, now)
    found: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found.update(session.scalars(select(Member.id).where(expression, Member.id.in_(chunk))))
    return found
