"""Webhook: a signed POST of a JSON payload.

Two kinds of messages use it: a webhook template (sent to the channel's ``url`` with the
member, rendered subject/body and context), and a journey's webhook node, whose outbox
context names its own ``target`` (url, method, headers, timeout) and ``payload``.
Targets are checked by :mod:`app.messaging.providers.targets` (public addresses only unless
allow-listed). The signature is ``X-Loyalty-Signature: sha256=<hex>``, an HMAC-SHA256 with the channel's
secret over ``<X-Loyalty-Timestamp>.<body>``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator

from app.messaging.providers.base import Outcome, Outgoing, Provider, SendContext, register
from app.messaging.providers.http_adapter import stream_all
from app.messaging.providers.targets import TargetRefused, check_target

RESERVED_HEADERS = {"idempotency-key", "x-loyalty-timestamp", "x-loyalty-signature"}


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


class Webhook(Provider):
    name = "webhook"
    channel = "webhook"
    title = "Webhook (signed POST)"
    secret_fields = ("secret",)
    settings_schema = {
        "type": "object",
        "required": ["secret"],
        "additionalProperties": False,
        "properties": {
            "url": {
                "type": "string",
                "pattern": "^https?://",
                "title": "URL for webhook templates",
            },
            "secret": {"type": "string", "minLength": 16, "writeOnly": True},
            "timeout": {"type": "number", "minimum": 1, "maximum": 120, "default": 10},
            "concurrency": {"type": "integer", "minimum": 1, "maximum": 64, "default": 8},
            "allowed_hosts": {
                "type": "array",
                "items": {"type": "string", "minLength": 1, "maxLength": 253},
                "maxItems": 100,
                "title": "Private hosts webhooks may reach (by default only public ones)",
            },
        },
    }

    def _job(self, m: Outgoing, config: dict, ctx: SendContext, timestamp: str):
        target = m.context.get("target") if isinstance(m.context.get("target"), dict) else None
        if target:
            payload = m.context.get("payload")
            url, method = target["url"], str(target.get("method") or "POST").upper()
            extra = {
                k: str(v)
                for k, v in (target.get("headers") or {}).items()
                if k.lower() not in RESERVED_HEADERS
            }
            timeout = target.get("timeout")
        else:
            payload = {
                "idempotency_key": m.idempotency_key,
                "member": m.member,
                "subject": m.subject,
                "body": m.body,
                "context": m.context,
                "sent_at": ctx.now.isoformat(),
            }
            url, method, extra, timeout = config.get("url"), "POST", {}, None
        if not url:
            return None
        try:
            check_target(url, config.get("allowed_hosts") or ())
        except TargetRefused as exc:
            return Outcome("permanent", reason=f"refused target: {exc}")
        raw = json.dumps(payload, sort_keys=True, default=str).encode()
        headers = {
            **extra,
            "Idempotency-Key": m.idempotency_key,
            "X-Loyalty-Timestamp": timestamp,
            "X-Loyalty-Signature": sign(config["secret"], timestamp, raw),
        }
        return (url, raw, headers, method, timeout)

    def stream(
        self, messages: list[Outgoing], config: dict, ctx: SendContext
    ) -> Iterator[list[tuple[int, Outcome]]]:
        timestamp = str(int(ctx.now.timestamp()))
        jobs = [self._job(m, config, ctx, timestamp) for m in messages]
        no_url = Outcome("permanent", reason="no webhook url: set one in the channel settings")
        settled = [
            (i, job if isinstance(job, Outcome) else no_url)
            for i, job in enumerate(jobs)
            if job is None or isinstance(job, Outcome)
        ]
        if settled:
            yield settled
        index = [i for i, job in enumerate(jobs) if isinstance(job, tuple)]
        for group in stream_all([jobs[i] for i in index], config):
            yield [(index[k], outcome) for k, outcome in group]


register(Webhook())
