"""What a node step works on: the members at a node, and what the node decides for each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

#: A run in one of these statuses is held at its node (a wait) until it is due.
HELD_STATUSES = ("waiting", "waiting_event")


@dataclass(slots=True)
class RunState:
    """A member's place in a journey, as loaded for one step."""

    id: int
    journey_id: int
    version_id: int
    member_id: int
    node_id: str
    status: str
    due_at: datetime | None
    step_no: int
    attempts: int
    is_test: bool
    #: The ``(node_id, branch)`` pairs this batch adds to the run's stored path.
    path: list = field(default_factory=list)
    last_error: str | None = None
    #: Set when the run left the journey in this batch.
    finished: bool = False
    #: Steps logged for this run in this batch (``step_no`` counts them too).
    logged: int = 0

    @property
    def resumed(self) -> bool:
        """True when the member already waited at this node and is now due to leave it."""
        return self.status in HELD_STATUSES


@dataclass(slots=True)
class Move:
    """Leave the node by ``branch`` now."""

    branch: str = "next"
    detail: dict[str, Any] | None = None


@dataclass(slots=True)
class Hold:
    """Stay at the node until ``until`` (``for_event``: or until a matching event)."""

    until: datetime
    for_event: bool = False
    detail: dict[str, Any] | None = None


@dataclass(slots=True)
class Finish:
    """Leave the journey (``exited`` by an exit node or criteria; ``completed`` at the end)."""

    status: str = "exited"
    detail: dict[str, Any] | None = None


Decision = Move | Hold | Finish
