"""JSON shapes of journeys and versions in API answers."""

from __future__ import annotations

from app.models import Journey, JourneyVersion


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def journey_json(journey: Journey, owner: str | None) -> dict:
    return {
        "key": journey.key,
        "name": journey.name,
        "description": journey.description,
        "status": journey.status,
        "owner": owner,
        "updated_at": _iso(journey.updated_at),
    }


def version_json(version: JourneyVersion) -> dict:
    return {
        "number": version.number,
        "status": version.status,
        "checksum": version.checksum,
        "revision": f"{version.number}:{version.checksum}",
        "created_at": _iso(version.created_at),
        "published_at": _iso(version.published_at),
    }
