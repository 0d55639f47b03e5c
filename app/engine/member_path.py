"""One member's way through one journey: each entry's steps with node labels and times, and
the coupons and messages the journey's nodes gave them.

Coupons name their node in ``source`` and outbox rows name their journey and node, but
neither names the entry; :func:`attach` puts each on the member's latest step at that node
taken no later than it was made (else their latest step there), which is the step that made
it for any member who entered once and for each entry of one who entered again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.coupon_grants import Coupon
from app.models.journeys import Journey, JourneyVersion
from app.models.messages import MessageTemplate
from app.models.outbox import OutboxMessage
from app.models.runs import JourneyMember, JourneyStep


def attach(steps: list[dict], items: list[dict], kind: str) -> None:
    """Append each item (``node`` and ``at``) to ``step[kind]`` of the step it came from."""
    for item in items:
        here = [s for s in steps if s["node"] == item["node"]]
        if not here:
            continue
        before = [s for s in here if s["at"] <= item["at"]]
        step = max(before or here, key=lambda s: s["at"])
        step.setdefault(kind, []).append(item)


def _labels(session: Session, version_ids: set[int]) -> dict[int, dict[str, str]]:
    versions = session.execute(
        select(JourneyVersion.id, JourneyVersion.document).where(JourneyVersion.id.in_(version_ids))
    )
    return {
        vid: {n["id"]: (n.get("label") or "").strip() or n["id"] for n in doc.get("nodes", [])}
        for vid, doc in versions
    }


def _iso(at: datetime) -> str:
    return at.isoformat()


def member_runs(session: Session, journey: Journey, member_id: int) -> list[dict]:
    """Each entry of the member, oldest first, with ``steps`` (node, label, outcome, branch,
    at, and the ``coupons`` and ``messages`` it gave) — a few queries, whatever the path."""
    runs = list(
        session.scalars(
            select(JourneyMember)
            .where(JourneyMember.journey_id == journey.id, JourneyMember.member_id == member_id)
            .order_by(JourneyMember.entered_at, JourneyMember.id)
        )
    )
    if not runs:
        return []
    labels = _labels(session, {r.version_id for r in runs})
    step_rows = session.execute(
        select(JourneyStep)
        .where(JourneyStep.journey_member_id.in_([r.id for r in runs]))
        .order_by(JourneyStep.journey_member_id, JourneyStep.step_no)
    ).scalars()
    by_run: dict[int, list[dict]] = {r.id: [] for r in runs}
    version_of = {r.id: r.version_id for r in runs}
    for s in step_rows:
        by_run[s.journey_member_id].append(
            {
                "node": s.node_id,
                "label": labels.get(version_of[s.journey_member_id], {}).get(s.node_id, s.node_id),
                "outcome": s.outcome,
                "branch": s.branch,
                "at": _iso(s.at),
            }
        )
    prefix = f"journey:{journey.id}:"
    coupons = [
        {"node": source[len(prefix) :], "code": code, "status": status, "at": _iso(at)}
        for code, status, source, at in session.execute(
            select(Coupon.code, Coupon.status, Coupon.source, Coupon.granted_at)
            .where(Coupon.member_id == member_id, Coupon.source.like(f"{prefix}%"))
            .order_by(Coupon.granted_at, Coupon.id)
        )
    ]
    messages = [
        {
            "node": node,
            "channel": channel,
            "template": template,
            "template_name": template_name,
            "subject": subject,
            "status": status,
            "at": _iso(at),
        }
        for node, channel, template, template_name, subject, status, at in session.execute(
            select(
                OutboxMessage.node_id,
                OutboxMessage.channel,
                OutboxMessage.template_key,
                MessageTemplate.name,
                OutboxMessage.subject,
                OutboxMessage.status,
                OutboxMessage.created_at,
            )
            .outerjoin(MessageTemplate, MessageTemplate.key == OutboxMessage.template_key)
            .where(OutboxMessage.member_id == member_id, OutboxMessage.journey_id == journey.id)
            .order_by(OutboxMessage.created_at, OutboxMessage.id)
        )
    ]
    every_step = [step for steps in by_run.values() for step in steps]
    attach(every_step, coupons, "coupons")
    attach(every_step, messages, "messages")
    out = []
    for run in runs:
        current = labels.get(run.version_id, {}).get(run.node_id, run.node_id)
        out.append(
            {
                "member_id": run.member_id,
                "entry_key": run.entry_key,
                "node_id": run.node_id,
                "node_label": current,
                "status": run.status,
                "due_at": run.due_at.isoformat() if run.due_at else None,
                "entered_at": run.entered_at.isoformat(),
                "path": run.path,
                "steps": by_run[run.id],
                "error": run.last_error,
                "test": run.is_test,
            }
        )
    return out
