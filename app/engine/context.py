"""What a node step may use: the session, the time, the compiled graph and the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.attribution.touches import Touch
from app.engine.graph import RunGraph


@dataclass
class StepContext:
    """Handed to every step executor; executors write through ``session`` without committing."""

    session: Session
    now: datetime
    graph: RunGraph
    journey_id: int
    #: Test mode: waits are shortened and sends go to the in-app inbox only.
    test_mode: bool = False
    #: Counters the executors add to, e.g. ``{"coupons_granted": 12}``, per node id.
    tallies: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Cache for lookups shared by the nodes of one batch (audience rules, timezones).
    cache: dict[str, Any] = field(default_factory=dict)
    #: Members this step reached (a send, a coupon, points), for attribution.
    touches: list[Touch] = field(default_factory=list)

    def touch(self, states, node_id: str, kind: str, refs: dict[int, str] | None = None) -> None:
        """Note that ``states`` were touched at ``node_id`` (``refs``: per member, e.g. the
        coupon code). Test runs touch nobody: attribution counts real members only."""
        if self.test_mode:
            return
        self.touches.extend(
            Touch(
                s.id,
                s.step_no,
                s.journey_id,
                s.member_id,
                node_id,
                kind,
                refs.get(s.member_id) if refs else None,
            )
            for s in states
        )

    def tally(self, node_id: str, name: str, amount: int = 1) -> None:
        if amount:
            bucket = self.tallies.setdefault(node_id, {})
            bucket[name] = bucket.get(name, 0) + amount
