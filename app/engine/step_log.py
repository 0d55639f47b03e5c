"""Writing a batch: its step log rows and every run's new state, in bulk."""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache

from sqlalchemy.orm import Session

from app.bulk import insert_tuples, update_tuples
from app.engine.batch import RunState
from app.models.runs import JourneyMember, JourneyStep

STEP_COLUMNS = (
    "journey_member_id",
    "step_no",
    "journey_id",
    "version_id",
    "member_id",
    "node_id",
    "branch",
    "outcome",
    "detail",
    "at",
)
STATE_COLUMNS = (
    "node_id",
    "status",
    "due_at",
    "step_no",
    "attempts",
    "last_error",
    "path",
    "updated_at",
    "finished_at",
)


@lru_cache(maxsize=4096)
def _pair_json(pair: tuple[str, str | None]) -> str:
    return json.dumps(pair)


def _extended_path(stored: str | None, added: list) -> str | None:
    """The stored JSON path with this batch's ``(node, branch)`` pairs appended, as text.

    The path only ever grows at its end, so the stored text is extended rather than decoded
    and encoded again (a member's path is as long as the journey they went through).
    """
    if not added:
        return stored or "[]"
    tail = ", ".join(map(_pair_json, added))
    head = (stored or "[]").rstrip()[:-1].rstrip()
    return f"[{tail}]" if head == "[" else f"{head}, {tail}]"


def write_batch(
    session: Session,
    states: list[RunState],
    stored_paths: dict[int, str | None],
    steps: list[tuple],
    now: datetime,
) -> None:
    """Insert the batch's ``steps`` (rows in :data:`STEP_COLUMNS` order) and update every
    claimed run to its new state, paths extended with what the batch appended."""
    insert_tuples(session, JourneyStep.__table__, STEP_COLUMNS, steps)
    update_tuples(
        session,
        JourneyMember.__table__,
        STATE_COLUMNS,
        [
            (
                s.node_id,
                s.status,
                s.due_at,
                s.step_no,
                s.attempts,
                s.last_error,
                _extended_path(stored_paths[s.id], s.path)
                if s.path
                else stored_paths[s.id] or "[]",
                now,
                now if s.finished else None,
                s.id,
            )
            for s in states
        ],
        encoded=("path",),
    )
