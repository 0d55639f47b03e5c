"""Coupon test fixtures, and the selection of PostgreSQL-only tests.

Tests marked ``postgres`` (real concurrency) run only when ``TEST_DATABASE_URL`` points at
PostgreSQL; on SQLite they are deselected, not skipped. The hook sees every collected item,
so this applies to ``postgres`` tests anywhere in the suite.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import insert, select

from app.extensions import db
from app.models import CouponTemplate, Member
from tests.factories.coupons import make_coupon_template


def pytest_collection_modifyitems(config, items):
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"):
        return
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("postgres") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture
def members(app):
    """Insert ``n`` members in one statement; returns their ids in order."""

    def make(n: int, prefix: str = "M", **fields) -> list[int]:
        start = db.session.query(Member).count()
        rows = [{"external_id": f"{prefix}{start + i:06d}", **fields} for i in range(n)]
        db.session.execute(insert(Member), rows)
        db.session.commit()
        ext = [r["external_id"] for r in rows]
        found = dict(db.session.execute(select(Member.external_id, Member.id)).all())
        return [found[e] for e in ext]

    return make


@pytest.fixture
def template(app):
    """Create a coupon template (spend 200, 50 off; 30 days; online and POS by default)."""

    def make(key: str = "spend200", **fields) -> CouponTemplate:
        return make_coupon_template(key, **fields)

    return make
