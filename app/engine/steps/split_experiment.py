"""split.experiment: a test sample tries the variants; after the window the rest follow the winner.

Who is in the sample and which variant they get depend only on member and node (a retry
never changes an arm). The window opens when the first member arrives. Members outside the
sample wait at the node until the decision; the first of them due after the window decides:
the variant with the best metric among its sample wins, tested for significance with a
chi-square test, and the decision with its statistics is stored.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.database import insert_ignoring_duplicates
from app.engine.batch import Hold, Move
from app.engine.steps import executor
from app.engine.steps._assignment import bucket, pick
from app.models.runs import JourneyConversion, JourneyExperiment, JourneyMember, JourneyStep


def _experiment(node, ctx) -> JourneyExperiment:
    decide_at = ctx.now + timedelta(hours=node.config.decision_after_hours)
    if ctx.test_mode:
        decide_at = ctx.now + timedelta(seconds=1)
    insert_ignoring_duplicates(
        ctx.session,
        JourneyExperiment,
        [
            {
                "journey_id": ctx.journey_id,
                "node_id": node.id,
                "started_at": ctx.now,
                "decide_at": decide_at,
            }
        ],
        ["journey_id", "node_id"],
    )
    return ctx.session.scalar(
        select(JourneyExperiment).where(
            JourneyExperiment.journey_id == ctx.journey_id, JourneyExperiment.node_id == node.id
        )
    )


def variant_stats(session, journey_id: int, node_id: str, metric: str) -> dict[str, dict]:
    """Members, conversions and value per variant among the sample (one grouped query)."""
    rows = session.execute(
        select(
            JourneyStep.branch,
            func.count(JourneyStep.id),
            func.count(JourneyConversion.id),
            func.coalesce(func.sum(JourneyConversion.value), 0),
        )
        # From the journey's runs to their steps: the step log is indexed by run, not node.
        .select_from(JourneyMember)
        .join(JourneyStep, JourneyStep.journey_member_id == JourneyMember.id)
        .outerjoin(JourneyConversion, JourneyConversion.journey_member_id == JourneyMember.id)
        .where(
            JourneyMember.journey_id == journey_id,
            JourneyStep.node_id == node_id,
            JourneyStep.outcome == "passed",
            JourneyStep.detail["arm"].as_string() == "sample",
        )
        .group_by(JourneyStep.branch)
    )
    stats = {}
    for branch, members, conversions, value in rows:
        score = float(value) / members if metric == "revenue" else conversions / members
        stats[branch] = {
            "members": members,
            "conversions": conversions,
            "value": float(value),
            "score": score,
        }
    return stats


def decide(session, experiment: JourneyExperiment, node, now) -> str:
    """Pick and store the winner; with no data yet, the first variant wins."""
    keys = [v.key for v in node.config.variants]
    stats = variant_stats(session, experiment.journey_id, node.id, node.config.metric)
    for key in keys:
        stats.setdefault(key, {"members": 0, "conversions": 0, "value": 0.0, "score": 0.0})
    winner = max(keys, key=lambda k: (stats[k]["score"], -keys.index(k)))
    table = [[s["conversions"], s["members"] - s["conversions"]] for s in stats.values()]
    from scipy.stats import chi2_contingency  # slow to import; needed once per decision

    p_value = None
    if all(sum(row) > 0 for row in table) and any(r[0] for r in table) and any(r[1] for r in table):
        p_value = float(chi2_contingency(table).pvalue)
    experiment.winner, experiment.decided_at = winner, now
    experiment.stats = {
        "metric": node.config.metric,
        "variants": stats,
        "p_value": p_value,
        "significant": p_value is not None and p_value < 0.05,
    }
    return winner


@executor("split.experiment")
def execute(node, states, ctx):
    experiment = _experiment(node, ctx)
    arms = [(v.key, v.weight) for v in node.config.variants]
    in_sample = node.config.sample_percent * 100
    winner = experiment.winner
    if winner is None and ctx.now >= experiment.decide_at:
        winner = decide(ctx.session, experiment, node, ctx.now)
    decisions = []
    for state in states:
        if not state.resumed and bucket(state.member_id, node.id, "sample") < in_sample:
            arm = pick(arms, bucket(state.member_id, node.id, "variant"))
            decisions.append(Move(arm, {"arm": "sample"}))
        elif winner is not None:
            decisions.append(Move(winner, {"arm": "winner"}))
        else:
            decisions.append(Hold(experiment.decide_at))
    return decisions
