"""A seeded member population for end-to-end engine tests, kept as a pandas DataFrame.

Tests compute what a journey should do from the DataFrame with plain pandas and Python —
never through the engine's own code — and compare it with what the engine wrote.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import insert, select

from app.engine.clock import VirtualClock
from app.engine.ticker import tick
from app.extensions import db
from app.models import (
    ChannelConfig,
    CouponTemplate,
    Journey,
    JourneyMember,
    JourneyStep,
    JourneyVersion,
    Member,
    MessageTemplate,
)
from tests.engine.factories import START

TIERS = ("basic", "silver", "gold", "platinum", "diamond")
CITIES = ("Shanghai", "Beijing", "Shenzhen", "Hangzhou", None)
ZONES = ("Asia/Shanghai", "Asia/Tokyo", "Europe/Berlin", "America/New_York")


def make_population(count: int = 300, seed: int = 11) -> pd.DataFrame:
    """Insert ``count`` members with varied profiles; returns them as a DataFrame by id."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        birthday = date(rng.randint(1970, 2004), 1, 1) + timedelta(days=rng.randint(0, 364))
        attributes = {}
        if rng.random() < 0.8:
            attributes["score"] = rng.randint(0, 100)
        if rng.random() < 0.5:
            attributes["visits"] = rng.randint(0, 9)
        rows.append(
            {
                "external_id": f"p{i}",
                "name": f"Member {i}",
                "registered_at": START - timedelta(days=rng.randint(0, 900)),
                "timezone": rng.choice(ZONES),
                "tier": rng.choice(TIERS),
                "gender": rng.choice(("female", "male", "other", "unknown")),
                "city": rng.choice(CITIES),
                "points_balance": rng.choice((0, 20, 50, 80, 150, 400)),
                "birthday": birthday,
                "birthday_mmdd": birthday.month * 100 + birthday.day,
                "consent_email": rng.random() < 0.6,
                "consent_sms": rng.random() < 0.5,
                "consent_push": rng.random() < 0.7,
                "attributes": attributes,
            }
        )
    db.session.execute(insert(Member), rows)
    db.session.commit()
    ids = db.session.scalars(select(Member.id).order_by(Member.id)).all()
    frame = pd.DataFrame(rows)
    frame["id"] = ids
    frame["score"] = [a.get("score") for a in frame["attributes"]]
    frame["visits"] = [a.get("visits") for a in frame["attributes"]]
    return frame.set_index("id", drop=False)


def arm_point(member_id: int, node_id: str, salt: str = "") -> int:
    """The documented assignment hash: BLAKE2b-64 of ``"<salt>:<journey key>/<node>:<member>"``
    mod 10,000 (``node_id`` here is ``"<journey key>/<node>"``)."""
    text = f"{salt}:{node_id}:{member_id}".encode()
    return int(hashlib.blake2b(text, digest_size=8).hexdigest(), 16) % 10_000


def weighted_arm(point: int, arms: list[tuple[str, int]]) -> str:
    """The arm whose cumulative share (percent of 10,000 points) first exceeds ``point``."""
    total = 0
    for key, weight in arms:
        total += weight * 100
        if point < total:
            return key
    return arms[-1][0]


def add_templates(*channels: str) -> None:
    """A coupon template ``gift`` and, for each channel, a message template ``hello-<channel>``."""
    db.session.add(
        CouponTemplate(
            key="gift",
            name="Gift",
            kind="amount_off",
            terms={"threshold": 100, "amount": 20},
            validity={"days_after_grant": 7},
            per_member_limit=1,
            channels=["online"],
        )
    )
    for channel in channels:
        db.session.add(
            MessageTemplate(
                key=f"hello-{channel}",
                name=f"Hello on {channel}",
                channel=channel,
                subject="Hi",
                body="Hi {{ member.name }}",
            )
        )
        db.session.merge(ChannelConfig(channel=channel, enabled=True, settings={}))
    db.session.commit()


def run(clock: VirtualClock, **advance) -> None:
    """Move the clock (if asked) and let the ticker advance every due member."""
    if advance:
        clock.advance(**advance)
    while tick(clock, max_seconds=60):
        pass
    db.session.rollback()


def steps(journey_key: str) -> pd.DataFrame:
    """The journey's step log: member, node, outcome, branch, detail, in log order."""
    rows = db.session.execute(
        select(
            JourneyStep.member_id,
            JourneyStep.node_id,
            JourneyStep.outcome,
            JourneyStep.branch,
            JourneyStep.detail,
        )
        .join(Journey, Journey.id == JourneyStep.journey_id)
        .where(Journey.key == journey_key)
        .order_by(JourneyStep.journey_member_id, JourneyStep.step_no)
    ).all()
    return pd.DataFrame(rows, columns=["member_id", "node_id", "outcome", "branch", "detail"])


def passed(journey_key: str) -> Counter:
    """``{(node, branch): members}`` of every node members passed (``None`` branch: left)."""
    log = steps(journey_key)
    left = log[log.outcome.isin(("passed", "exited", "completed"))]
    return Counter(
        (node, branch if outcome == "passed" else None)
        for node, outcome, branch in zip(left.node_id, left.outcome, left.branch, strict=True)
    )


def members_by(journey_key: str, node_id: str, branch: str | None = None) -> set[int]:
    """Members who passed ``node_id`` (by ``branch`` when given)."""
    log = steps(journey_key)
    rows = log[(log.node_id == node_id) & (log.outcome == "passed")]
    if branch is not None:
        rows = rows[rows.branch == branch]
    return set(rows.member_id)


def statuses(journey_key: str) -> Counter:
    return Counter(
        db.session.scalars(
            select(JourneyMember.status)
            .join(Journey, Journey.id == JourneyMember.journey_id)
            .where(Journey.key == journey_key)
        )
    )


def journey_version(key: str) -> JourneyVersion:
    return db.session.scalar(
        select(JourneyVersion)
        .join(Journey, Journey.id == JourneyVersion.journey_id)
        .where(Journey.key == key, JourneyVersion.status == "published")
    )
