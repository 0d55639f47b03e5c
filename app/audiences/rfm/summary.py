"""The RFM view: segment sizes, their share of members and of revenue, last refresh time."""

from __future__ import annotations

from sqlalchemy import Float, cast, func, select
from sqlalchemy.orm import Session

from app.audiences.rfm.segments import SEGMENT_NAMES
from app.models import Member, RfmRefresh


def rfm_summary(session: Session) -> dict:
    """Every segment (all named ones, empty ones too) with members and revenue shares.

    Revenue is the members' total spend (all time, from the denormalised order facts).
    Members never scored are counted under ``segment: null``.
    """
    rows = session.execute(
        select(
            Member.rfm_segment,
            func.count(Member.id),
            func.coalesce(func.sum(cast(Member.total_spent, Float)), 0.0),
        ).group_by(Member.rfm_segment)
    ).all()
    by_segment = {segment: (count, float(revenue)) for segment, count, revenue in rows}
    total_members = sum(c for c, _ in by_segment.values())
    total_revenue = sum(r for _, r in by_segment.values())
    names = list(SEGMENT_NAMES) + [s for s in by_segment if s not in SEGMENT_NAMES]
    segments = []
    for name in names:
        count, revenue = by_segment.get(name, (0, 0.0))
        segments.append(
            {
                "segment": name,
                "members": count,
                "member_share": round(count / total_members, 4) if total_members else 0.0,
                "revenue": round(revenue, 2),
                "revenue_share": round(revenue / total_revenue, 4) if total_revenue else 0.0,
            }
        )
    refreshed_at = session.scalar(select(func.max(RfmRefresh.refreshed_at)))
    return {
        "segments": segments,
        "refreshed_at": refreshed_at.isoformat() if refreshed_at else None,
    }
