"""What publishing would do now: who enters at once, and the sends and coupons that implies.

Only ``entry.audience`` nodes that run once enter members at publish; event, date, API and
recurring entries enter members later and are listed, not counted. The reach of every other
node is an upper bound read from the graph: each member who enters is counted once on every
node reachable from their entry, as if they took every branch (a loop counts once). Members of
the global control group enter and are held out at the entry, so they reach nothing further.
It also lists the members inside the published version by node, for the dialog to offer to
move them to the new version (mapping the nodes the draft no longer has).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import networkx as nx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audiences.rules.compiler import member_ids_query
from app.control_group.membership import in_group
from app.control_group.settings import control_group
from app.engine.entries import live_version, reentry_filter
from app.journeys import nodes as registry
from app.models.audiences import Audience
from app.models.journeys import Journey, JourneyVersion
from app.models.runs import LIVE_STATUSES, JourneyMember

ASSUMPTION = (
    "Each member who enters now is counted once on every step that can follow their entry, "
    "as if they took every branch; the real figures are lower where branches split members. "
    "Members of the global control group are held out at the entry."
)


def _enters_at_publish(node: dict) -> bool:
    return (
        node["type"] == "entry.audience"
        and (node.get("config") or {}).get("schedule", "once") == "once"
    )


def entering_now(session: Session, version: JourneyVersion, now: datetime) -> dict[str, set[int]]:
    """The member ids each one-off audience entry would enter if published now.

    The same rules as entering itself: the audience's rules, the journey's re-entry rules, and
    one entry per member at publish (the first entry node listed takes a member in two).
    """
    taken: set[int] = set()
    out: dict[str, set[int]] = {}
    settings = version.document.get("settings", {})
    for node in version.document.get("nodes", []):
        if not _enters_at_publish(node):
            continue
        rules = session.scalar(
            select(Audience.rules).where(Audience.key == (node.get("config") or {}).get("audience"))
        )
        ids: set[int] = set()
        if rules is not None:
            query = member_ids_query(rules, now).where(
                reentry_filter(version.journey_id, settings, now)
            )
            ids = set(session.scalars(query)) - taken
        taken |= ids
        out[node["id"]] = ids
    return out


def reach(document: dict, passing: dict[str, int]) -> dict[str, int]:
    """Members reaching each node when ``passing[entry]`` leave each entry by every branch."""
    graph = nx.DiGraph()
    graph.add_nodes_from(n["id"] for n in document.get("nodes", []))
    graph.add_edges_from(
        (e["source"], e["target"])
        for e in document.get("edges", [])
        if e["source"] in graph and e["target"] in graph
    )
    totals: dict[str, int] = defaultdict(int)
    for entry, count in passing.items():
        for node_id in nx.descendants(graph, entry) - {entry}:
            totals[node_id] += count
    return dict(totals)


def effects(document: dict, reached: dict[str, int]) -> tuple[dict[str, int], int, list[dict]]:
    """Sends per channel, coupons granted, and the nodes that do either, with their reach."""
    sends: dict[str, int] = defaultdict(int)
    coupons = 0
    acting: list[dict] = []
    for node in document.get("nodes", []):
        node_type = registry.get(node["type"])
        count = reached.get(node["id"], 0)
        if node_type is None:
            continue
        try:
            config = node_type.config_model.model_validate(node.get("config") or {})
        except ValueError:
            continue
        channels = list(node_type.sends(config))
        for channel in channels:
            sends[channel] += count
        is_coupon = node["type"] == "action.coupon"
        coupons += count if is_coupon else 0
        if channels or is_coupon:
            acting.append(
                {
                    "node_id": node["id"],
                    "label": node.get("label") or node_type.label,
                    "type": node["type"],
                    "channel": channels[0] if channels else None,
                    "members": count,
                }
            )
    return dict(sends), coupons, acting


def running_now(session: Session, draft: JourneyVersion) -> list[dict]:
    """Members inside the published version now, per node: whether the draft has a node of
    that id (they stay there when moved) or needs a mapping."""
    journey = session.get(Journey, draft.journey_id)
    live = live_version(session, journey) if journey is not None else None
    if live is None:
        return []
    labels = {n["id"]: n.get("label") or n["type"] for n in live.document.get("nodes", [])}
    in_draft = {n["id"] for n in draft.document.get("nodes", [])}
    rows = session.execute(
        select(JourneyMember.node_id, func.count())
        .where(
            JourneyMember.journey_id == live.journey_id,
            JourneyMember.version_id == live.id,
            JourneyMember.status.in_(LIVE_STATUSES),
        )
        .group_by(JourneyMember.node_id)
    ).all()
    return [
        {
            "node_id": node,
            "label": labels.get(node, node),
            "members": count,
            "in_draft": node in in_draft,
        }
        for node, count in sorted(rows)
    ]


def publish_estimate(session: Session, version: JourneyVersion, now: datetime) -> dict:
    """The figures the publish dialog shows; see the module docstring for what they assume."""
    document = version.document
    entering = entering_now(session, version, now)
    group = control_group(session)
    held = {
        node_id: len(in_group(ids, group.percent, group.salt)) for node_id, ids in entering.items()
    }
    passing = {node_id: len(ids) - held[node_id] for node_id, ids in entering.items()}
    sends, coupons, acting = effects(document, reach(document, passing))
    labels = {n["id"]: n.get("label") or n["type"] for n in document.get("nodes", [])}
    later = [
        {"node_id": n["id"], "label": labels[n["id"]], "type": n["type"]}
        for n in document.get("nodes", [])
        if registry.get(n["type"]) is not None
        and registry.get(n["type"]).group == "entry"
        and not _enters_at_publish(n)
    ]
    return {
        "version": version.number,
        "entering": [
            {
                "node_id": node_id,
                "label": labels[node_id],
                "members": len(ids),
                "held_out": held[node_id],
            }
            for node_id, ids in entering.items()
        ],
        "entering_total": sum(len(ids) for ids in entering.values()),
        "held_out": sum(held.values()),
        "control_group_percent": group.percent,
        "later_entries": later,
        "sends": sends,
        "coupons": coupons,
        "nodes": acting,
        "running": running_now(session, version),
        "draft_nodes": [
            {"node_id": n["id"], "label": n.get("label") or n["type"]}
            for n in document.get("nodes", [])
            if (registry.get(n["type"]) is None or registry.get(n["type"]).group != "entry")
        ],
        "assumption": ASSUMPTION,
    }
