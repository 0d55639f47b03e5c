"""action.attribute: set, increment or clear one attribute on every member of the batch."""

from __future__ import annotations

from sqlalchemy import select, update

from app.engine.batch import Move
from app.engine.steps import executor
from app.models.members import Member


def changed(attributes: dict, operation: str, key: str, value):
    """The member's attributes after the operation (a new dict; the input is not touched)."""
    result = dict(attributes or {})
    if operation == "set":
        result[key] = value
    elif operation == "unset":
        result.pop(key, None)
    else:
        current = result.get(key)
        base = current if isinstance(current, int | float) and not isinstance(current, bool) else 0
        result[key] = base + value
    return result


@executor("action.attribute")
def execute(node, states, ctx):
    member_ids = sorted({s.member_id for s in states})
    config = node.config
    rows = ctx.session.execute(
        select(Member.id, Member.attributes).where(Member.id.in_(member_ids))
    )
    updates = [
        {"id": member_id, "attributes": changed(attrs, config.operation, config.key, config.value)}
        for member_id, attrs in rows
    ]
    if updates:
        ctx.session.execute(update(Member), updates)
    return [Move("next")] * len(states)
