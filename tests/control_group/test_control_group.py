"""The global control group: who is in it, that journeys never act on them, and the program
report of all journeys against it."""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta

import pandas as pd
import pytest
from sqlalchemy import func, select

from app.control_group.membership import in_group
from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models import Coupon, JourneyMember, Member, OutboxMessage, ProgramSetting
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import add_templates, run
from tests.reports import expected


def _held(member_ids, percent: float) -> set[int]:
    """Recomputed apart from the app: blake2b of salt and id, 10,000 buckets."""
    salt = db.session.get(ProgramSetting, "control_group").value["salt"]
    out = set()
    for m in member_ids:
        digest = hashlib.blake2b(f"{salt}:{m}".encode(), digest_size=8).digest()
        if int.from_bytes(digest, "big") % 10_000 < percent * 100:
            out.add(m)
    return out


def test_membership_is_stable_and_holds_the_share():
    ids = range(1, 20_001)
    five = in_group(ids, 5, "s1")
    assert 0.045 < len(five) / 20_000 < 0.055
    assert in_group(ids, 5, "s1") == five
    assert five < in_group(ids, 10, "s1")  # growing the share keeps who was in
    assert in_group(ids, 0, "s1") == set()


def test_only_admins_set_it_and_bad_values_are_named(admin_client, viewer_client):
    assert viewer_client.put("/api/program/control-group", json={"percent": 5}).status_code == 403
    response = admin_client.put("/api/program/control-group", json={"percent": 60})
    assert response.status_code == 400
    assert "percent" in str(response.get_json())
    assert db.session.scalar(select(func.count()).select_from(ProgramSetting)) == 0
    assert admin_client.put("/api/program/control-group", json={"percent": 5}).get_json() == {
        "percent": 5.0
    }
    salt = db.session.get(ProgramSetting, "control_group").value["salt"]
    admin_client.put("/api/program/control-group", json={"percent": 8})
    db.session.expire_all()
    assert db.session.get(ProgramSetting, "control_group").value["salt"] == salt
    assert viewer_client.get("/api/program/control-group").get_json() == {"percent": 8.0}


@pytest.fixture
def program(app, admin_client, token_headers):
    """300 members through a coupon-and-message journey with a 20% control group, then
    orders for everyone over the next days."""
    assert admin_client.put("/api/program/control-group", json={"percent": 20}).status_code == 200
    ids = make_members(300)
    add_templates("inapp")
    doc = document(
        "offer",
        [
            node("start", "entry.api"),
            node("coupon", "action.coupon", coupon_template="gift"),
            node("send", "action.send", channel="inapp", template="hello-inapp"),
            node("done", "exit"),
            node("none", "exit"),
        ],
        [
            ("start", "coupon"),
            ("coupon", "send", "granted"),
            ("coupon", "none", "out_of_stock"),
            ("send", "done"),
        ],
    )
    enter_members(db.session, publish(doc), "start", ids, "api:1", START)
    db.session.commit()
    run(VirtualClock(START))
    rng = random.Random(3)
    externals = dict(db.session.execute(select(Member.id, Member.external_id)).all())
    records = [
        {
            "external_id": f"o{m}-{k}",
            "member_external_id": externals[m],
            "amount": rng.choice(["40.00", "90.00", "150.00"]),
            "paid_at": (START + timedelta(hours=rng.uniform(-48, 24 * 10))).isoformat(),
        }
        for m in ids
        for k in range(rng.choice([0, 1, 1, 2]))
    ]
    response = admin_client.post(
        "/api/orders/bulk", json={"records": records}, headers=token_headers("orders:write")
    )
    assert response.status_code == 200, response.get_json()
    return ids


def test_journeys_never_act_on_the_control_group(program):
    held = _held(program, 20)
    assert 30 < len(held) < 90
    statuses = dict(db.session.execute(select(JourneyMember.member_id, JourneyMember.status)).all())
    assert {m for m, s in statuses.items() if s == "held_out"} == held
    assert not held & set(db.session.scalars(select(Coupon.member_id)))
    assert not held & set(db.session.scalars(select(OutboxMessage.member_id)))
    assert set(db.session.scalars(select(Coupon.member_id))) == set(program) - held


def test_program_report_against_a_pandas_recount(program, viewer_client):
    report = viewer_client.get("/api/reports/program").get_json()
    held = _held(program, 20)
    orders = expected.orders()
    paid = orders[orders["net"].notna() & (orders["paid_at"] >= START)]
    per_member = paid.groupby("member_id")["net"].sum().reindex(program, fill_value=0.0)
    control = per_member[per_member.index.isin(held)]
    treated = per_member[~per_member.index.isin(held)]
    assert report["control"]["members"] == len(control)
    assert report["treatment"]["members"] == len(treated)
    assert report["control"]["paid_amount"] == pytest.approx(round(control.sum(), 2))
    assert report["treatment"]["paying_members"] == int((treated > 0).sum())
    diff = treated.mean() - control.mean()
    assert report["incremental_paid_amount"]["amount"] == pytest.approx(
        round(diff * len(treated), 2), abs=0.02
    )
    low, high = report["incremental_paid_amount"]["ci95"]
    assert low < diff * len(treated) < high
    assert isinstance(pd.Timestamp(report["to"]), pd.Timestamp)
