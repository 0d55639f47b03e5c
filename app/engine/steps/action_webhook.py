"""action.webhook: queue a call of the node's URL with the member and journey as JSON.

The call is an outbox row on the ``webhook`` channel (sent signed by the dispatcher, once,
with retries); its context carries the node's URL, method and headers. The payload names the
member by internal id and external id (what the receiving system knows them by) and carries
the member fields the node lists, read for the whole batch in one query. With
``wait_for_response`` the member waits at the node for the answer
(:mod:`app.engine.webhook_answers`), which the step keeps and, with ``save_response_as``, the
member's attributes too.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from app.database import insert_ignoring_duplicates
from app.engine import trial
from app.engine.batch import Hold, Move
from app.engine.steps import executor
from app.engine.webhook_answers import SETTLED, answers, as_attributes, reply_key
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


def _rows(node, states, ctx, key) -> list[dict]:
    """The outbox rows calling the node's URL for ``states``, keyed by ``key(state)``."""
    config = node.config
    target = {
        "url": config.url,
        "method": config.method,
        "headers": config.headers,
        "timeout": config.timeout_seconds,
    }
    members = _member_fields(ctx, {s.member_id for s in states}, list(config.fields))
    return [
        {
            "idempotency_key": key(s),
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


def _queue(node, states, ctx, key) -> None:
    rows = _rows(node, states, ctx, key)
    insert_ignoring_duplicates(ctx.session, OutboxMessage, rows, ["idempotency_key"])
    ctx.tally(node.id, "webhooks_queued", len(rows))


def _save_answers(ctx, prefix: str, answered: dict[int, dict | None]) -> None:
    """Merge each member's answer into their attributes (one read, one bulk update)."""
    rows = ctx.session.execute(
        select(Member.id, Member.attributes).where(Member.id.in_(sorted(answered)))
    )
    updates = [
        {"id": m, "attributes": {**(attrs or {}), **as_attributes(prefix, answered[m])}}
        for m, attrs in rows
    ]
    if updates:
        ctx.session.execute(update(Member), updates)


def _waiting(node, states, ctx) -> list:
    """Queue the call and hold the member until the dispatcher records its outcome (which
    wakes the run) or the wait runs out; then leave with the answer on the step."""
    config = node.config
    wait = timedelta(minutes=config.response_wait_minutes)
    fresh = [s for s in states if not s.resumed]
    if fresh:
        _queue(node, fresh, ctx, lambda s: reply_key(s.id, node.id))
    found = answers(ctx.session, [reply_key(s.id, node.id) for s in states if s.resumed])
    decisions, answered = [], {}
    for s in states:
        answer = found.get(reply_key(s.id, node.id))
        if not s.resumed:
            decisions.append(Hold(ctx.now + wait, for_event=True, detail={"webhook": "waiting"}))
        elif (
            answer is not None
            and answer.status not in SETTLED
            and ctx.now < answer.queued_at + wait
        ):
            decisions.append(Hold(answer.queued_at + wait, for_event=True))
        else:
            settled = answer is not None and answer.status in SETTLED
            response = answer.response if settled else None
            detail = {"response": response, "call": answer.status if answer else "missing"}
            if not settled:
                detail["timed_out"] = True
            decisions.append(Move("next", detail))
            answered[s.member_id] = response
    if config.save_response_as and answered:
        _save_answers(ctx, config.save_response_as, answered)
    return decisions


@executor("action.webhook")
def execute(node, states, ctx):
    config = node.config
    if ctx.test_mode:  # shown, never called
        rows = _rows(node, states, ctx, lambda s: f"test:{s.id}")
        return [
            Move(
                "next",
                trial.would("call a webhook", url=config.url, payload=r["context"]["payload"]),
            )
            for r in rows
        ]
    if config.wait_for_response:
        return _waiting(node, states, ctx)
    _queue(node, states, ctx, lambda s: f"journey-run:{s.id}:{node.id}:{s.step_no}")
    return [Move("next")] * len(states)
