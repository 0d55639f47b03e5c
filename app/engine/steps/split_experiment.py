"""split.experiment: a test sample tries the variants; after the window the rest follow the
decision (``docs/experiments.md``).

Who is in the sample and which variant they get depend only on journey, node and member (a
retry never changes an arm). The window opens when the first real member arrives. Members
outside the sample wait at the node until the decision; the first of them due after the
window decides by :func:`app.experiments.decision.decide` on the sample's values of the
node's metric, and the decision with its statistics and its reason is stored.

In ``sequential`` mode the held members come back every hour and each return is a look:
an always-valid p-value (:mod:`app.experiments.sequential`) lets the node stop early on a
significant winner without inflating false positives.

Test runs never touch the experiment: they are split by the weights at once, and never
count in a decision.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.database import insert_ignoring_duplicates
from app.engine.batch import Hold, Move
from app.engine.steps import executor
from app.engine.steps._assignment import bucket, member_key, node_salt, pick
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


#: How often a sequential experiment looks at its sample before the window ends.
LOOK_EVERY = timedelta(hours=1)


def decide_experiment(session, experiment: JourneyExperiment, node, now) -> None:
    """Look at the sample; store the decision when there is one (winner None: keep
    splitting), else (a sequential look before the window ends) what the look saw."""
    config = node.config
    metric = METRICS[config.metric]
    keys = [v.key for v in config.variants]
    values = sample_values(session, experiment.journey_id, node.id, metric.key, keys)
    final = now >= experiment.decide_at
    previous = (experiment.stats or {}).get("sequential_p", {})
    decision = decide(
        values, metric.kind, config.alpha, config.min_sample_per_arm, config.fallback,
        metric.label, previous if config.mode == "sequential" else None, final,
    )  # fmt: skip
    if decision is None:
        return
    stats = {"metric": metric.key, "kind": metric.kind, "mode": config.mode}
    stats |= decision.to_json()
    if config.mode == "sequential":
        stats["sequential_p"] = {c.variant: c.p_value for c in decision.comparisons} or previous
        stats["looked_at"] = now.isoformat()
    experiment.stats = stats
    if final or decision.significant:
        experiment.winner, experiment.decided_at = decision.winner, now


@executor("split.experiment")
def execute(node, states, ctx):
    arms = [(v.key, v.weight) for v in node.config.variants]
    where = node_salt(ctx, node.id)

    def variant(state) -> str:
        return pick(arms, bucket(member_key(ctx, state.member_id), where, "variant"))

    if ctx.test_mode:
        return [Move(variant(s), {"arm": "test"}) for s in states]
    experiment = _experiment(node, ctx)
    sequential = node.config.mode == "sequential"
    # A sequential look is due when the held members come back for it.
    look = sequential and any(s.resumed for s in states)
    if experiment.decided_at is None and (look or ctx.now >= experiment.decide_at):
        decide_experiment(ctx.session, experiment, node, ctx.now)
    next_look = experiment.decide_at
    if sequential:
        next_look = min(experiment.decide_at, ctx.now + LOOK_EVERY)
    in_sample = node.config.sample_percent * 100
    decisions = []
    for state in states:
        if (
            not state.resumed
            and bucket(member_key(ctx, state.member_id), where, "sample") < in_sample
        ):
            decisions.append(Move(variant(state), {"arm": "sample"}))
        elif experiment.decided_at is None:
            decisions.append(Hold(next_look))
        elif experiment.winner is not None:
            decisions.append(Move(experiment.winner, {"arm": "winner"}))
        else:
            decisions.append(Move(variant(state), {"arm": "split"}))
    return decisions
