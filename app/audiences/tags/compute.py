"""Compute rule tags: the members matching a tag's rules carry it, no others (set-based)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, func, literal, select, update
from sqlalchemy.orm import Session

from app.audiences.rules.compiler import rule_expression
from app.models import Member, MemberTag, TagDefinition

RULE_SOURCE = "rule"


def compute_tag(session: Session, definition: TagDefinition, now: datetime) -> dict:
    """Bring ``member_tags`` in line with the rules of a ``rule`` tag; commits.

    Members that match and lack the tag get it; rule-sourced tags of members that no longer
    match are removed. A hand-set tag with the same key is left alone.
    """
    expression = rule_expression(definition.rules, now)
    key = definition.key
    matching = select(Member.id).where(expression)
    count = select(func.count(MemberTag.id)).where(MemberTag.tag == key)
    before = session.scalar(count)
    removed = session.execute(
        delete(MemberTag)
        .where(
            MemberTag.tag == key,
            MemberTag.source == RULE_SOURCE,
            MemberTag.member_id.not_in(matching),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    already = exists(
        select(MemberTag.id).where(MemberTag.member_id == Member.id, MemberTag.tag == key)
    )
    session.execute(
        MemberTag.__table__.insert().from_select(
            ["member_id", "tag", "source", "created_at"],
            select(
                Member.id,
                literal(key, MemberTag.tag.type),
                literal(RULE_SOURCE, MemberTag.source.type),
                literal(now, MemberTag.created_at.type),
            ).where(expression, ~already),
        )
    )
    # INSERT ... SELECT reports no row count on every driver, so count instead.
    added = session.scalar(count) - (before - removed)
    session.execute(
        update(TagDefinition)
        .where(TagDefinition.id == definition.id)
        .values(last_computed_at=literal(now, TagDefinition.last_computed_at.type))
    )
    session.commit()
    session.refresh(definition)
    return {"tag": key, "added": added, "removed": removed}


def compute_all_rule_tags(session: Session, now: datetime) -> list[dict]:
    """Compute every rule tag, in key order."""
    definitions = session.scalars(
        select(TagDefinition).where(TagDefinition.kind == "rule").order_by(TagDefinition.key)
    ).all()
    return [compute_tag(session, d, now) for d in definitions]
