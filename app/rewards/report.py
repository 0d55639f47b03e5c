"""The points programme in numbers: points issued, redeemed, expired and outstanding, the
liability outstanding points carry, and redemption by tier and by reward.

Definitions (for a period ``[since, until)``; either end may be open):

* **issued**: the sum of positive ledger lines booked in the period (earnings and upward
  adjustments);
* **redeemed**: the points of reward redemptions made in the period;
* **expired**: points taken by expiry in the period; **adjusted down**: points taken by
  downward adjustments in the period;
* **outstanding**: the sum of all members' balances now, whatever the period;
  **liability** = outstanding × the value of one point (program setting ``points_value``);
* by **tier** — each member counted in the tier they hold now: members, members who redeemed
  in the period, their share (**member redemption rate**), and points redeemed ÷ points
  issued to the tier's members in the period (**points redemption rate**, none when nothing
  was issued).

The database sums (a few ``GROUP BY`` queries); :func:`assemble` is a pure function of those
sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.models import Member, PointsEntry, Reward, RewardRedemption
from app.models.points import TIER_ORDER
from app.rewards.settings import yuan_per_point

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    since: datetime | None = None
    until: datetime | None = None

    def bound(self, column):
        """The ``WHERE`` conditions that keep ``column`` inside the period."""
        out = []
        if self.since is not None:
            out.append(column >= self.since)
        if self.until is not None:
            out.append(column < self.until)
        return out


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 6) if denominator else None


def assemble(
    members: dict[str, tuple[int, int]],
    ledger: dict[str, tuple[int, int, int]],
    redemptions: dict[str, tuple[int, int, int]],
    rewards: list[tuple[str, str, int, int]],
    value: Decimal,
) -> dict:
    """The report from sums per tier.

    ``members[tier] = (members, balance)``, ``ledger[tier] = (issued, expired, adjusted
    down)``, ``redemptions[tier] = (redemptions, redeeming members, points)``, ``rewards`` =
    ``(key, name, redemptions, points)`` rows, ``value`` = yuan per point.
    """
    tiers = [t for t in TIER_ORDER if t in members or t in ledger or t in redemptions]
    tiers += sorted((set(members) | set(ledger) | set(redemptions)) - set(tiers))
    by_tier = []
    for tier in tiers:
        count, balance = members.get(tier, (0, 0))
        issued, _, _ = ledger.get(tier, (0, 0, 0))
        made, redeemers, points = redemptions.get(tier, (0, 0, 0))
        by_tier.append(
            {
                "tier": tier,
                "members": count,
                "redeemers": redeemers,
                "redemptions": made,
                "member_redemption_rate": _rate(redeemers, count),
                "points_issued": issued,
                "points_redeemed": points,
                "points_redemption_rate": _rate(points, issued),
                "points_outstanding": balance,
            }
        )
    outstanding = sum(b for _, b in members.values())
    issued = sum(v[0] for v in ledger.values())
    redeemed = sum(v[2] for v in redemptions.values())
    return {
        "points_issued": issued,
        "points_redeemed": redeemed,
        "points_expired": sum(v[1] for v in ledger.values()),
        "points_adjusted_down": sum(v[2] for v in ledger.values()),
        "points_outstanding": outstanding,
        "yuan_per_point": str(value),
        "liability": str((outstanding * value).quantize(CENT, rounding=ROUND_HALF_UP)),
        "points_redemption_rate": _rate(redeemed, issued),
        "redemptions": sum(v[0] for v in redemptions.values()),
        "by_tier": by_tier,
        "by_reward": [
            {"reward": key, "name": name, "redemptions": made, "points": points}
            for key, name, made, points in rewards
        ],
    }


def points_report(session: Session, period: Period) -> dict:
    """The report for ``period``, computed by the database in four grouped queries."""
    members = {
        tier: (int(n), int(b or 0))
        for tier, n, b in session.execute(
            select(Member.tier, func.count(), func.sum(Member.points_balance)).group_by(Member.tier)
        )
    }
    ledger_rows = session.execute(
        select(
            Member.tier,
            func.sum(case((PointsEntry.points > 0, PointsEntry.points), else_=0)),
            func.sum(case((PointsEntry.kind == "expire", -PointsEntry.points), else_=0)),
            func.sum(
                case(
                    (
                        (PointsEntry.kind == "adjust") & (PointsEntry.points < 0),
                        -PointsEntry.points,
                    ),
                    else_=0,
                )
            ),
        )
        .join(Member, Member.id == PointsEntry.member_id)
        .where(*period.bound(PointsEntry.created_at))
        .group_by(Member.tier)
    )
    ledger = {tier: (int(i or 0), int(e or 0), int(a or 0)) for tier, i, e, a in ledger_rows}
    redemption_rows = session.execute(
        select(
            Member.tier,
            func.count(),
            func.count(func.distinct(RewardRedemption.member_id)),
            func.sum(RewardRedemption.points),
        )
        .join(Member, Member.id == RewardRedemption.member_id)
        .where(*period.bound(RewardRedemption.created_at))
        .group_by(Member.tier)
    )
    redemptions = {tier: (int(n), int(d), int(p or 0)) for tier, n, d, p in redemption_rows}
    made = (
        select(
            RewardRedemption.reward_id,
            func.count().label("n"),
            func.sum(RewardRedemption.points).label("points"),
        )
        .where(*period.bound(RewardRedemption.created_at))
        .group_by(RewardRedemption.reward_id)
        .subquery()
    )
    rewards = [
        (key, name, int(n or 0), int(p or 0))
        for key, name, n, p in session.execute(
            select(Reward.key, Reward.name, made.c.n, made.c.points)
            .outerjoin(made, made.c.reward_id == Reward.id)
            .order_by(Reward.key)
        )
    ]
    return assemble(members, ledger, redemptions, rewards, yuan_per_point(session))
