"""Random raw rows for the dashboard tests: members, orders of every status, credited orders,
sent messages, written straight into the tables."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert

from app.extensions import db
from app.models import Journey, Member, Order, OrderAttribution, OutboxMessage
from app.models.members import TIERS

NOW = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)
SEGMENTS = ("Champions", "Loyal", "At risk", "Hibernating", None)
CHANNELS = ("app", "store", "web", None)


def seed(members: int = 300, orders: int = 2500, seed_: int = 7, now: datetime = NOW) -> None:
    rng = random.Random(seed_)
    start = now - timedelta(days=400)

    def moment() -> datetime:
        return start + timedelta(seconds=rng.randrange(int((now - start).total_seconds())))

    db.session.execute(
        insert(Member),
        [
            {
                "id": i,
                "external_id": f"m{i}",
                "registered_at": moment(),
                "attributes": {},
                "tier": rng.choice(TIERS),
                "rfm_segment": rng.choice(SEGMENTS),
                "registration_channel": rng.choice(CHANNELS),
            }
            for i in range(1, members + 1)
        ],
    )
    rows = []
    for i in range(1, orders + 1):
        amount = Decimal(rng.randrange(1000, 40000)) / 100
        discount = Decimal(rng.choice([0, 0, 5, 10]))
        status = rng.choices(["paid", "placed", "cancelled", "refunded"], [85, 5, 5, 5])[0]
        refunded = Decimal(rng.choice([0, 0, 0, 3])) if status == "paid" else Decimal(0)
        net = amount - discount - refunded if status == "paid" else None
        rows.append(
            {
                "id": i,
                "external_id": f"o{i}",
                "member_id": rng.randrange(1, members + 1),
                "amount": amount,
                "discount": discount,
                "refunded": refunded,
                "status": status,
                "net_amount": net,
                "paid_at": moment(),
            }
        )
    db.session.execute(insert(Order), rows)
    db.session.execute(
        insert(Journey),
        [{"id": j, "key": f"j{j}", "name": f"Journey {j}", "status": "live"} for j in (1, 2, 3)],
    )
    credited = rng.sample(rows, 600)
    db.session.execute(
        insert(OrderAttribution),
        [
            {
                "order_id": o["id"],
                "journey_id": rng.choice((1, 2, 3)),
                "journey_member_id": o["id"],
                "member_id": o["member_id"],
                "node_id": "send",
                "touch_id": o["id"],
                "paid_at": o["paid_at"],
            }
            for o in credited
        ],
    )
    messages = []
    for i in range(1, 900):
        channel = rng.choice(["sms", "email", "inapp", "push"])
        sent = rng.random() < 0.9
        at = moment()
        messages.append(
            {
                "id": i,
                "idempotency_key": f"k{i}",
                "member_id": rng.randrange(1, members + 1),
                "channel": channel,
                "template_key": "t",
                "status": "sent" if sent else "pending",
                "next_attempt_at": at,
                "sent_at": at if sent else None,
                "cost": Decimal("0.04") if channel == "sms" and sent else None,
                "context": {},
            }
        )
    db.session.execute(insert(OutboxMessage), messages)
    db.session.commit()
