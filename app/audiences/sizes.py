"""Audience sizes, counted and kept on the audience (``last_size``, ``last_size_at``).

Each audience is one ``COUNT`` over its compiled rules. Sizes are counted when an audience
is saved, after the nightly RFM refresh and rule tags (whose segments and tags rules read),
after the demo seed, and by ``flask --app wsgi audiences count``; the list shows each size
with the moment it was counted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audiences.rules.compiler import rule_expression
from app.audiences.rules.problems import InvalidRules
from app.models import Audience, Member


def count_members(session: Session, rules: object, now: datetime) -> int:
    """How many members match ``rules`` at ``now``."""
    return session.scalar(select(func.count(Member.id)).where(rule_expression(rules, now)))


def count_audience(session: Session, audience: Audience, now: datetime) -> int | None:
    """Count one audience and keep its size (not committed); None when its rules no longer
    compile (e.g. a segment that was renamed), which clears the kept size."""
    try:
        size = count_members(session, audience.rules, now)
    except InvalidRules:
        size = None
    audience.last_size, audience.last_size_at = size, (now if size is not None else None)
    return size


def count_all(session: Session, now: datetime) -> dict[str, int | None]:
    """Count every audience; ``{key: size}``. The caller commits."""
    audiences = session.scalars(select(Audience).order_by(Audience.key)).all()
    return {a.key: count_audience(session, a, now) for a in audiences}
