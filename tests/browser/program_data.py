"""Members through a coupon-and-message journey while a control group is set, then orders
for everyone over the following days, posted through the bulk orders API as a shop would.
Members the journey acted on buy a little more often, as a working offer would make them."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models import JourneyMember, Member
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import add_templates, run


def _document() -> dict:
    doc = document(
        "spring-offer",
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
    doc["name"] = "Spring offer"
    return doc


def run_program(client, headers: dict, members: int = 500) -> list[int]:
    """The member ids, after the journey ran at ``START`` and their orders were posted."""
    ids = make_members(members)
    add_templates("inapp")
    enter_members(db.session, publish(_document()), "start", ids, "api:1", START)
    db.session.commit()
    run(VirtualClock(START))
    held = set(
        db.session.scalars(
            select(JourneyMember.member_id).where(JourneyMember.status == "held_out")
        )
    )
    rng = random.Random(5)
    externals = dict(db.session.execute(select(Member.id, Member.external_id)).all())
    records = []
    for m in ids:
        count = rng.choice([0, 0, 1, 1, 2]) + (m not in held and rng.random() < 0.2)
        records += [
            {
                "external_id": f"o{m}-{k}",
                "member_external_id": externals[m],
                "amount": rng.choice(["40.00", "90.00", "150.00"]),
                "paid_at": (START + timedelta(hours=rng.uniform(-48, 24 * 10))).isoformat(),
            }
            for k in range(count)
        ]
    response = client.post("/api/orders/bulk", json={"records": records}, headers=headers)
    assert response.status_code == 200, response.get_json()
    return ids
