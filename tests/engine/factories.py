"""Test data for engine tests: members and published journeys built from plain documents."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert

from app.extensions import db
from app.journeys.schema import JourneyDocument, canonical, checksum
from app.models import Journey, JourneyVersion, Member

START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # a Monday, 10:00 in Shanghai


def make_members(count: int, **fields) -> list[int]:
    rows = [
        {
            "external_id": f"m{i}",
            "name": f"Member {i}",
            "registered_at": START,
            "timezone": "Asia/Shanghai",
            "attributes": {},
            **fields,
        }
        for i in range(count)
    ]
    db.session.execute(insert(Member), rows)
    db.session.commit()
    return list(db.session.scalars(db.select(Member.id).order_by(Member.id)))


def node(node_id: str, type_: str, **config) -> dict:
    return {"id": node_id, "type": type_, "config": config}


def document(key: str, nodes: list[dict], edges: list[tuple], **settings) -> dict:
    """A journey document; ``edges`` are ``(source, target)`` or ``(source, target, branch)``."""
    edge_list = [
        {"id": f"e{i}", "source": e[0], "target": e[1], "branch": e[2] if len(e) > 2 else "next"}
        for i, e in enumerate(edges)
    ]
    doc = JourneyDocument.model_validate(
        {
            "schema_version": 1,
            "key": key,
            "name": key,
            "nodes": nodes,
            "edges": edge_list,
            "settings": settings,
        }
    )
    return canonical(doc)


def publish(doc: dict, status: str = "published") -> JourneyVersion:
    """Store ``doc`` as version 1 of a journey with the given status, without validation."""
    journey = Journey(key=doc["key"], name=doc["name"], status=status)
    db.session.add(journey)
    db.session.flush()
    version = JourneyVersion(
        journey_id=journey.id,
        number=1,
        status="published",
        document=doc,
        checksum=checksum(doc),
        published_at=START,
    )
    db.session.add(version)
    db.session.commit()
    return version
