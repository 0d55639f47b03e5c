"""What the experiment panel shows for each experiment node of a journey: the stored
decision, or while the test runs, the sample as it stands and how far it is from deciding."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.experiments.decision import decide
from app.experiments.metrics import METRICS
from app.experiments.outcomes import sample_values
from app.journeys.nodes.split_experiment import Config
from app.models.runs import JourneyExperiment


def experiment_panels(session: Session, journey_id: int, nodes: list[dict]) -> list[dict]:
    stored = {
        e.node_id: e
        for e in session.scalars(
            select(JourneyExperiment).where(JourneyExperiment.journey_id == journey_id)
        )
    }
    panels = []
    for node in nodes:
        if node["type"] != "split.experiment":
            continue
        config = Config.model_validate(node.get("config") or {})
        metric = METRICS[config.metric]
        experiment = stored.get(node["id"])
        keys = [v.key for v in config.variants]
        panel = {
            "node_id": node["id"],
            "label": node.get("label") or node["id"],
            "variants": {v.key: v.label or v.key for v in config.variants},
            "metric": metric.key,
            "metric_label": metric.label,
            "kind": metric.kind,
            "mode": config.mode,
            "alpha": config.alpha,
            "min_sample_per_arm": config.min_sample_per_arm,
            "fallback": config.fallback,
            "started_at": experiment.started_at.isoformat() if experiment else None,
            "decide_at": experiment.decide_at.isoformat() if experiment else None,
            "decided_at": None,
            "winner": None,
            "status": "not_started" if experiment is None else "testing",
        }
        if experiment is not None and experiment.decided_at is not None:
            stats = experiment.stats or {}
            panel |= {
                "status": "decided",
                "decided_at": experiment.decided_at.isoformat(),
                "winner": experiment.winner,
                "significant": stats.get("significant"),
                "reason": stats.get("reason"),
                "arms": stats.get("arms", {}),
                "comparisons": stats.get("comparisons", []),
            }
        else:
            values = sample_values(session, journey_id, node["id"], metric.key, keys)
            now = decide(values, metric.kind, config.alpha, config.min_sample_per_arm,
                         config.fallback, metric.label)  # fmt: skip
            looked = now.to_json()
            panel |= {
                "significant": looked["significant"],
                "reason": "As it stands: " + looked["reason"],
                "arms": looked["arms"],
                "comparisons": looked["comparisons"],
            }
        smallest = min((a["members"] for a in panel["arms"].values()), default=0)
        panel["progress"] = round(min(1.0, smallest / config.min_sample_per_arm), 4)
        panels.append(panel)
    return panels
