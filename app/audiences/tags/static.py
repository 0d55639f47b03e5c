"""Set and remove static (hand-set) tags on a member."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models import MemberTag, TagDefinition

MANUAL_SOURCE = "manual"


class TagError(ValueError):
    """A tag cannot be set or removed by hand; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def add_static_tag(session: Session, member_id: int, key: str) -> bool:
    """Tag a member; creates a static definition on first use. False if already tagged."""
    definition = session.scalar(select(TagDefinition).where(TagDefinition.key == key))
    if definition is None:
        session.add(TagDefinition(key=key, name=key, kind="static"))
    elif definition.kind != "static":
        raise TagError(409, f"Tag {key} is computed from rules and cannot be set by hand.")
    exists_already = session.scalar(
        select(MemberTag.id).where(MemberTag.member_id == member_id, MemberTag.tag == key)
    )
    if exists_already is None:
        session.add(MemberTag(member_id=member_id, tag=key, source=MANUAL_SOURCE))
    session.commit()
    return exists_already is None


def remove_static_tag(session: Session, member_id: int, key: str) -> None:
    """Remove a hand-set tag from a member."""
    result = session.execute(
        delete(MemberTag).where(
            MemberTag.member_id == member_id,
            MemberTag.tag == key,
            MemberTag.source == MANUAL_SOURCE,
        )
    )
    if result.rowcount == 0:
        raise TagError(404, f"Member {member_id} has no hand-set tag {key}.")
    session.commit()
