"""action.webhook: queue a call of the node's URL with the member and journey as JSON.

The call is an outbox row on the ``webhook`` channel (sent signed by the dispatcher, once,
with retries); its context carries the node's URL, method and headers. The payload names the
member by internal id and external id (what the receiving system knows them by) and carries
the member fields the node lists, read for the whole batch in one query.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from app.database import insert_ignoring_duplicates
from app.engine import trial
from app.engine.batch import Move
from app.engine.steps import executor
from app.models.members import Member
from app.models.outbox import OutboxMessage


def _plain(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def _member_fields(ctx, member_ids: set[int], fields: list[str]) -> dict[int, dict]:
    """``{member_id: {"external_id", <field>: value}}`` for the batch, in one query."""
    columns = sorted({f for f in fields if not f.startswith("attributes.")})
    wanted = [Member.id, Member.external_id, Member.attributes] + [
        getattr(Member, c) for c in columns
    ]
    out = {}
    for row in ctx.session.execute(select(*wanted).where(Member.id.in_(member_ids))):
        values = {"external_id": row.external_id}
        for name in fields:
            if name.startswith("attributes."):
                values[name] = (row.attributes or {}).get(name.split(".", 1)[1])
            else:
                values[name] = _plain(getattr(row, name))
        out[row.id] = values
    return out


@executor("action.webhook")
def execute(node, states, ctx):
    config = node.config
    target = {
        "url": config.url,
        "method": config.method,
        "headers": config.headers,
        "timeout": config.timeout_seconds,
    }
    members = _member_fields(ctx, {s.member_id for s in states}, list(config.fields))
    rows = [
        {
            "idempotency_key": f"journey-run:{s.id}:{node.id}:{s.step_no}",
            "member_id": s.member_id,
            "channel": "webhook",
            "template_key": f"node:{node.id}",
            "category": "transactional",
            "context": {
                "target": target,
                "payload": {
                    "journey_id": ctx.journey_id,
                    "node_id": node.id,
                    "member_id": s.member_id,
                    "member_external_id": members.get(s.member_id, {}).get("external_id"),
                    **(
                        {"member": {f: members.get(s.member_id, {}).get(f) for f in config.fields}}
                        if config.fields
                        else {}
                    ),
                    "at": ctx.now.isoformat(),
                },
            },
            "status": "pending",
            "reason": "",
            "attempts": 0,
            "next_attempt_at": ctx.now,
            "created_at": ctx.now,
            "updated_at": ctx.now,
        }
        for s in states
    ]
    if ctx.test_mode:  # shown, never called
        return [
            Move(
                "next",
                trial.would("call a webhook", url=config.url, payload=r["context"]["payload"]),
            )
            for r in rows
        ]
    insert_ignoring_duplicates(ctx.session, OutboxMessage, rows, ["idempotency_key"])
    ctx.tally(node.id, "webhooks_queued", len(rows))
    return [Move("next")] * len(states)
