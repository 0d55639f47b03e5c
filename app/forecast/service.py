"""Forecast a journey version: who it reaches, what it sends and grants, what it earns.

The real database is only read. Members are sampled set-based (all of them up to
:data:`FULL_LIMIT`; above it :data:`SAMPLE_SIZE`, scaled up), copied into a sandbox once per
draw, and the engine runs the journey there over the horizon (``app.forecast.simulate``).
"""

from __future__ import annotations

import time
from datetime import datetime

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audiences.rules.compiler import member_ids_query
from app.errors import ApiError
from app.forecast import figures
from app.forecast.draws import draw_activity
from app.forecast.outcomes import OUTCOMES, ChannelRates, channel_rates, draw_outcomes
from app.forecast.sandbox import (
    copy_journey,
    copy_members,
    copy_reference,
    open_sandbox,
    stride_for,
    tables_needed,
)
from app.forecast.simulate import run_in_box
from app.journeys.service import database_catalog
from app.journeys.validation import validate
from app.models.audiences import Audience
from app.models.journeys import JourneyVersion
from app.models.members import Member
from app.models.predictions import MemberPrediction

#: Up to this many members who may enter, every one of them is forecast.
FULL_LIMIT = 2000
#: Above it, a random sample of this many, each draw taking half of it (500 members).
SAMPLE_SIZE = 1000
DEFAULT_DRAWS = 20
MAX_DAYS = 90


def listened_events(document: dict) -> set[str]:
    """Event types the journey reacts to: event entries, event waits, its goal and exits."""
    types = set()
    for node in document.get("nodes", []):
        config = node.get("config") or {}
        if node["type"] in ("entry.event", "wait.event") and config.get("event_type"):
            types.add(config["event_type"])
    settings = document.get("settings") or {}
    if (settings.get("goal") or {}).get("event_type"):
        types.add(settings["goal"]["event_type"])
    for criterion in settings.get("exit_criteria") or []:
        if criterion.get("kind") == "event" and (criterion.get("event") or {}).get("event_type"):
            types.add(criterion["event"]["event_type"])
    return types


def _population(session: Session, document: dict, now: datetime):
    """The members who may enter, as a query of ids: a journey entering one-off audiences at
    publish, those audiences' members now; else the whole base (recurring audiences, events,
    dates and API entries may take anyone who comes to match)."""
    entries = [n for n in document.get("nodes", []) if n["type"].startswith("entry.")]
    if not entries or any(
        n["type"] != "entry.audience" or (n.get("config") or {}).get("schedule", "once") != "once"
        for n in entries
    ):
        return select(Member.id), "base"
    queries = []
    for node in entries:
        key = (node.get("config") or {}).get("audience")
        rules = session.scalar(select(Audience.rules).where(Audience.key == key))
        if rules is not None:
            queries.append(member_ids_query(rules, now))
    if not queries:
        return select(Member.id).where(Member.id < 0), "audiences"
    ids = queries[0].union(*queries[1:]) if len(queries) > 1 else queries[0]
    return select(Member.id).where(Member.id.in_(ids)), "audiences"


def _sample(session: Session, population, count: int, rng: np.random.Generator) -> list[int]:
    """Up to :data:`SAMPLE_SIZE` ids of ``population``: random probes into the id range
    (the primary key answers them), topped up by the database's own random order."""
    low, high = session.execute(select(func.min(Member.id), func.max(Member.id))).one()
    found: set[int] = set()
    share = count / max(high - low + 1, 1)
    for _ in range(4):
        need = SAMPLE_SIZE - len(found)
        if need <= 0:
            break
        probes = rng.integers(low, high + 1, size=int(need / max(share, 1e-3) * 1.3) + 10)
        for i in range(0, len(probes), 5000):
            chunk = sorted({int(x) for x in probes[i : i + 5000]} - found)
            found.update(session.scalars(population.where(Member.id.in_(chunk))))
        if share < 0.05:
            break
    if len(found) < SAMPLE_SIZE:
        found.update(
            session.scalars(
                population.where(Member.id.not_in(found) if found else True)
                .order_by(func.random())
                .limit(SAMPLE_SIZE - len(found))
            )
        )
    ids = sorted(found)
    if len(ids) > SAMPLE_SIZE:
        ids = sorted(rng.choice(ids, SAMPLE_SIZE, replace=False).tolist())
    return ids


