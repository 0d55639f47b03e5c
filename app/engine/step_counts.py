"""Per-node step counts of real runs, added in the transaction that logs the steps.

Every writer of the step log (a batch, an event waking or ending runs, a resume) passes
the steps it logged here as ``{(journey_id, node_id, outcome, branch): n}``; test runs are
left out, as the live counters show real members only. Rows are added to in one sorted
order, so two PostgreSQL workers adding to the same rows wait for each other, never
deadlock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.bulk import execute_many
from app.models.runs import JourneyStepCount

#: ``(journey_id, node_id, outcome, branch)``, branch ``None`` when the step had none.
CountKey = tuple[int, str, str, str | None]


def add_step_counts(connection: Connection, counts: Counter[CountKey]) -> None:
    """Add ``counts`` to the stored ones (one statement per distinct key)."""
    rows = sorted(
        (journey_id, node_id, outcome, branch or "", n)
        for (journey_id, node_id, outcome, branch), n in counts.items()
        if n
    )
    if not rows:
        return
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = (
        "INSERT INTO journey_step_counts (journey_id, node_id, outcome, branch, count) "
        f"VALUES ({', '.join([mark] * 5)}) "
        "ON CONFLICT (journey_id, node_id, outcome, branch) "
        "DO UPDATE SET count = journey_step_counts.count + excluded.count"
    )
    execute_many(connection, sql, rows)


def counts_of_rows(steps: Iterable[dict], test_runs: set[int]) -> Counter[CountKey]:
    """The counts of step rows (dicts of ``journey_steps`` columns), test runs left out."""
    return Counter(
        (step["journey_id"], step["node_id"], step["outcome"], step["branch"])
        for step in steps
        if step["journey_member_id"] not in test_runs
    )


def step_counts(session: Session, journey_id: int) -> list[tuple[str, str, str | None, int]]:
    """``(node_id, outcome, branch, count)`` of a journey's real runs."""
    rows = session.execute(
        select(
            JourneyStepCount.node_id,
            JourneyStepCount.outcome,
            JourneyStepCount.branch,
            JourneyStepCount.count,
        ).where(JourneyStepCount.journey_id == journey_id)
    )
    return [(node_id, outcome, branch or None, count) for node_id, outcome, branch, count in rows]
