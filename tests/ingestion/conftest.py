"""Fixtures for ingestion tests: a system token with every write scope, row counts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Category, Event, Member, MemberTag, Order, OrderItem, Product

TABLES = (Member, MemberTag, Order, OrderItem, Event, Product, Category)


@pytest.fixture
def system(token_headers) -> dict:
    """Bearer headers of a system allowed to post members, orders and events."""
    return token_headers("members:write", "orders:write", "events:write")


@pytest.fixture
def counts():
    """Row counts of every table ingestion writes, to show that nothing was written."""

    def count() -> dict:
        db.session.expire_all()
        return {
            m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in TABLES
        }

    return count


@pytest.fixture
def post(client, system):
    """POST JSON as the system; returns the response."""

    def send(path: str, body) -> object:
        return client.post(path, json=body, headers=system)

    return send


@pytest.fixture
def members(post):
    """Store members with these external ids."""

    def make(*external_ids: str) -> None:
        records = [{"external_id": e, "name": e} for e in external_ids]
        response = post("/api/members/bulk", {"records": records})
        assert response.status_code == 200, response.get_json()

    return make