def forecast_version(
    session: Session,
    version: JourneyVersion,
    now: datetime,
    days: int = MAX_DAYS,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
) -> dict:
    """Run ``version`` in a sandbox ``draws`` times over ``days`` from ``now``; the figures."""
    started = time.monotonic()
    errors = [v for v in validate(version.document, database_catalog()) if v.blocks_publishing]
    if errors:
        raise ApiError(
            422,
            "invalid_journey",
            f"Version {version.number} has {len(errors)} problem(s); the first: "
            f"{errors[0].message}",
            [v.to_json() for v in errors],
        )
    document = version.document
    rng = np.random.default_rng(seed)
    population, source = _population(session, document, now)
    count = session.scalar(select(func.count()).select_from(population.subquery())) or 0
    sampled = count > FULL_LIMIT
    if sampled:
        pool = _sample(session, population, count, rng)
        half = max(len(pool) // 2, 1)
        slots = [sorted(rng.choice(pool, half, replace=False).tolist()) for _ in range(draws)]
        per_draw = half
    else:
        pool = list(session.scalars(population))
        slots = [pool for _ in range(draws)]
        per_draw = len(pool)
    scale = count / per_draw if per_draw else 0.0

    box = open_sandbox(stride_for(session))
    try:
        copy_reference(session, box, draws)
        copy_journey(session, box, version, now)
        copy_members(
            session, box, pool, slots, version.journey_id, now, tables_needed(session, document)
        )
        copies = [
            (slot * box.stride + real, real)
            for slot, members in enumerate(slots)
            for real in members
        ]
        drawn = draw_activity(session, copies, listened_events(document), now, days, rng)
        end = run_in_box(box, now, days, drawn)
        rates = channel_rates(session, now)
        result = _figures(session, box, draws, scale, document, now, days)
        result["sends"] = _with_outcomes(result.pop("_sent"), result["sends"], scale, rates, rng)
    finally:
        box.close()
    result.update(
        {
            "version": version.number,
            "from": now.isoformat(),
            "to": end.isoformat(),
            "days": days,
            "draws": draws,
            "seed": seed,
            "members": {
                "population": count,
                "source": source,
                "simulated_per_draw": per_draw,
                "sampled": sampled,
                "scale": round(scale, 4),
            },
            "note": _note(count, per_draw, sampled, draws),
            "seconds": round(time.monotonic() - started, 2),
        }
    )
    return result


def _with_outcomes(
    sent: figures.Tally, sends: dict, scale: float, rates: dict[str, ChannelRates], rng
) -> dict:
    """Each channel's sends with the opens, clicks and unsubscribes drawn after them at the
    channel's historic rates (``rates`` says which, and over how many messages)."""
    out = {}
    for channel, figures_of in sends.items():
        known = rates.get(channel)
        drawn = draw_outcomes(sent.get((channel,)), known, rng)
        out[channel] = {
            **figures_of,
            **{name: figures.expected_summary(*drawn[name], scale) for name in OUTCOMES},
            "rates": known.to_json() if known else None,
        }
    return out


def _note(count: int, per_draw: int, sampled: bool, draws: int) -> str:
    if sampled:
        return (
            f"Forecast on samples: each of {draws} draws runs {per_draw:,} of the {count:,} "
            f"members who may enter, scaled up ×{count / per_draw:,.1f}; intervals are 90% "
            "intervals for one run, from the draws' spread."
        )
    return (
        f"Forecast on all {count:,} members who may enter, {draws} draws; intervals are 90% "
        "intervals for one run, from the draws' spread."
    )


def _typical_order(session: Session) -> float:
    spend = session.scalar(select(func.avg(MemberPrediction.expected_spend)))
    return float(spend) if spend else 100.0


def _figures(
    session: Session, box, draws: int, scale: float, document: dict, now: datetime, days: int
) -> dict:
    settings = document.get("settings") or {}
    window = int(settings.get("attribution_window_days") or 7)
    # The name the report's funnel shows: the label, else the node's id.
    labels = {n["id"]: n.get("label") or n["id"] for n in document.get("nodes", [])}
    with box.engine.connect() as conn:
        nodes, edges = figures.node_figures(conn, box, draws)
        by_day = figures.arrivals_by_day(conn, box, draws, now, days)
        messages = figures.message_figures(conn, box, draws)
        issued, liability = figures.coupon_figures(
            conn, box, draws, session, _typical_order(session)
        )
        orders, paid = figures.order_figures(conn, box, draws, window)
    summary = figures.summary
    node_out = {}
    for node in document.get("nodes", []):
        node_id = node["id"]
        node_out[node_id] = {
            "label": labels[node_id],
            "type": node["type"],
            **{
                name: summary(nodes.get((node_id, name)), scale)
                for name in ("entered", "passed", "exited", "waiting", "converted")
            },
            "by_day": figures.by_day_summary(by_day.get(node_id), scale, days),
            "branches": {
                branch: summary(values, scale)
                for (source, branch), values in edges.values.items()
                if source == node_id
            },
        }
    channels = sorted({key[0] for key in messages["queued"].values})
    cost = sum((messages["cost"].get((c,)) for c in channels), np.zeros(draws))
    spend = cost + liability.get(("total",))
    paid_total = paid.get(("paid",))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(spend > 0, paid_total / np.where(spend > 0, spend, 1), np.nan)
    ratios = ratio[~np.isnan(ratio)]
    return {
        "nodes": node_out,
        "sends": {
            c: {
                "queued": summary(messages["queued"].get((c,)), scale),
                "sent": summary(messages["sent"].get((c,)), scale),
                "cost": summary(messages["cost"].get((c,)), scale, 2),
            }
            for c in channels
        },
        "sends_by_day": figures.sends_by_day(messages["sent"], scale),
        "deferrals": [
            {"channel": key[0], "reason": key[1], **summary(values, scale)}
            for key, values in sorted(messages["deferred"].values.items())
        ],
        "sms_cost": summary(messages["cost"].get(("sms",)), scale, 2),
        "message_cost": summary(cost, scale, 2),
        "coupons": {
            "issued": summary(issued.get(("total",)), scale),
            "liability": summary(liability.get(("total",)), scale, 2),
            "templates": {
                key[0]: {
                    "issued": summary(values, scale),
                    "liability": summary(liability.get(key), scale, 2),
                }
                for key, values in issued.values.items()
                if key[0] != "total"
            },
        },
        "attributed_orders": summary(orders.get(("orders",)), scale),
        "attributed_paid": summary(paid_total, scale, 2),
        "return_on_spend": summary(ratios, 1.0, 2) if ratios.size else None,
        "attribution_window_days": window,
        "_sent": messages["sent"],
    }
