"""Journey API: list, read, validate, import, export; the node palette and the JSON Schema.

Validation and import take a document or a bundle as the JSON body; every problem comes
back as a violation, never as a 500.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request
from flask_login import current_user
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from app.auth.access import roles_required
from app.errors import ApiError
from app.extensions import api_spec, db
from app.journeys import json_schema, service
from app.journeys.defaults import fitted_default
from app.journeys.export import export_text
from app.journeys.nodes import all_types
from app.journeys.serialize import journey_json, version_json
from app.journeys.validation import validate
from app.models import Journey, JourneyVersion, User
from app.models.users import ROLES

bp = Blueprint("journeys", __name__, url_prefix="/api")


class ExportQuery(BaseModel):
    version: int | None = Field(default=None, ge=1, description="Latest version when left out")
    bundle: bool = Field(default=False, description="Carry referenced audiences and templates")


class ImportQuery(BaseModel):
    dry_run: bool = Field(default=False, description="Check and report; write nothing")
    allow_errors: bool = Field(
        default=False, description="Store a draft even with error violations (not structural)"
    )


class SchemaQuery(BaseModel):
    bundle: bool = Field(default=False, description="The bundle schema instead")


@bp.errorhandler(service.JourneyError)
def _journey_error(exc: service.JourneyError):
    body = {"error": exc.code, "message": exc.message}
    if exc.violations:
        body["violations"] = [v.to_json() for v in exc.violations]
    return jsonify(body), exc.status


def _body() -> Any:
    """The JSON body, or a 400 saying it is not JSON."""
    try:
        data = request.get_json(force=True, silent=True)
    except RecursionError:
        data = None
    if data is None:
        raise ApiError(400, "invalid_json", "The body must be a JSON journey document or bundle.")
    return data


def _owner_email(journey: Journey) -> str | None:
    if journey.owner_id is None:
        return None
    return db.session.scalar(select(User.email).where(User.id == journey.owner_id))


@bp.get("/journeys")
@api_spec.validate(tags=["journeys"])
def list_journeys():
    """Every journey with its latest version number and owner."""
    latest = (
        select(JourneyVersion.journey_id, func.max(JourneyVersion.number).label("number"))
        .group_by(JourneyVersion.journey_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Journey, latest.c.number, User.email)
        .outerjoin(latest, latest.c.journey_id == Journey.id)
        .outerjoin(User, User.id == Journey.owner_id)
        .order_by(Journey.key)
    )
    journeys = []
    for journey, number, owner in rows:
        item = journey_json(journey, owner)
        del item["description"]
        journeys.append({**item, "version": number})
    return jsonify(journeys=journeys)


@bp.get("/journeys/schema")
@api_spec.validate(query=SchemaQuery, tags=["journeys"])
def document_schema(query: SchemaQuery):
    """The JSON Schema of journey documents (or of bundles with ?bundle=1)."""
    return jsonify(json_schema.bundle_schema() if query.bundle else json_schema.document_schema())


@bp.get("/node-types")
@api_spec.validate(tags=["journeys"])
def node_types():
    """The node palette: each type's group, branches, config JSON Schema and default config.

    Default configs point at what exists here (:mod:`app.journeys.defaults`)."""
    catalog = service.database_catalog()
    return jsonify(
        node_types=[
            {**t.describe(), "default_config": fitted_default(t, catalog)} for t in all_types()
        ]
    )


@bp.post("/journeys/validate")
@roles_required(*ROLES)
@api_spec.validate(tags=["journeys"])
def validate_document():
    """Every violation of a document or bundle (the body), against this environment. Saves nothing."""
    _payload, violations = service.check_payload(_body())
    return jsonify(violations=[v.to_json() for v in violations])


@bp.post("/journeys/import")
@roles_required("admin")
@api_spec.validate(query=ImportQuery, tags=["journeys"])
def import_journey(query: ImportQuery):
    """Import a document or bundle as a new draft version (admins only).

    201 when a version was created; 200 for a dry run or when the document equals the latest
    version. 422 with every violation when it has errors (unless allow_errors=1 and the
    document is well-formed).
    """
    result = service.import_payload(
        _body(), user_id=current_user.id, dry_run=query.dry_run, allow_errors=query.allow_errors
    )
    journey = db.session.scalar(select(Journey).where(Journey.key == result.journey_key))
    if journey is not None and not result.dry_run:
        journey_body = journey_json(journey, _owner_email(journey))
        version = db.session.scalar(
            select(JourneyVersion).where(
                JourneyVersion.journey_id == journey.id, JourneyVersion.number == result.version
            )
        )
        version_body = version_json(version)
    else:
        journey_body = journey_json(journey, _owner_email(journey)) if journey else None
        version_body = {"number": result.version, "status": "draft"}
    body = {
        "journey": journey_body or {"key": result.journey_key, "status": "draft"},
        "version": version_body,
        "created": result.created and not result.dry_run,
        "dry_run": result.dry_run,
        "created_objects": result.created_objects,
        "violations": [v.to_json() for v in result.violations],
    }
    return jsonify(body), 201 if body["created"] else 200


@bp.get("/journeys/<key>")
@api_spec.validate(tags=["journeys"])
def get_journey(key: str):
    """A journey, its versions, and the violations of its latest version."""
    journey = service.find_journey(key)
    versions = service.versions_of(journey)
    violations = validate(versions[-1].document, service.database_catalog()) if versions else []
    return jsonify(
        journey=journey_json(journey, _owner_email(journey)),
        versions=[version_json(v) for v in versions],
        violations=[v.to_json() for v in violations],
    )


@bp.get("/journeys/<key>/export")
@api_spec.validate(query=ExportQuery, tags=["journeys"])
def export_journey(key: str, query: ExportQuery):
    """The canonical JSON of a version (latest by default), as a file download."""
    text = export_text(key, query.version, query.bundle)
    suffix = (f".v{query.version}" if query.version else "") + (".bundle" if query.bundle else "")
    return Response(
        text,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{key}{suffix}.journey.json"'},
    )
