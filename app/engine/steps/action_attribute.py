"""action.attribute: set, increment or clear one attribute on every member of the batch.

An increment is applied in SQL (``x = x + n``), one ``UPDATE`` per distinct number of times
a member reaches the node in the batch, so a member reached twice gets both and an increment
written by anyone else in between is never overwritten.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import bindparam, select, text, update

from app.engine import trial
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


_INCREMENT = {
    "sqlite": (
        "UPDATE members SET attributes = json_set(coalesce(attributes, '{}'), :path, "
        "(CASE WHEN json_type(attributes, :path) IN ('integer', 'real') "
        "THEN json_extract(attributes, :path) ELSE 0 END) + :amount) "
        "WHERE id IN :ids"
    ),
    "postgresql": (
        "UPDATE members SET attributes = jsonb_set(coalesce(attributes, '{}'::jsonb), "
        "ARRAY[CAST(:key AS text)], to_jsonb((CASE WHEN jsonb_typeof(attributes -> :key) = "
        "'number' THEN (attributes ->> :key)::numeric ELSE 0 END) + :amount)) "
        "WHERE id IN :ids"
    ),
}


def _increment(ctx, states, key: str, value) -> None:
    """Add ``value`` once per time each member reached the node, in SQL."""
    times = Counter(s.member_id for s in states)
    by_times: dict[int, list[int]] = defaultdict(list)
    for member_id, n in times.items():
        by_times[n].append(member_id)
    statement = text(_INCREMENT[ctx.session.get_bind().dialect.name]).bindparams(
        bindparam("ids", expanding=True)
    )
    for n, member_ids in sorted(by_times.items()):
        ctx.session.execute(
            statement,
            {"path": f'$."{key}"', "key": key, "amount": value * n, "ids": sorted(member_ids)},
        )


@executor("action.attribute")
def execute(node, states, ctx):
    config = node.config
    if ctx.test_mode:
        detail = trial.would(f"{config.operation} an attribute", key=config.key, value=config.value)
        return [Move("next", detail)] * len(states)
    if config.operation == "increment":
        _increment(ctx, states, config.key, config.value)
        return [Move("next")] * len(states)
    member_ids = sorted({s.member_id for s in states})
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
