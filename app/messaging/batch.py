"""One channel's share of a claimed batch: load what the rules need in a few queries,
decide each message, and render those that may go.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.messaging import signing
from app.messaging.context import build_context, coupon_code, coupon_facts
from app.messaging.journey_rules import load_journey_rules
from app.messaging.providers import Outgoing, Provider
from app.messaging.rendering import MEMBER_FIELDS, CompiledTemplate, Rendered, RenderError
from app.messaging.rules import ChannelRules, MemberFacts, decide
from app.models import Member, MessageTemplate, OutboxMessage, Suppression
from app.models.outbox import SENT_LIKE

TRACKED_CHANNELS = ("email", "inapp")
#: What the rules and templates read of a member.
_MEMBER_COLUMNS = (
    *MEMBER_FIELDS,
    "consent_email",
    "consent_sms",
    "consent_push",
    "unsubscribed_email_at",
    "unsubscribed_sms_at",
    "unsubscribed_push_at",
)


@dataclass
class Result:
    """What happens to one claimed row."""

    id: int
    status: str
    reason: str = ""
    next_attempt_at: datetime | None = None
    attempts_adjust: int = 0
    sent_at: datetime | None = None
    provider_message_id: str | None = None
    cost: Decimal | None = None
    subject: str | None = None
    body: str | None = None
    detail: dict = field(default_factory=dict)


def _facts(member: Member) -> MemberFacts:
    return MemberFacts(
        id=member.id,
        timezone=member.timezone,
        email=member.email,
        phone=member.phone,
        consent={
            "email": member.consent_email,
            "sms": member.consent_sms,
            "push": member.consent_push,
        },
        unsubscribed={
            "email": member.unsubscribed_email_at is not None,
            "sms": member.unsubscribed_sms_at is not None,
            "push": member.unsubscribed_push_at is not None,
        },
    )


class ChannelBatch:
    """The rows of one channel in one claim, and everything needed to settle them."""

    def __init__(
        self,
        session: Session,
        channel: str,
        provider: Provider,
        rules: ChannelRules,
        rows: list,
        now: datetime,
    ):
        self.session, self.channel, self.provider = session, channel, provider
        self.rules, self.rows, self.now = rules, rows, now
        self.rows_by_id = {r.id: r for r in rows}
        member_ids = {r.member_id for r in rows if r.member_id is not None}
        # Plain rows, not ORM objects: nothing to track, and they stay readable after the
        # session ends its transaction (messages are rendered chunk by chunk while sending).
        self.members = {
            m.id: m
            for m in session.execute(
                select(*(Member.__table__.c[name] for name in _MEMBER_COLUMNS)).where(
                    Member.id.in_(member_ids)
                )
            )
        }
        self.templates = {
            t.key: t
            for t in session.scalars(
                select(MessageTemplate).where(
                    MessageTemplate.key.in_({r.template_key for r in rows})
                )
            )
        }
        self.suppressed = self._suppressed(member_ids)
        self.history, self.journey_history = self._history(member_ids)
        self.journeys = load_journey_rules(
            session, channel, {r.journey_id for r in rows if r.journey_id is not None}
        )
        self.coupons = self._coupons()
        self.compiled: dict[str, CompiledTemplate | RenderError] = {}
        for key in self.templates:
            self._compile(key)

    def _suppressed(self, member_ids: set[int]) -> set:
        addresses = {
            v
            for m in self.members.values()
            for a in (m.email, m.phone)
            if a
            for v in (a, a.lower())
        }
        found = set()
        for member_id, address in self.session.execute(
            select(Suppression.member_id, Suppression.address).where(
                Suppression.channel.in_((self.channel, "*")),
                or_(Suppression.member_id.in_(member_ids), Suppression.address.in_(addresses)),
            )
        ):
            found.add(("m", member_id) if member_id is not None else ("a", address.lower()))
        return found

    def _is_suppressed(self, member: Member) -> bool:
        if ("m", member.id) in self.suppressed:
            return True
        return any(("a", a.lower()) in self.suppressed for a in (member.email, member.phone) if a)

    def _history(self, member_ids: set[int]):
        """Each member's marketing sends on this channel in the last 8 days: all of them
        (for the channel's caps) and per journey (for the journeys' own caps)."""
        history = defaultdict(list)
        by_journey = defaultdict(list)
        rows = self.session.execute(
            select(OutboxMessage.member_id, OutboxMessage.sent_at, OutboxMessage.journey_id).where(
                OutboxMessage.channel == self.channel,
                OutboxMessage.member_id.in_(member_ids),
                OutboxMessage.category == "marketing",
                OutboxMessage.status.in_(SENT_LIKE),
                OutboxMessage.sent_at >= self.now - timedelta(days=8),
            )
        )
        for member_id, sent_at, journey_id in rows:
            history[member_id].append(sent_at)
            if journey_id is not None:
                by_journey[(member_id, journey_id)].append(sent_at)
        return history, by_journey

    def _in_priority_order(self) -> list:
        """The rows in the order they claim a member's caps: higher journey priority first
        (messages not from a journey count as priority 0), then in the order they were queued."""
        return sorted(
            self.rows,
            key=lambda r: (
                -(self.journeys[r.journey_id].priority if r.journey_id in self.journeys else 0),
                r.id,
            ),
        )

    def _coupons(self) -> dict[str, dict]:
        codes = {c for c in (coupon_code(r.context) for r in self.rows) if c}
        return coupon_facts(self.session, codes)

    def _template(self, key: str) -> CompiledTemplate:
        self._compile(key)
        found = self.compiled[key]
        if isinstance(found, RenderError):
            raise found
        return found

    def _compile(self, key: str) -> None:
        """Compile a template once per batch (while its row is readable)."""
        if key not in self.compiled:
            t = self.templates.get(key)
            try:
                if t is None:
                    raise RenderError(f"no template {key!r}")
                self.compiled[key] = CompiledTemplate(self.channel, t.subject, t.body)
            except RenderError as exc:
                self.compiled[key] = exc
            except Exception as exc:  # noqa: BLE001 - a template edited to be broken
                self.compiled[key] = RenderError(str(exc))

    def _is_targeted_webhook(self, row) -> bool:
        """A journey's webhook node: it names its own target and payload, no template."""
        target = (row.context or {}).get("target")
        return (
            self.channel == "webhook"
            and row.template_key not in self.templates
            and isinstance(target, dict)
            and bool(target.get("url"))
        )

    def ordered(self) -> list:
        """The rows in the order :meth:`settle` must take them (see ``_in_priority_order``)."""
        return self._in_priority_order()

    def decide_and_render(self) -> tuple[list[Result], list[Outgoing]]:
        """Settle every row the rules stop, and render the rest for the provider."""
        return self.settle(self.ordered())

    def settle(self, rows: list) -> tuple[list[Result], list[Outgoing]]:
        """:meth:`decide_and_render` for some rows, taken in :meth:`ordered` order, the next
        ones after those settled before (a member's earlier messages count in their caps).
        Reads nothing from the database."""
        results, outgoing = [], []
        for row in rows:
            member = self.members.get(row.member_id)
            decision = decide(
                self.channel,
                row.category,
                _facts(member) if member else None,
                self.rules,
                suppressed=bool(member) and self._is_suppressed(member),
                sent=self.history.get(row.member_id, []),
                now=self.now,
                journey=self.journeys.get(row.journey_id),
                journey_sent=self.journey_history.get((row.member_id, row.journey_id), []),
            )
            if decision.action == "defer":
                results.append(Result(row.id, "deferred", decision.reason, decision.until, -1))
                continue
            if decision.action in ("suppress", "fail"):
                status = "suppressed" if decision.action == "suppress" else "failed"
                results.append(Result(row.id, status, decision.reason))
                continue
            link = None
            if self.channel in TRACKED_CHANNELS:
                link = lambda url, mid=row.id: signing.click_url(mid, url)  # noqa: E731
            try:
                if self._is_targeted_webhook(row):
                    context = build_context(member, self.channel, row.context, self.coupons)
                    rendered = Rendered("", json.dumps(row.context.get("payload"), default=str))
                else:
                    template = self._template(row.template_key)
                    # Email always carries the link (List-Unsubscribe); others when shown.
                    unsubscribe = self.channel == "email" or "unsubscribe_url" in template.names
                    context = build_context(
                        member, self.channel, row.context, self.coupons, unsubscribe
                    )
                    rendered = template.render(context, link)
            except RenderError as exc:
                results.append(Result(row.id, "failed", f"render_error: {exc}"))
                continue
            if row.category == "marketing":
                self.history[row.member_id].append(self.now)
                if row.journey_id is not None:
                    self.journey_history[(row.member_id, row.journey_id)].append(self.now)
            outgoing.append(
                Outgoing(
                    message_id=row.id,
                    idempotency_key=row.idempotency_key,
                    channel=self.channel,
                    category=row.category,
                    to=self.provider.address(context["member"]),
                    subject=rendered.subject,
                    body=self.provider.finish_body(rendered.body, row.category, self.rules),
                    member=context["member"],
                    context=row.context or {},
                    unsubscribe_url=context["unsubscribe_url"] or None,
                )
            )
        return results, outgoing
