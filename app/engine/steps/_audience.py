"""Audience checks over a batch: inline rules or a saved audience's rules, one query each."""

from __future__ import annotations

from sqlalchemy import select

from app.audiences.rules.compiler import matching_member_ids
from app.engine.context import StepContext
from app.models.audiences import Audience


class MissingAudience(LookupError):
    """A node refers to an audience key that does not exist (any more)."""


def rules_of(choice: dict, ctx: StepContext) -> dict:
    """The rule tree of an ``{"rules": ...}`` or ``{"audience": key}`` choice."""
    if choice.get("rules") is not None:
        return choice["rules"]
    key = choice["audience"]
    cache_key = f"audience:{key}"
    if cache_key not in ctx.cache:
        rules = ctx.session.scalar(select(Audience.rules).where(Audience.key == key))
        if rules is None:
            raise MissingAudience(f"audience '{key}' does not exist")
        ctx.cache[cache_key] = rules
    return ctx.cache[cache_key]


def matching(choice: dict, member_ids: list[int], ctx: StepContext) -> set[int]:
    """Which of ``member_ids`` match the choice's rules right now."""
    return matching_member_ids(ctx.session, rules_of(choice, ctx), ctx.now, member_ids)
