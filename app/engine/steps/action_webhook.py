"""action.webhook: queue a call of the node's URL with the member and journey as JSON.

The call is an outbox row on the ``webhook`` channel (sent signed by the dispatcher, once,
with retries); its context carries the node's URL, method and headers.
"""

from __future__ import annotations

from app.database import insert_ignoring_duplicates
from app.engine.batch import Move
from app.engine.steps import executor
from app.models.outbox import OutboxMessage


@executor("action.webhook")
def execute(node, states, ctx):
    config = node.config
    target = {
        "url": config.url,
        "method": config.method,
        "headers": config.headers,
        "timeout": config.timeout_seconds,
    }
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
    insert_ignoring_duplicates(ctx.session, OutboxMessage, rows, ["idempotency_key"])
    ctx.tally(node.id, "webhooks_queued", len(rows))
    return [Move("next")] * len(states)
