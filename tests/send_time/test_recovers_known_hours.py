"""Simulated members whose active hours are known: the refresh, reading their opens, clicks,
visits and orders from the real tables, recovers each member's hour (in their own
timezone), and gives members with little or no history their segment's hour."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import insert, select

from app.extensions import db
from app.models import DeliveryEvent, Event, Member, MemberSendTime, Order, OutboxMessage
from app.send_time.refresh import refresh_send_times

NOW = datetime(2026, 6, 1, tzinfo=UTC)
ZONES = ("Asia/Shanghai", "Europe/Berlin", "America/New_York")
#: Each segment's members are active near the segment's hour of the week (local time).
#: "" is members without a segment.
SEGMENT_HOURS = {"Champions": 44, "At risk": 97, "": 140}  # Tue 20h, Fri 1h, Sun 20h


def _circular(a: int, b: int) -> int:
    d = abs(a - b) % 168
    return min(d, 168 - d)


def _simulate(rng: random.Random) -> pd.DataFrame:
    """Members and their known hours; their responses are written to the real tables."""
    people = []
    for i in range(150):
        segment = list(SEGMENT_HOURS)[i % 3]
        history = "rich" if i < 105 else ("one" if i < 129 else "none")
        people.append(
            {
                "external_id": f"s{i}",
                "timezone": ZONES[i % len(ZONES)],
                "rfm_segment": segment,
                "history": history,
                "hour": (SEGMENT_HOURS[segment] + rng.randint(-3, 3)) % 168,
            }
        )
    db.session.execute(
        insert(Member),
        [{k: p[k] for k in ("external_id", "timezone", "rfm_segment")} for p in people],
    )
    ids = dict(db.session.execute(select(Member.external_id, Member.id)).all())
    frame = pd.DataFrame(people)
    frame["member_id"] = frame["external_id"].map(ids)

    orders, events, outbox, opens = [], [], [], []
    monday = datetime(2026, 1, 5)  # a Monday, 21 weeks before NOW
    for p in frame.itertuples():
        zone = ZoneInfo(p.timezone)
        if p.history == "none":
            continue
        if p.history == "one":
            # One open, far from the segment's hours.
            moments = [(p.hour + 84) % 168]
            kinds = ["open"]
        else:
            count = rng.randint(15, 40)
            moments = [
                (p.hour + rng.choice((-1, 0, 0, 0, 1))) % 168
                if rng.random() < 0.7
                else rng.randrange(168)
                for _ in range(count)
            ]
            kinds = [rng.choice(("open", "click", "visit", "order")) for _ in moments]
        for n, (hour, kind) in enumerate(zip(moments, kinds, strict=True)):
            local = monday + timedelta(
                weeks=rng.randrange(20), hours=hour, minutes=rng.randrange(60)
            )
            at = local.replace(tzinfo=zone).astimezone(UTC)
            key = f"{p.member_id}-{n}"
            if kind == "order":
                orders.append(
                    {
                        "external_id": key,
                        "member_id": p.member_id,
                        "amount": Decimal("50"),
                        "paid_at": at,
                    }
                )
            elif kind == "visit":
                events.append(
                    {
                        "member_id": p.member_id,
                        "type": "page_view",
                        "occurred_at": at,
                        "properties": {},
                    }
                )
            else:
                outbox.append(
                    {
                        "idempotency_key": key,
                        "member_id": p.member_id,
                        "channel": "email",
                        "template_key": "news",
                        "context": {},
                        "status": "opened",
                        "next_attempt_at": at,
                    }
                )
                opens.append((key, "clicked" if kind == "click" else "opened", at))
    db.session.execute(insert(Order), orders)
    db.session.execute(insert(Event), events)
    db.session.execute(insert(OutboxMessage), outbox)
    message = dict(
        db.session.execute(select(OutboxMessage.idempotency_key, OutboxMessage.id)).all()
    )
    db.session.execute(
        insert(DeliveryEvent),
        [{"message_id": message[k], "status": s, "at": at, "detail": {}} for k, s, at in opens],
    )
    # Sends that were never opened say nothing about the member's hours.
    db.session.execute(
        insert(DeliveryEvent),
        [
            {"message_id": message[k], "status": "delivered", "at": NOW, "detail": {}}
            for k, _, _ in opens
        ],
    )
    db.session.commit()
    return frame


def test_the_refresh_recovers_known_hours_and_shrinks_little_history_to_the_segment(app):
    people = _simulate(random.Random(3))
    stored = refresh_send_times(db.session, NOW)
    db.session.commit()
    assert stored == len(people)

    found = dict(
        db.session.execute(select(MemberSendTime.member_id, MemberSendTime.hour_of_week)).all()
    )
    people["found"] = people["member_id"].map(found)
    people["off_own"] = [
        _circular(a, b) for a, b in zip(people["found"], people["hour"], strict=True)
    ]
    people["off_segment"] = [
        _circular(f, SEGMENT_HOURS[s])
        for f, s in zip(people["found"], people["rfm_segment"], strict=True)
    ]
    rich = people[people.history == "rich"]
    assert (rich.off_own == 0).mean() >= 0.9, rich[rich.off_own > 0]
    assert rich.off_own.max() <= 1
    # One response is too little to move away from the segment's hours; none is nothing.
    little = people[people.history != "rich"]
    assert little.off_segment.max() <= 3, little
