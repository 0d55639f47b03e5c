"""Journey lifecycle: publish a draft as the live version, pause, resume, archive.

A published version never changes. Publishing a newer draft moves new entrants to it;
members already inside finish on the version they entered, unless the admin asks to move
them, which is refused when a node they are at is missing from the new version.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, object_session

from app.audiences.rules.compiler import member_ids_query
from app.engine import pauses
from app.engine.clock import current_clock
from app.engine.entries import enter_from_select
from app.engine.held_events import enter_held_events
from app.errors import ApiError
from app.journeys.service import database_catalog
from app.journeys.validation import validate
from app.models.audiences import Audience
from app.models.journeys import Journey, JourneyVersion
from app.models.runs import LIVE_STATUSES, JourneyMember


def latest_draft(session: Session, journey: Journey) -> JourneyVersion | None:
    return session.scalar(
        select(JourneyVersion)
        .where(JourneyVersion.journey_id == journey.id, JourneyVersion.status == "draft")
        .order_by(JourneyVersion.number.desc())
        .limit(1)
    )


def live_version(session: Session, journey: Journey) -> JourneyVersion | None:
    return session.scalar(
        select(JourneyVersion).where(
            JourneyVersion.journey_id == journey.id, JourneyVersion.status == "published"
        )
    )


def _move_running(
    session: Session,
    journey: Journey,
    old: JourneyVersion,
    new: JourneyVersion,
    node_mapping: dict[str, str] | None = None,
):
    """Move the members inside ``old`` to ``new``: each stays at the node of the same id, or
    goes where ``node_mapping`` (old node id → new node id) says. Refused, naming them, when
    a mapping points at a node the new version lacks or members sit at a node with no place
    in it."""
    new_nodes = {n["id"] for n in new.document.get("nodes", [])}
    mapping = dict(node_mapping or {})
    unknown = {source: target for source, target in mapping.items() if target not in new_nodes}
    if unknown:
        raise ApiError(
            400,
            "validation_failed",
            "The node mapping points at nodes the new version does not have: "
            + ", ".join(f"{s} → {t}" for s, t in sorted(unknown.items())),
            [
                {"field": f"node_mapping.{s}", "message": f"no node {t!r} in the new version"}
                for s, t in sorted(unknown.items())
            ],
        )
    live = (
        JourneyMember.journey_id == journey.id,
        JourneyMember.version_id == old.id,
        JourneyMember.status.in_(LIVE_STATUSES),
    )
    at_nodes = session.execute(
        select(JourneyMember.node_id, func.count()).where(*live).group_by(JourneyMember.node_id)
    ).all()
    missing = {
        node: count for node, count in at_nodes if node not in mapping and node not in new_nodes
    }
    if missing:
        listed = ", ".join(f"{node} ({count} member(s))" for node, count in sorted(missing.items()))
        raise ApiError(
            409,
            "nodes_missing",
            f"Members are at nodes the new version does not have: {listed}. "
            "Map each to a node of the new version, publish without moving them, or keep "
            "those nodes.",
            [
                {"field": "node_id", "node_id": n, "message": f"{c} member(s) here"}
                for n, c in missing.items()
            ],
        )
    for source, target in sorted(mapping.items()):
        if source != target:
            session.execute(
                update(JourneyMember)
                .where(*live, JourneyMember.node_id == source)
                .values(version_id=new.id, node_id=target)
            )
    session.execute(update(JourneyMember).where(*live).values(version_id=new.id))


def _enter_audiences(session: Session, version: JourneyVersion, now: datetime) -> int:
    entered = 0
    for node in version.document.get("nodes", []):
        config = node.get("config") or {}
        if node["type"] != "entry.audience" or config.get("schedule", "once") != "once":
            continue
        rules = session.scalar(select(Audience.rules).where(Audience.key == config["audience"]))
        query = member_ids_query(rules, now)
        entered += enter_from_select(session, version, node["id"], query, "audience:once", now)
    return entered


def publish(
    session: Session,
    journey: Journey,
    now: datetime,
    move_running: bool = False,
    node_mapping: dict[str, str] | None = None,
) -> tuple[JourneyVersion, int]:
    """Publish the newest draft; returns it and how many members entered at once."""
    if journey.status == "archived":
        raise ApiError(409, "archived", f"Journey '{journey.key}' is archived.")
    draft = latest_draft(session, journey)
    if draft is None:
        raise ApiError(409, "no_draft", f"Journey '{journey.key}' has no draft to publish.")
    errors = [v for v in validate(draft.document, database_catalog()) if v.blocks_publishing]
    if errors:
        raise ApiError(
            422,
            "invalid_journey",
            f"Version {draft.number} has {len(errors)} problem(s); the first: {errors[0].message}",
            [v.to_json() for v in errors],
        )
    current = live_version(session, journey)
    if current is not None:
        if move_running:
            _move_running(session, journey, current, draft, node_mapping)
        current.status = "superseded"
        session.flush()
    draft.status, draft.published_at = "published", now
    journey.status = "published"
    session.flush()
    return draft, _enter_audiences(session, draft, now)


def pause(journey: Journey, now: datetime | None = None) -> None:
    """Stop entries and steps; waits keep counting down and due members run on resume."""
    if journey.status != "published":
        raise ApiError(
            409, "not_running", f"Journey '{journey.key}' is {journey.status}, not running."
        )
    journey.status = "paused"
    journey.paused_at = now or current_clock().now()


def resume(journey: Journey, now: datetime | None = None) -> int:
    """Run again. Members who fell due during the pause are logged as such (see
    ``app.engine.pauses``) and go on at once; returns how many. Events held during the
    pause enter their members now (``app.engine.held_events``)."""
    if journey.status != "paused":
        raise ApiError(
            409, "not_paused", f"Journey '{journey.key}' is {journey.status}, not paused."
        )
    journey.status = "published"
    paused_at, journey.paused_at = journey.paused_at, None
    session = object_session(journey)
    now = now or current_clock().now()
    overdue = pauses.mark_overdue(session, journey.id, now, paused_at)
    enter_held_events(session, journey, now)
    return overdue


def archive(session: Session, journey: Journey, now: datetime) -> int:
    """End the journey: members inside leave it. Returns how many left."""
    journey.status = "archived"
    result = session.execute(
        update(JourneyMember)
        .where(JourneyMember.journey_id == journey.id, JourneyMember.status.in_(LIVE_STATUSES))
        .values(status="exited", due_at=None, finished_at=now, updated_at=now)
    )
    return result.rowcount or 0
