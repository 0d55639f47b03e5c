"""Has (or has not) a tag, static or computed."""

from __future__ import annotations

from sqlalchemy import exists, not_, select

from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind, check_choice, check_text
from app.models import Member, MemberTag

OPS = ("has", "has_not")


class TagCondition(ConditionKind):
    kind = "tag"
    label = "Tag"
    keys = frozenset({"op", "value"})

    def describe(self) -> dict:
        return {"operators": list(OPS), "fields": [{"field": "value", "type": "tag"}]}

    def validate(self, cond, path):
        return check_choice(cond, "op", OPS, path) + check_text(cond, "value", path)

    def compile(self, cond, ctx):
        has = exists(
            select(MemberTag.id).where(
                MemberTag.member_id == Member.id, MemberTag.tag == cond["value"]
            )
        )
        return has if cond["op"] == "has" else not_(has)


register(TagCondition())
