"""Rule-based exit criteria for members who are waiting.

The runner checks a journey's rule-based exit criteria for every run it claims, before the
run's next step; a member held by a wait would only be checked when the wait ends. This
sweep, run with the entry jobs (every minute), takes out members waiting in a running journey
(``waiting`` or ``waiting_event``, not yet due) who now match the criteria: one query per
journey and criterion (the audience rules compiled to SQL), one bulk write of their exit
steps and states. Runs already due are left to the runner, which checks them anyway.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.audiences.rules.compiler import member_ids_query
from app.engine.live import running_versions
from app.engine.step_counts import add_step_counts, counts_of_rows
from app.engine.step_log import step_row
from app.engine.ticker import engine_session
from app.models.runs import JourneyMember, JourneyStep

WAITING = ("waiting", "waiting_event")


def sweep_exit_criteria(now: datetime, session: Session | None = None) -> int:
    """Take out waiting members who meet their journey's rule-based exit criteria (on
    ``session`` when given, the caller committing; else in an engine transaction)."""
    if session is None:
        with engine_session() as own:
            left = sweep_exit_criteria(now, own)
            own.commit()
        return left
    left = 0
    for journey, _version, graph in running_versions(session):
        criteria = [
            c["rules"]
            for c in graph.settings.get("exit_criteria") or []
            if c.get("kind") == "rules"
        ]
        for rules in criteria:
            left += _exit_matching(session, journey.id, rules, now)
    return left


def _exit_matching(session, journey_id: int, rules, now: datetime) -> int:
    query = select(
        JourneyMember.id,
        JourneyMember.journey_id,
        JourneyMember.version_id,
        JourneyMember.member_id,
        JourneyMember.node_id,
        JourneyMember.step_no,
        JourneyMember.path,
        JourneyMember.is_test,
    ).where(
        JourneyMember.journey_id == journey_id,
        JourneyMember.status.in_(WAITING),
        JourneyMember.due_at > now,
        JourneyMember.is_test.is_(False),
        JourneyMember.member_id.in_(member_ids_query(rules, now)),
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=JourneyMember)
    runs = session.execute(query).all()
    updates, steps = [], []
    for run in runs:
        step_no = run.step_no + 1
        steps.append(
            step_row(run, step_no, "exited", "exit_criteria", {"reason": "exit criteria"}, now)
        )
        updates.append(
            {
                "id": run.id,
                "status": "exited",
                "due_at": None,
                "step_no": step_no,
                "path": [*(run.path or []), [run.node_id, "exit_criteria"]],
                "updated_at": now,
                "finished_at": now,
            }
        )
    if steps:
        session.execute(insert(JourneyStep), steps)
        add_step_counts(session.connection(), counts_of_rows(steps, set()))
        session.execute(update(JourneyMember), updates)
    return len(updates)
