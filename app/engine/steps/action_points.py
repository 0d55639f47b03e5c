"""action.points: add points to (or take them from) every member of the batch.

Points given count towards the member's tier as earned points unless the node says
otherwise (``counts_towards_tier``), so 1,500 journey points make silver as 1,500 order
points do.

Each booking carries the run and step as its reference, so a retried batch books nothing
twice.
"""

from __future__ import annotations

from datetime import timedelta

from app.engine import trial
from app.engine.batch import Move
from app.engine.steps import executor
from app.points.ledger import PointsAward, PointsError, award_points, deduct_points


def _reference(state, node_id: str) -> str:
    return f"journey-run:{state.id}:{node_id}:{state.step_no}"


@executor("action.points")
def execute(node, states, ctx):
    config = node.config
    if ctx.test_mode:  # nothing booked, no balance moves
        return [Move("next", trial.would("book points", points=config.points))] * len(states)
    source = f"journey:{ctx.journey_id}:{node.id}"
    if config.points > 0:
        expires = (
            ctx.now + timedelta(days=config.expires_in_days) if config.expires_in_days else None
        )
        award_points(
            ctx.session,
            [
                PointsAward(
                    member_id=s.member_id,
                    points=config.points,
                    # Earned points qualify for tiers (award_points upgrades at once).
                    kind="earn" if config.counts_towards_tier else "adjust",
                    reference=_reference(s, node.id),
                    source=source,
                    expires_at=expires,
                    note=config.reason,
                )
                for s in states
            ],
            ctx.now,
        )
        ctx.tally(node.id, "points_awarded", config.points * len(states))
        ctx.touch(states, node.id, "points")
        return [Move("next")] * len(states)
    decisions = []
    for state in states:
        # Taking points away is rare and may be refused per member (balance too low), so it
        # books member by member; the refusal is kept on the step.
        try:
            deduct_points(
                ctx.session,
                state.member_id,
                -config.points,
                ctx.now,
                kind="adjust",
                reference=_reference(state, node.id),
                source=source,
                note=config.reason,
            )
            decisions.append(Move("next"))
            ctx.touch([state], node.id, "points")
        except PointsError as exc:
            decisions.append(Move("next", {"points_refused": exc.message}))
    return decisions
