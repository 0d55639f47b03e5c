"""Number of events of a type (optionally with property conditions) in the last N days."""

from __future__ import annotations

from sqlalchemy import func, select

from app.audiences.rules.comparisons import compare
from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import (
    ConditionKind,
    check_choice,
    check_text,
    check_whole,
    check_window,
)
from app.audiences.rules.json_fields import (
    JSON_TYPES,
    compile_json_comparison,
    validate_json_comparison,
)
from app.audiences.rules.problems import RuleProblem, join
from app.audiences.rules.values import OPERATORS, check_op_value
from app.audiences.rules.windows import member_events
from app.models import Event
from app.models.events import EVENT_TYPES

MAX_WHERE = 10
WHERE_KEYS = frozenset({"property", "type", "op", "value"})


class EventCountCondition(ConditionKind):
    kind = "event_count"
    label = "Count of events"
    keys = frozenset({"event_type", "name", "window_days", "where", "op", "value"})

    def describe(self) -> dict:
        return {
            "event_types": list(EVENT_TYPES),
            "operators": list(OPERATORS["count"]),
            "where_types": {t: list(OPERATORS[t]) for t in JSON_TYPES},
            "fields": [
                {"field": "event_type", "choices": list(EVENT_TYPES)},
                {"field": "name", "type": "string", "nullable": True},
                {"field": "window_days", "type": "days"},
                {"field": "where", "type": "property conditions"},
                {"field": "value", "type": "number"},
            ],
        }

    def validate(self, cond, path):
        problems = check_choice(cond, "event_type", EVENT_TYPES, path)
        if cond.get("name") is not None:
            problems += check_text(cond, "name", path)
        problems += check_window(cond, path, required=True)
        problems += check_op_value(cond, "count", path) or check_whole(cond, path)
        where = cond.get("where", [])
        if not isinstance(where, list) or len(where) > MAX_WHERE:
            return problems + [
                RuleProblem(
                    join(path, "where"),
                    f"where must be a list of at most {MAX_WHERE} property conditions",
                )
            ]
        for i, item in enumerate(where):
            wpath = f"{join(path, 'where')}[{i}]"
            if not isinstance(item, dict):
                problems.append(RuleProblem(wpath, "a property condition must be an object"))
                continue
            for key in sorted(set(item) - WHERE_KEYS):
                problems.append(
                    RuleProblem(join(wpath, key), f"unknown field {key!r} for a property condition")
                )
            problems += validate_json_comparison(item, wpath, "property")
        return problems

    def compile(self, cond, ctx):
        where = [Event.type == cond["event_type"], *member_events(ctx.now, cond["window_days"])]
        if cond.get("name") is not None:
            where.append(Event.name == cond["name"])
        where += [
            compile_json_comparison(Event.properties, item, "property").is_(True)
            for item in cond.get("where", [])
        ]
        count = select(func.count(Event.id)).where(*where).scalar_subquery()
        return compare(count, cond["op"], cond["value"])


register(EventCountCondition())
