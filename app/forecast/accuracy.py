"""The forecast against what happened: the forecast kept at publishing (the newest kept for
the version) beside the members who arrived at each node, both taken at the same day since
publishing, and the share of nodes whose arrivals fell inside the forecast's 90% interval."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from app.forecast.figures import ARRIVAL_OUTCOMES
from app.models.forecasts import JourneyForecast
from app.models.journeys import Journey, JourneyVersion
from app.models.runs import JourneyMember, JourneyStep


def keep_forecast(session: Session, version: JourneyVersion, figures: dict, now: datetime) -> None:
    """Keep ``figures`` as the forecast of ``version`` (the caller commits)."""
    session.add(
        JourneyForecast(
            journey_id=version.journey_id,
            version_id=version.id,
            made_at=now,
            days=figures["days"],
            figures=figures,
        )
    )


def kept_forecast(session: Session, journey: Journey) -> JourneyForecast | None:
    """The newest forecast kept for the journey's newest published (or once published)
    version."""
    return session.scalar(
        select(JourneyForecast)
        .join(JourneyVersion, JourneyVersion.id == JourneyForecast.version_id)
        .where(
            JourneyForecast.journey_id == journey.id,
            JourneyVersion.published_at.is_not(None),
        )
        .order_by(JourneyVersion.number.desc(), JourneyForecast.made_at.desc())
        .limit(1)
    )


def arrivals_until(
    session: Session, journey_id: int, version_id: int, until: datetime, inclusive: bool = False
):
    """``{node_id: n}``: the members (runs, test runs left out) of the version who had
    arrived at each node before ``until`` (or at it, ``inclusive``), from the step log (a
    run arrives at a node with its first step there)."""
    runs = select(JourneyMember.id).where(
        JourneyMember.journey_id == journey_id, JourneyMember.is_test.is_(False)
    )
    rows = session.execute(
        select(JourneyStep.node_id, func.count(distinct(JourneyStep.journey_member_id)))
        .where(
            JourneyStep.journey_member_id.in_(runs),
            JourneyStep.version_id == version_id,
            JourneyStep.outcome.in_(ARRIVAL_OUTCOMES),
            JourneyStep.at <= until if inclusive else JourneyStep.at < until,
        )
        .group_by(JourneyStep.node_id)
    )
    return {node_id: n for node_id, n in rows}


def _status(forecast: dict | None, actual: int, total: dict) -> str:
    """``inside`` / ``above`` / ``below`` the interval, or ``too_early`` when the forecast
    expects nobody there yet (but some later) and nobody came."""
    if forecast is None:
        return "too_early"
    if forecast["high"] == 0 and actual == 0 and total["high"] > 0:
        return "too_early"
    if actual < forecast["low"]:
        return "below"
    if actual > forecast["high"]:
        return "above"
    return "inside"


def _at_day(figures: dict, day: int) -> dict | None:
    """The forecast's interval of arrivals by the end of ``day`` (1-based); the whole
    horizon's for a forecast kept before it held days, once the horizon is over."""
    by_day = figures.get("by_day")
    if by_day:
        i = min(day, len(by_day["value"])) - 1
        return {k: by_day[k][i] for k in ("value", "low", "high")}
    return None


def forecast_against_actual(session: Session, journey: Journey, now: datetime) -> dict | None:
    """The kept forecast against the members who arrived at each node, like with like: both
    by the end of the last whole day since the version was published (the forecast keeps
    its arrivals per day). Within the first day, and for nodes the forecast expects nobody
    at yet, the answer is "too early to judge". Nodes come most members first, as in the
    funnel. None without a kept forecast."""
    kept = kept_forecast(session, journey)
    if kept is None:
        return None
    version = session.get(JourneyVersion, kept.version_id)
    published = version.published_at
    elapsed = max((now - published).total_seconds() / 86400, 0.0)
    day = min(int(elapsed), kept.days)
    compared_at = published + timedelta(days=day) if day else now
    actual = arrivals_until(session, journey.id, version.id, compared_at, inclusive=not day)
    nodes = version.document.get("nodes", [])
    labels = {n["id"]: n.get("label") or n["id"] for n in nodes}
    drawn = {n["id"]: i for i, n in enumerate(nodes)}
    rows = []
    for node_id, figures in kept.figures.get("nodes", {}).items():
        total = figures["entered"]
        if not day:
            forecast = None
        elif "by_day" in figures:
            forecast = _at_day(figures, day)
        else:
            forecast = total if day >= kept.days else None
        arrived = actual.get(node_id, 0)
        rows.append(
            {
                "node_id": node_id,
                "label": labels.get(node_id, node_id),
                "type": figures.get("type"),
                "forecast": forecast,
                "forecast_first_day": _at_day(figures, 1),
                "forecast_total": total,
                "actual": arrived,
                "status": _status(forecast, arrived, total),
            }
        )
    # As the funnel lists them: most members first, then as the journey draws them.
    rows.sort(key=lambda r: (-r["forecast_total"]["value"], drawn.get(r["node_id"], len(drawn))))
    judged = [r for r in rows if r["status"] != "too_early"]
    inside = sum(1 for r in judged if r["status"] == "inside")
    return {
        "version": version.number,
        "made_at": kept.made_at.isoformat(),
        "published_at": published.isoformat(),
        "days": kept.days,
        "until": kept.figures.get("to"),
        "elapsed_days": round(elapsed, 2),
        "day": day,
        "compared_at": compared_at.isoformat(),
        "first_day_ends": (published + timedelta(days=1)).isoformat(),
        "nodes": rows,
        "inside": inside,
        "nodes_compared": len(judged),
        "too_early": len(rows) - len(judged),
        "share_inside": round(inside / len(judged), 4) if judged else None,
    }
