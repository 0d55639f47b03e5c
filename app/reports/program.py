"""The program report: every journey together against the global control group.

Members who entered any journey in the period are split into those the journeys acted on
(``treatment``) and those the control group held out (``control``). For each, what they
bought from their first entry in the period to its end; the difference per member, with
its 95% interval, times the members acted on is the program's incremental paid amount.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.control_group.settings import control_group
from app.models import Order
from app.models.attribution import OrderAttribution
from app.models.runs import JourneyMember
from app.reports.frames import frame
from app.reports.lift import HOLDOUT, arms_of_members, holdout_lift
from app.reports.service import PeriodQuery


def _entrants(session: Session, since: datetime | None, until: datetime | None) -> pd.DataFrame:
    period = [
        JourneyMember.is_test.is_(False),
        *([JourneyMember.entered_at >= since] if since else []),
        *([JourneyMember.entered_at <= until] if until else []),
    ]
    held = func.max(case((JourneyMember.status == "held_out", 1), else_=0))
    stmt = (
        select(JourneyMember.member_id, func.min(JourneyMember.entered_at), held)
        .where(*period)
        .group_by(JourneyMember.member_id)
    )
    out = frame(session, stmt, ["member_id", "at", "held"])
    out["at"] = pd.to_datetime(out["at"], utc=True)
    return out


def program_report(session: Session, query: PeriodQuery, now: datetime) -> dict:
    since, until = query.bounds()
    end = min(until, now) if until else now
    entrants = _entrants(session, since, until)
    group = control_group(session)
    result = {
        "control_group_percent": group.percent,
        "from": since.isoformat() if since else None,
        "to": end.isoformat(),
    }
    if entrants.empty:
        return result | {"treatment": None, "control": None, "incremental_paid_amount": None}
    members = select(JourneyMember.member_id).where(JourneyMember.is_test.is_(False))
    orders = frame(
        session,
        select(Order.member_id, Order.paid_at, Order.net_amount).where(
            Order.member_id.in_(members.distinct()),
            Order.net_amount.is_not(None),
            Order.paid_at >= entrants["at"].min().to_pydatetime(),
            Order.paid_at <= end,
        ),
        ["member_id", "paid_at", "net_amount"],
        money=("net_amount",),
    )
    orders["paid_at"] = pd.to_datetime(orders["paid_at"], utc=True)
    joined = entrants.merge(orders, on="member_id", how="left")
    after = joined["paid_at"] >= joined["at"]
    joined = joined.assign(
        orders=after.astype("int64"), amount=joined["net_amount"].where(after, 0.0)
    )
    outcomes = (
        joined.groupby(["member_id", "held"], sort=False)
        .agg(orders=("orders", "sum"), amount=("amount", "sum"))
        .reset_index()
    )
    outcomes["branch"] = outcomes["held"].map(lambda h: HOLDOUT if h else "treatment")
    lift = holdout_lift(arms_of_members(outcomes), "program", "All journeys")
    treated = lift["treatment"]["members"]
    per_member = lift["paid_per_member_lift"]
    incremental = None
    if per_member and per_member["absolute"] is not None:
        low, high = per_member["absolute_ci95"]
        incremental = {
            "amount": round(per_member["absolute"] * treated, 2),
            "ci95": [
                round(low * treated, 2) if low is not None else None,
                round(high * treated, 2) if high is not None else None,
            ],
        }
    credited = select(func.count(func.distinct(OrderAttribution.order_id))).where(
        *([OrderAttribution.paid_at >= since] if since else []),
        OrderAttribution.paid_at <= end,
    )
    return result | {
        "treatment": lift["treatment"],
        "control": lift["holdout"],
        "conversion_lift": lift["conversion_lift"],
        "paid_per_member_lift": per_member,
        "incremental_paid_amount": incremental,
        "credited_orders": int(session.scalar(credited) or 0),
    }
