"""Helpers for referral tests: members posted through the API, with or without a code."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import Member
from tests.coupons.conftest import template  # noqa: F401  (fixture)
from tests.engine.factories import START


@pytest.fixture
def clock(app):
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    return clock


@pytest.fixture
def post_members(admin_client):
    """Post member records (``(external_id, referral_code or None)``) in one bulk call."""

    def post(*records, **fields):
        body = [
            {"external_id": ext, **({"referral_code": code} if code else {}), **fields}
            for ext, code in records
        ]
        answer = admin_client.post("/api/members/bulk", json={"records": body})
        assert answer.status_code == 200, answer.get_json()
        return answer.get_json()

    return post


@pytest.fixture
def code_of(admin_client):
    def code(external_id: str) -> str:
        member_id = db.session.scalar(db.select(Member.id).where(Member.external_id == external_id))
        answer = admin_client.get(f"/api/members/{member_id}/invitation")
        assert answer.status_code == 200
        return answer.get_json()["code"]

    return code


@pytest.fixture
def post_order(admin_client):
    def post(external_id: str, member: str, amount: int, at=START + timedelta(hours=1)):
        body = {
            "external_id": external_id, "member_external_id": member,
            "amount": amount, "paid_at": at.isoformat(),
        }  # fmt: skip
        answer = admin_client.post("/api/orders", json=body)
        assert answer.status_code == 200, answer.get_json()

    return post
