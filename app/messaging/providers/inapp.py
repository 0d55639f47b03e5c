"""The in-app inbox: messages are stored for the member to list, read and mark read."""

from __future__ import annotations

from app.database import insert_ignoring_duplicates
from app.messaging.providers.base import Outcome, Outgoing, Provider, SendContext, register
from app.models import InboxMessage


class InAppInbox(Provider):
    name = "inbox"
    channel = "inapp"
    title = "In-app inbox"
    needs_settings = False

    def send(self, messages: list[Outgoing], config: dict, ctx: SendContext) -> list[Outcome]:
        # Written in the dispatcher's transaction with the status change; unique on
        # outbox_id, so a re-run after a crash cannot store a message twice.
        insert_ignoring_duplicates(
            ctx.session,
            InboxMessage.__table__,
            [
                {
                    "member_id": m.member["id"],
                    "outbox_id": m.message_id,
                    "title": m.subject,
                    "body": m.body,
                    "created_at": ctx.now,
                }
                for m in messages
            ],
            ["outbox_id"],
        )
        return [Outcome("sent", f"inbox:{m.message_id}") for m in messages]


register(InAppInbox())
