"""Draft API: create a journey, save its draft, read one version, duplicate a journey.

Marketers and admins write; viewers read. Each view loads the journey (or answers 404),
changes it through app.journeys.drafts, and serializes.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask_login import current_user
from pydantic import BaseModel, Field
from spectree import Response

from app.errors import ApiError
from app.extensions import api_spec, db
from app.journeys import drafts
from app.journeys.serialize import journey_json, version_json
from app.journeys.service import JourneyError, find_journey
from app.models import User

bp = Blueprint("journey_drafts", __name__, url_prefix="/api/journeys")


@bp.errorhandler(JourneyError)
def _journey_error(exc: JourneyError):
    response, status = ApiError(
        exc.status,
        exc.code,
        exc.message,
        [
            {"field": v.node_id or v.edge_id or "(document)", "message": v.message}
            for v in exc.violations
        ],
    ).response()
    extra = {}
    if exc.violations:
        extra["violations"] = [v.to_json() for v in exc.violations]
    if isinstance(exc, drafts.StaleDraft):
        extra["current"] = exc.current
    if extra:
        return jsonify(response.get_json() | extra), status
    return response, status


class CreateBody(BaseModel):
    key: str = Field(min_length=1, max_length=100, description="Stable key, e.g. welcome-series")
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)


class DraftBody(BaseModel):
    document: dict[str, Any] = Field(description="The whole journey document (schema_version 1)")
    base_revision: str | None = Field(
        default=None,
        max_length=100,
        description="The newest version's `revision` when the editor loaded it; a save based "
        "on an older one is refused with 409 stale_draft naming who saved last and when",
    )


class DuplicateBody(BaseModel):
    key: str = Field(min_length=1, max_length=100, description="Key of the new journey")
    name: str = Field(min_length=1, max_length=200)


def _owner(journey) -> str | None:
    return db.session.get(User, journey.owner_id).email if journey.owner_id else None


def _created(journey, version):
    body = {
        "journey": journey_json(journey, _owner(journey)),
        "version": version_json(version) | {"document": version.document},
    }
    return jsonify(body), 201


@bp.post("")
@api_spec.validate(json=CreateBody, resp=Response(HTTP_201=None), tags=["journey drafts"])
def create(json: CreateBody):
    """Create a journey with an empty draft version 1."""
    journey, version = drafts.create_journey(json.key, json.name, json.description, current_user.id)
    return _created(journey, version)


@bp.get("/<key>/versions/<int:number>")
@api_spec.validate(tags=["journey drafts"])
def get_version(key: str, number: int):
    """One version's document and status."""
    journey = find_journey(key)
    version = drafts.find_version(journey, number)
    return jsonify(
        journey=journey_json(journey, _owner(journey)),
        version=version_json(version) | {"document": version.document},
    )


@bp.put("/<key>/draft")
@api_spec.validate(json=DraftBody, tags=["journey drafts"])
def save_draft(key: str, json: DraftBody):
    """Save the document as the newest draft; its violations come back, and do not block saving.

    Malformed documents (not schema_version 1, bad fields, duplicate ids, another key) are
    refused with 400 and every problem; a save whose base_revision is no longer the newest
    version's gets 409 stale_draft with the ``current`` revision, who saved it and when.
    """
    journey = find_journey(key)
    saved = drafts.save_draft(journey, json.document, current_user.id, json.base_revision)
    return jsonify(
        journey=journey_json(saved.journey, _owner(saved.journey)),
        version=version_json(saved.version),
        created=saved.created,
        violations=[v.to_json() for v in saved.violations],
    )


@bp.post("/<key>/duplicate")
@api_spec.validate(json=DuplicateBody, resp=Response(HTTP_201=None), tags=["journey drafts"])
def duplicate(key: str, json: DuplicateBody):
    """A new journey whose draft version 1 copies this journey's newest version."""
    journey = find_journey(key)
    new_journey, version = drafts.duplicate(journey, json.key, json.name, current_user.id)
    return _created(new_journey, version)
