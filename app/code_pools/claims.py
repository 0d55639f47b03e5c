"""Claim codes from a pool for a whole batch of grants, in one statement.

On PostgreSQL the unclaimed rows are picked with ``FOR UPDATE SKIP LOCKED``, so concurrent
grants drawing on one pool each take different codes without waiting on one another; on
SQLite the write lock the grant already holds serialises them. A code is claimed once: the
``claimed_at IS NULL`` guard is in the UPDATE itself.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.code_pools import CodePool, CodePoolAlert, PoolCode

pool_codes = PoolCode.__table__


class UnknownPool(LookupError):
    """No code pool has this key."""


def pool_by_key(session: Session, key: str) -> CodePool:
    pool = session.scalar(select(CodePool).where(CodePool.key == key))
    if pool is None:
        raise UnknownPool(f"No code pool with key {key!r}.")
    return pool


def pool_of_template(session: Session, template) -> CodePool | None:
    """The pool a coupon template draws its codes from, or None when it generates them."""
    if not template.code_pool:
        return None
    return session.scalar(select(CodePool).where(CodePool.key == template.code_pool))


def claim_codes(session: Session, pool: CodePool, count: int, now: datetime) -> list[str]:
    """Claim up to ``count`` unclaimed codes of ``pool`` (fewer when it runs short), oldest
    upload first; the caller's transaction commits or undoes the claim."""
    if count <= 0:
        return []
    pick = (
        select(pool_codes.c.id)
        .where(pool_codes.c.pool_id == pool.id, pool_codes.c.claimed_at.is_(None))
        .order_by(pool_codes.c.id)
        .limit(count)
    )
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    claimed = session.execute(
        pool_codes.update()
        .where(pool_codes.c.id.in_(pick.scalar_subquery()), pool_codes.c.claimed_at.is_(None))
        .values(claimed_at=now)
        .returning(pool_codes.c.id, pool_codes.c.code)
    ).all()
    claimed.sort()
    check_low_stock(session, pool, now)
    return [code for _, code in claimed]


def remaining(session: Session, pool_id: int) -> int:
    return session.scalar(
        select(func.count())
        .select_from(pool_codes)
        .where(pool_codes.c.pool_id == pool_id, pool_codes.c.claimed_at.is_(None))
    )


def check_low_stock(session: Session, pool: CodePool, now: datetime) -> CodePoolAlert | None:
    """Record an alert when the pool is at or below its level and none is open (and raise
    it: the Alerts page, the bell, admins' email); clear the open one when it is above
    again. Returns the alert recorded now, if any."""
    left = remaining(session, pool.id)
    if left > pool.low_stock_level:
        pool.low_stock_since = None
        return None
    if pool.low_stock_since is not None:
        return None
    pool.low_stock_since = now
    alert = CodePoolAlert(pool_id=pool.id, remaining=left, level=pool.low_stock_level, at=now)
    session.add(alert)
    session.flush()
    # Imported here: the alerts package reads the dashboard, which this module must not need.
    from app.alerts.pool_stock import raise_pool_alert

    raise_pool_alert(session, pool, alert, now)
    return alert
