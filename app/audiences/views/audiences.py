"""Saved audiences by key (CRUD), preview, validation and the rule builder's field list."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from pydantic import BaseModel, Field
from spectree import Response
from sqlalchemy import select

from app.audiences.preview import preview
from app.audiences.rules.conditions import all_conditions
from app.audiences.rules.validation import validate_rule_tree
from app.audiences.sizes import count_audience
from app.audiences.views import bp
from app.audiences.views.common import now, problems_json, require_valid_rules
from app.errors import ApiError
from app.extensions import api_spec, db
from app.models import Audience

KEY_PATTERN = r"^[a-z0-9][a-z0-9_\-]{0,99}$"


class AudienceBody(BaseModel):
    key: str = Field(
        pattern=KEY_PATTERN,
        description="Stable key journeys refer to; lower case, digits, _ and -.",
    )
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    rules: dict[str, Any] = Field(description="A rule tree, see docs/audience-rules.md")


class AudienceUpdate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    rules: dict[str, Any]


class RulesBody(BaseModel):
    rules: Any = Field(description="A rule tree, see docs/audience-rules.md")


def audience_json(audience: Audience) -> dict:
    return {
        "key": audience.key,
        "name": audience.name,
        "description": audience.description,
        "rules": audience.rules,
        "last_size": audience.last_size,
        "last_size_at": audience.last_size_at.isoformat() if audience.last_size_at else None,
        "updated_at": audience.updated_at.isoformat() if audience.updated_at else None,
    }


def _load(key: str) -> Audience:
    audience = db.session.scalar(select(Audience).where(Audience.key == key))
    if audience is None:
        raise ApiError(404, "not_found", f"No audience with key {key}.")
    return audience


@bp.get("/audiences")
@api_spec.validate(tags=["audiences"])
def list_audiences():
    """Every saved audience, by key."""
    audiences = db.session.scalars(select(Audience).order_by(Audience.key)).all()
    return jsonify(audiences=[audience_json(a) for a in audiences])


@bp.post("/audiences")
@api_spec.validate(json=AudienceBody, resp=Response(HTTP_201=None), tags=["audiences"])
def create_audience(json: AudienceBody):
    """Save an audience; its rules must be valid and its key new."""
    require_valid_rules(json.rules)
    if db.session.scalar(select(Audience.id).where(Audience.key == json.key)):
        raise ApiError(409, "conflict", f"An audience with key {json.key} exists already.")
    audience = Audience(
        key=json.key, name=json.name, description=json.description, rules=json.rules
    )
    db.session.add(audience)
    count_audience(db.session, audience, now())
    db.session.commit()
    return jsonify(audience=audience_json(audience)), 201


@bp.get("/audiences/<key>")
@api_spec.validate(tags=["audiences"])
def get_audience(key: str):
    """One audience."""
    return jsonify(audience=audience_json(_load(key)))


@bp.put("/audiences/<key>")
@api_spec.validate(json=AudienceUpdate, tags=["audiences"])
def update_audience(key: str, json: AudienceUpdate):
    """Replace an audience's name, description and rules (the key never changes)."""
    audience = _load(key)
    require_valid_rules(json.rules)
    audience.name, audience.description, audience.rules = json.name, json.description, json.rules
    count_audience(db.session, audience, now())
    db.session.commit()
    return jsonify(audience=audience_json(audience))


@bp.delete("/audiences/<key>")
@api_spec.validate(tags=["audiences"])
def delete_audience(key: str):
    """Delete an audience."""
    db.session.delete(_load(key))
    db.session.commit()
    return jsonify(ok=True)


@bp.post("/audiences/preview")
@api_spec.validate(json=RulesBody, tags=["audiences"])
def preview_rules(json: RulesBody):
    """Size, a sample of 20 members and the order values of an unsaved rule tree."""
    require_valid_rules(json.rules)
    return jsonify(preview(db.session, json.rules, now()))


@bp.post("/audiences/<key>/preview")
@api_spec.validate(tags=["audiences"])
def preview_audience(key: str):
    """Preview a saved audience and remember its size."""
    audience = _load(key)
    moment = now()
    result = preview(db.session, audience.rules, moment)
    audience.last_size, audience.last_size_at = result["size"], moment
    db.session.commit()
    return jsonify(result)


@bp.post("/audiences/validate")
@api_spec.validate(json=RulesBody, tags=["audiences"])
def validate_rules(json: RulesBody):
    """Every problem of a rule tree (an empty list when it is valid)."""
    problems = validate_rule_tree(json.rules)
    return jsonify(valid=not problems, problems=problems_json(problems))


@bp.get("/audiences/fields")
@api_spec.validate(tags=["audiences"])
def condition_fields():
    """The condition kinds with their fields, operators and value types, for the rule builder."""
    kinds = [{"kind": c.kind, "label": c.label, **c.describe()} for c in all_conditions()]
    return jsonify(groups=["all", "any", "not"], conditions=kinds)
