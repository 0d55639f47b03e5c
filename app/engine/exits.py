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

from sqlalchemy import select

from app.audiences.rules.compiler import member_ids_query
from app.engine.events import _step, _write
from app.engine.live import running_versions
from app.engine.ticker import engine_session
from app.models.runs import JourneyMember

WAITING = ("waiting", "waiting_event")


def sweep_exit_criteria(now: datetime) -> int:
    """Take out waiting members who meet their journey's rule-based exit criteria."""
    left = 0
    with engine_session() as session:
        for journey, _version, graph in running_versions(session):
            criteria = [
                c["rules"]
                for c in graph.settings.get("exit_criteria") or []
                if c.get("kind") == "rules"
            ]
            for rules in criteria:
                left += _exit_matching(session, journey.id, rules, now)
        session.commit()
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
        step = _step(run, step_no, "exited", "exit_criteria", now)
        step["detail"] = {"reason": "exit criteria"}
        steps.append(step)
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
    _write(session, updates, steps, set())
    return len(updates)
