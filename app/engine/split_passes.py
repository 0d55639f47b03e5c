"""The members who left a split node by a branch, noted in the batch that logged the step.

A journey's report compares what the members of each branch did after leaving the split
(``docs/attribution.md``); it reads them here, one row per real member, split node and
branch, with the first time they left by it, instead of searching the step log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.bulk import insert_tuples
from app.engine.graph import RunGraph
from app.engine.step_log import StepLog
from app.models.runs import JourneySplitMember
from app.reports.arms import arm_totals_kept

#: The node types whose branches are arms to compare.
SPLIT_TYPES = ("split.random", "split.experiment", "split.condition", "split.multi")

_COLUMNS = ("journey_id", "node_id", "branch", "member_id", "at")


def record_split_passes(
    session: Session, log: StepLog, graphs: dict[int, RunGraph], now: datetime
) -> None:
    """Store the real members of the batch who left a split by a branch; a member already
    stored for that split and branch keeps the time they first left by it."""
    rows = {}
    for (node_id, branch, outcome, _), states in log.groups.items():
        if outcome != "passed" or branch is None:
            continue
        for state in states:
            node = graphs[state.version_id].nodes.get(node_id)
            if state.is_test or node is None or node.type not in SPLIT_TYPES:
                continue
            key = (state.journey_id, node_id, branch, state.member_id)
            rows.setdefault(key, (*key, now))
    if not rows:
        return
    # Each arm's kept totals follow its members (app.reports.arms).
    with arm_totals_kept(session, sorted({key[3] for key in rows})):
        insert_tuples(
            session,
            JourneySplitMember.__table__,
            _COLUMNS,
            sorted(rows.values()),
            ignore_conflicts_on=_COLUMNS[:4],
        )
