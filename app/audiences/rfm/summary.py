"""The RFM view: segment sizes, their share of members and of revenue, the last refresh."""

from __future__ import annotations

from sqlalchemy import Float, cast, func, select
from sqlalchemy.orm import Session

from app.audiences.rfm.segments import SEGMENT_NAMES, segment_description
from app.models import Member, RfmRefresh

#: The window descriptions use before any refresh, unless the caller gives the configured one.
DEFAULT_WINDOW_DAYS = 365


def rfm_summary(session: Session, window_days: int = DEFAULT_WINDOW_DAYS) -> dict:
    """Every segment (all named ones, empty ones too) with what it means, its members and
    their revenue shares, and the last refresh.

    Revenue is the members' total spend (all time, from the denormalised order facts: net
    paid amounts). Members never scored are counted under ``segment: null``. Descriptions
    use the window of the last refresh, else ``window_days``; ``as_of`` is the moment the
    last refresh scored at (its run time unless it was run at a past date).
    """
    rows = session.execute(
        select(
            Member.rfm_segment,
            func.count(Member.id),
            func.coalesce(func.sum(cast(Member.total_spent, Float)), 0.0),
        ).group_by(Member.rfm_segment)
    ).all()
    last = session.scalars(
        select(RfmRefresh).order_by(RfmRefresh.refreshed_at.desc(), RfmRefresh.id.desc()).limit(1)
    ).first()
    days = last.window_days if last else window_days
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
                "description": segment_description(name, days) if name else "Not scored yet",
                "members": count,
                "member_share": round(count / total_members, 4) if total_members else 0.0,
                "revenue": round(revenue, 2),
                "revenue_share": round(revenue / total_revenue, 4) if total_revenue else 0.0,
            }
        )
    return {
        "segments": segments,
        "refreshed_at": last.refreshed_at.isoformat() if last else None,
        "as_of": (last.as_of or last.refreshed_at).isoformat() if last else None,
        "window_days": days,
    }
