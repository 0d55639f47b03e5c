"""The newest member steps of a journey, read from the step log for a page that just opened.

The step log has no index by journey (see :class:`app.models.runs.JourneyStep`), so the read
walks the log backwards by id and looks at the newest ``WINDOW`` rows only: a journey whose
members moved among the last steps written shows them, a journey idle for longer shows none,
and opening the page never scans the whole log.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.journeys import Journey
from app.models.members import Member
from app.models.runs import JourneyStep

#: How many of the newest step-log rows the read looks through.
WINDOW = 50_000


def recent_steps(session: Session, journey: Journey, limit: int = 20) -> list[dict]:
    """The journey's newest ``limit`` real steps, oldest first, as ``steps`` events carry them."""
    newest = session.scalar(select(func.max(JourneyStep.id)))
    if newest is None:
        return []
    rows = session.execute(
        select(
            Member.external_id,
            JourneyStep.node_id,
            JourneyStep.outcome,
            JourneyStep.branch,
            JourneyStep.at,
        )
        .join(Member, Member.id == JourneyStep.member_id)
        .where(JourneyStep.journey_id == journey.id, JourneyStep.id > newest - WINDOW)
        .order_by(JourneyStep.id.desc())
        .limit(limit)
    ).all()
    return [
        {"member": ext, "node": node, "outcome": outcome, "branch": branch, "at": at.isoformat()}
        for ext, node, outcome, branch, at in reversed(rows)
    ]
