"""split.experiment: a test sample tries the variants; after the window the rest follow the
decision (``docs/experiments.md``).

Who is in the sample and which variant they get depend only on journey, node and member (a
retry never changes an arm). The window opens when the first real member arrives. Members
outside the sample wait at the node until the decision; the first of them due after the
window decides by :func:`app.experiments.decision.decide` on the sample's values of the
node's metric, and the decision with its statistics and its reason is stored.

Test runs never touch the experiment: they are split by the weights at once, and never
count in a decision.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.database import insert_ignoring_duplicates
from app.engine.batch import Hold, Move
from app.engine.steps import executor
from app.engine.steps._assignment import bucket, node_salt, pick
from app.experiments.decision import decide
from app.experiments.metrics import METRICS
from app.experiments.outcomes import sample_values
from app.models.runs import JourneyExperiment


def _experiment(node, ctx) -> JourneyExperiment:
    insert_ignoring_duplicates(
        ctx.session,
        JourneyExperiment,
        [
            {
                "journey_id": ctx.journey_id,
                "node_id": node.id,
                "started_at": ctx.now,
                "decide_at": ctx.now + timedelta(hours=node.config.decision_after_hours),
            }
        ],
        ["journey_id", "node_id"],
    )
    return ctx.session.scalar(
        select(JourneyExperiment).where(
            JourneyExperiment.journey_id == ctx.journey_id, JourneyExperiment.node_id == node.id
        )
    )


def decide_experiment(session, experiment: JourneyExperiment, node, now) -> None:
    """Decide on the sample's values and store the decision (winner None: keep splitting)."""
    config = node.config
    metric = METRICS[config.metric]
    keys = [v.key for v in config.variants]
    values = sample_values(session, experiment.journey_id, node.id, metric.key, keys)
    decision = decide(
        values, metric.kind, config.alpha, config.min_sample_per_arm, config.fallback,
        metric.label,
    )  # fmt: skip
    experiment.winner, experiment.decided_at = decision.winner, now
    experiment.stats = {"metric": metric.key, "kind": metric.kind, **decision.to_json()}


@executor("split.experiment")
def execute(node, states, ctx):
    arms = [(v.key, v.weight) for v in node.config.variants]
    where = node_salt(ctx, node.id)

    def variant(state) -> str:
        return pick(arms, bucket(state.member_id, where, "variant"))

    if ctx.test_mode:
        return [Move(variant(s), {"arm": "test"}) for s in states]
    experiment = _experiment(node, ctx)
    if experiment.decided_at is None and ctx.now >= experiment.decide_at:
        decide_experiment(ctx.session, experiment, node, ctx.now)
    in_sample = node.config.sample_percent * 100
    decisions = []
    for state in states:
        if not state.resumed and bucket(state.member_id, where, "sample") < in_sample:
            decisions.append(Move(variant(state), {"arm": "sample"}))
        elif experiment.decided_at is None:
            decisions.append(Hold(experiment.decide_at))
        elif experiment.winner is not None:
            decisions.append(Move(experiment.winner, {"arm": "winner"}))
        else:
            decisions.append(Move(variant(state), {"arm": "split"}))
    return decisions
