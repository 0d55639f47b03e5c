"""Goals convert by the attribution rule: after the member left, on orders posted alone."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models import JourneyConversion, JourneyMember, Member
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import add_templates, run


def _send_then_exit() -> dict:
    return document(
        "send-exit",
        [
            node("start", "entry.api"),
            node("send", "action.send", channel="inapp", template="hello-inapp"),
            node("done", "exit"),
        ],
        [("start", "send"), ("send", "done")],
        goal={"event_type": "order_paid", "conversion_window_days": 7},
    )


def test_an_order_after_the_member_left_converts_within_the_window(app, client, token_headers):
    ids = make_members(4)
    add_templates("inapp")
    version = publish(_send_then_exit())
    enter_members(db.session, version, "start", ids, "api:1", START)
    db.session.commit()
    run(VirtualClock(START))
    assert set(db.session.scalars(select(JourneyMember.status))) == {"exited"}

    externals = dict(db.session.execute(select(Member.id, Member.external_id)).all())
    paid = {
        ids[0]: START + timedelta(hours=1),  # converts, credited to the send
        ids[1]: START + timedelta(days=7, minutes=1),  # after the window
        ids[2]: START - timedelta(hours=1),  # before entering
    }
    records = [
        {
            "external_id": f"o{m}",
            "member_external_id": externals[m],
            "amount": "99.00",
            "paid_at": at.isoformat(),
        }
        for m, at in paid.items()
    ]
    response = client.post(
        "/api/orders/bulk", json={"records": records}, headers=token_headers("orders:write")
    )
    assert response.status_code == 200, response.get_json()
    conversions = db.session.execute(
        select(JourneyConversion.member_id, JourneyConversion.node_id, JourneyConversion.value)
    ).all()
    assert conversions == [(ids[0], "send", 99.0)]
