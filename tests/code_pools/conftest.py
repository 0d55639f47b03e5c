"""Pools, templates and members for the code pool tests."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from app.code_pools.service import upload_codes
from app.extensions import db
from app.models import CouponTemplate
from app.models.code_pools import CodePool
from tests.coupons.conftest import members, template  # noqa: F401  (fixtures)

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


def csv_of(codes, header: str = "code") -> io.BytesIO:
    return io.BytesIO((f"{header}\n" + "".join(f"{c}\n" for c in codes)).encode())


@pytest.fixture
def pool(app):
    """Create a pool holding ``codes``; returns it."""

    def make(key: str = "partner", codes=(), low_stock_level: int = 0) -> CodePool:
        p = CodePool(key=key, name=key.title(), low_stock_level=low_stock_level, created_at=NOW)
        db.session.add(p)
        db.session.flush()
        if codes:
            report = upload_codes(db.session, p, csv_of(codes), NOW)
            assert report.ok, report.errors
        db.session.commit()
        return p

    return make


@pytest.fixture
def pooled_template(template):  # noqa: F811
    def make(key: str = "partner-gift", pool_key: str = "partner", **fields) -> CouponTemplate:
        return template(key=key, code_pool=pool_key, **fields)

    return make
