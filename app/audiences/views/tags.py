"""Tag definitions, computing rule tags, and static tags on one member."""

from __future__ import annotations

from typing import Any, Literal

from flask import jsonify
from pydantic import BaseModel, Field
from spectree import Response
from sqlalchemy import func, select

from app.audiences.tags.compute import compute_tag
from app.audiences.tags.static import TagError, add_static_tag, remove_static_tag
from app.audiences.views import bp
from app.audiences.views.common import now, require_valid_rules
from app.errors import ApiError
from app.extensions import api_spec, db
from app.models import Member, MemberTag, TagDefinition

TAG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"


class TagBody(BaseModel):
    key: str = Field(pattern=TAG_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["static", "rule"] = "static"
    rules: dict[str, Any] | None = Field(
        default=None, description="Required for rule tags, absent for static ones"
    )


class MemberTagBody(BaseModel):
    tag: str = Field(pattern=TAG_PATTERN)


def tag_json(definition: TagDefinition, members: int) -> dict:
    return {
        "key": definition.key,
        "name": definition.name,
        "kind": definition.kind,
        "rules": definition.rules,
        "members": members,
        "last_computed_at": definition.last_computed_at.isoformat()
        if definition.last_computed_at
        else None,
    }


def _load(key: str) -> TagDefinition:
    definition = db.session.scalar(select(TagDefinition).where(TagDefinition.key == key))
    if definition is None:
        raise ApiError(404, "not_found", f"No tag with key {key}.")
    return definition


def _member(member_id: int) -> None:
    if db.session.get(Member, member_id) is None:
        raise ApiError(404, "not_found", f"No member with id {member_id}.")


@bp.get("/tags")
@api_spec.validate(tags=["tags"])
def list_tags():
    """Tag definitions with how many members carry each."""
    counts = dict(
        db.session.execute(
            select(MemberTag.tag, func.count(MemberTag.id)).group_by(MemberTag.tag)
        ).all()
    )
    definitions = db.session.scalars(select(TagDefinition).order_by(TagDefinition.key)).all()
    return jsonify(tags=[tag_json(d, counts.get(d.key, 0)) for d in definitions])


@bp.post("/tags")
@api_spec.validate(json=TagBody, resp=Response(HTTP_201=None), tags=["tags"])
def create_tag(json: TagBody):
    """Define a static tag, or a rule tag with its rule tree."""
    if json.kind == "rule":
        if json.rules is None:
            raise ApiError(
                400,
                "validation_failed",
                "A rule tag needs rules.",
                [{"field": "rules", "message": "required for rule tags"}],
            )
        require_valid_rules(json.rules)
    elif json.rules is not None:
        raise ApiError(
            400,
            "validation_failed",
            "A static tag has no rules.",
            [{"field": "rules", "message": "only rule tags have rules"}],
        )
    if db.session.scalar(select(TagDefinition.id).where(TagDefinition.key == json.key)):
        raise ApiError(409, "conflict", f"A tag with key {json.key} exists already.")
    definition = TagDefinition(key=json.key, name=json.name, kind=json.kind, rules=json.rules)
    db.session.add(definition)
    db.session.commit()
    return jsonify(tag=tag_json(definition, 0)), 201


@bp.post("/tags/<key>/compute")
@api_spec.validate(tags=["tags"])
def compute(key: str):
    """Compute a rule tag now: matching members get it, others lose it."""
    definition = _load(key)
    if definition.kind != "rule":
        raise ApiError(409, "not_a_rule_tag", f"Tag {key} is static; only rule tags are computed.")
    return jsonify(compute_tag(db.session, definition, now()))


@bp.post("/members/<int:member_id>/tags")
@api_spec.validate(json=MemberTagBody, tags=["tags"])
def tag_member(member_id: int, json: MemberTagBody):
    """Set a static tag on a member (defining the tag on first use)."""
    _member(member_id)
    try:
        added = add_static_tag(db.session, member_id, json.tag)
    except TagError as exc:
        raise ApiError(exc.status, "conflict", str(exc)) from exc
    return jsonify(member_id=member_id, tag=json.tag, added=added)


@bp.delete("/members/<int:member_id>/tags/<tag>")
@api_spec.validate(tags=["tags"])
def untag_member(member_id: int, tag: str):
    """Remove a hand-set tag from a member."""
    _member(member_id)
    try:
        remove_static_tag(db.session, member_id, tag)
    except TagError as exc:
        raise ApiError(exc.status, "not_found", str(exc)) from exc
    return jsonify(ok=True)
