"""A journey report's member-side figures split by the members' registration channel.

Per channel: the members who entered the journey in the period, and the figures of
``effect.member_block`` over the credited orders of that channel's members. Members
registered without a channel are the row ``channel: null``. A member's channel is read now.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import JourneyMember, Member
from app.reports.effect import member_block
from app.reports.frames import period


def _channels(session: Session, member_ids) -> pd.DataFrame:
    """member_id -> registration channel of the credited members, in chunks."""
    ids = sorted({int(m) for m in member_ids})
    rows = []
    for start in range(0, len(ids), 5000):
        rows += session.execute(
            select(Member.id, Member.registration_channel).where(
                Member.id.in_(ids[start : start + 5000])
            )
        ).all()
    return pd.DataFrame(rows, columns=["member_id", "channel"])


def _entered(
    session: Session, journey_id: int, since: datetime | None, until: datetime | None
) -> dict:
    """Distinct members who entered the journey (real runs) in the period, per channel."""
    rows = session.execute(
        select(Member.registration_channel, func.count(func.distinct(JourneyMember.member_id)))
        .join(Member, Member.id == JourneyMember.member_id)
        .where(
            JourneyMember.journey_id == journey_id,
            JourneyMember.is_test.is_(False),
            *period(JourneyMember.entered_at, since, until),
        )
        .group_by(Member.registration_channel)
    ).all()
    return {channel: int(n) for channel, n in rows}


def source_block(
    session: Session,
    journey_id: int,
    credited: pd.DataFrame,
    since: datetime | None,
    until: datetime | None,
) -> list[dict]:
    """One row per registration channel met (entered or credited), by paid amount, then
    channel (no channel last)."""
    entered = _entered(session, journey_id, since, until)
    channels = _channels(session, credited["member_id"])
    tagged = credited.merge(channels, on="member_id", how="left")
    tagged["channel"] = tagged["channel"].astype(object).where(tagged["channel"].notna(), None)
    found = set(entered) | set(tagged["channel"])
    rows = []
    for channel in found:
        same = tagged["channel"].isna() if channel is None else tagged["channel"] == channel
        mine = tagged[same]
        rows.append(
            {
                "channel": channel,
                "entered_members": entered.get(channel, 0),
                **member_block(mine.drop(columns="channel")),
            }
        )
    return sorted(rows, key=lambda r: (-r["paid_amount"], r["channel"] is None, r["channel"] or ""))
