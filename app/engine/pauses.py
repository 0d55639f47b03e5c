"""Pauses: who fell due while a journey was paused, and what happens to their sends.

A paused journey takes no step, but its waits keep counting down. On resume every real
member who fell due meanwhile gets a ``paused`` step in the log, numbered like any other
step, with the pause window in its detail — the durable record of the pause as that member
lived it. The ticker then moves those members on. A send node they reach in that first
step after the pause follows the journey's ``resume_sends`` setting: ``send`` queues the
message late, ``skip`` records the send as skipped with the reason and moves on.

The marker is the run's latest logged step exactly until that first step is written: a
batch writes its steps when it commits, so inside the batch a send node can tell from the
log whether the member is catching up on a pause.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session, aliased

from app.engine.step_counts import add_step_counts, counts_of_rows
from app.models.runs import LIVE_STATUSES, JourneyMember, JourneyStep

#: The step outcome that marks a member who fell due during a pause.
PAUSED = "paused"
#: What ``resume_sends`` may say; ``send`` is the default.
RESUME_SENDS = ("send", "skip")
_CHUNK = 5000


def mark_overdue(
    session: Session, journey_id: int, resumed_at: datetime, paused_at: datetime | None = None
) -> int:
    """Log a ``paused`` step for each real member of the journey due by ``resumed_at``.

    With ``paused_at`` only members who fell due inside the window are marked; without it,
    every member overdue at resume is (a running journey leaves nobody overdue for more than
    a tick). Returns how many were marked. The caller commits, with the resume itself.
    """
    query = select(
        JourneyMember.id,
        JourneyMember.step_no,
        JourneyMember.version_id,
        JourneyMember.member_id,
        JourneyMember.node_id,
        JourneyMember.due_at,
    ).where(
        JourneyMember.journey_id == journey_id,
        JourneyMember.status.in_(LIVE_STATUSES),
        JourneyMember.is_test.is_(False),
        JourneyMember.due_at <= resumed_at,
    )
    if paused_at is not None:
        query = query.where(JourneyMember.due_at >= paused_at)
    if session.get_bind().dialect.name == "postgresql":
        # Event ingestion may step the same runs; the resume's transaction goes first.
        query = query.with_for_update()
    runs = session.execute(query).all()
    window = {
        "paused_at": paused_at.isoformat() if paused_at else None,
        "resumed_at": resumed_at.isoformat(),
    }
    for start in range(0, len(runs), _CHUNK):
        chunk = runs[start : start + _CHUNK]
        steps = [
            {
                "journey_member_id": run.id,
                "step_no": run.step_no + 1,
                "journey_id": journey_id,
                "version_id": run.version_id,
                "member_id": run.member_id,
                "node_id": run.node_id,
                "branch": None,
                "outcome": PAUSED,
                "detail": {**window, "due_at": run.due_at.isoformat()},
                "at": resumed_at,
            }
            for run in chunk
        ]
        session.execute(JourneyStep.__table__.insert(), steps)
        # Only real runs are resumed here (test runs never pause).
        add_step_counts(session.connection(), counts_of_rows(steps, set()))
        session.execute(
            update(JourneyMember)
            .where(JourneyMember.id.in_([run.id for run in chunk]))
            .values(step_no=JourneyMember.step_no + 1, updated_at=resumed_at)
            .execution_options(synchronize_session=False)
        )
    return len(runs)


def caught_in_pause(session: Session, run_ids: list[int]) -> dict[int, dict]:
    """``{run_id: pause detail}`` for the runs whose latest logged step is a pause marker."""
    if not run_ids:
        return {}
    later = aliased(JourneyStep)
    rows = session.execute(
        select(JourneyStep.journey_member_id, JourneyStep.detail).where(
            JourneyStep.journey_member_id.in_(run_ids),
            JourneyStep.outcome == PAUSED,
            ~exists().where(
                later.journey_member_id == JourneyStep.journey_member_id,
                later.step_no > JourneyStep.step_no,
            ),
        )
    )
    return {run_id: detail or {} for run_id, detail in rows}


def skip_detail(setting: str, pause: dict | None) -> dict | None:
    """The step detail of a send that is skipped, or None when the message goes out.

    A pure decision: ``pause`` is the member's pause marker (None when their send did not
    fall into a pause), ``setting`` the journey's ``resume_sends``.
    """
    if pause is None or setting != "skip":
        return None
    return {
        "send": "skipped",
        "reason": "due while the journey was paused",
        "due_at": pause.get("due_at"),
        "resumed_at": pause.get("resumed_at"),
    }


def skipped_sends(ctx, states) -> dict[int, dict]:
    """``{run_id: step detail}`` of the members at a send node whose send is skipped."""
    setting = ctx.graph.settings.get("resume_sends") or "send"
    if setting != "skip" or ctx.test_mode:
        return {}
    pauses = caught_in_pause(ctx.session, [s.id for s in states])
    return {
        run_id: detail
        for run_id, detail in ((r, skip_detail(setting, p)) for r, p in pauses.items())
        if detail is not None
    }
