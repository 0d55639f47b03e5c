"""What loyalty programs did to one member: coupons, journeys with their paths, messages, points.

Each list is the newest ``LATEST`` rows, read through an index on the member, so a profile
costs the same at a million members. Journey paths name each node by the label the marketer
gave it in the version the member ran, with the time of every step.
"""

from __future__ import annotations

from sqlalchemy import select

from app.errors import ApiError
from app.extensions import db
from app.members.serialize import timestamp
from app.models import Member
from app.models.coupon_grants import Coupon
from app.models.coupons import CouponTemplate
from app.models.journeys import Journey, JourneyVersion
from app.models.outbox import OutboxMessage
from app.models.points import PointsEntry
from app.models.runs import JourneyMember, JourneyStep

LATEST = 50
RUNS = 20


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def coupons(member_id: int) -> list[dict]:
    rows = db.session.execute(
        select(Coupon, CouponTemplate.key, CouponTemplate.name)
        .join(CouponTemplate, CouponTemplate.id == Coupon.template_id)
        .where(Coupon.member_id == member_id)
        .order_by(Coupon.granted_at.desc(), Coupon.id.desc())
        .limit(LATEST)
    ).all()
    return [
        {
            "code": c.code,
            "template": key,
            "template_name": name,
            "status": c.status,
            "source": c.source,
            "granted_at": timestamp(c.granted_at),
            "valid_until": timestamp(c.valid_until),
            "redeemed_at": timestamp(c.redeemed_at),
            "order_ref": c.order_ref,
            "discount": _money(c.discount),
        }
        for c, key, name in rows
    ]


def _labels(document: dict) -> dict[str, str]:
    """Each node's label, or its id where the marketer gave none."""
    return {n["id"]: n.get("label") or n["id"] for n in document.get("nodes", [])}


def journeys(member_id: int) -> list[dict]:
    runs = db.session.execute(
        select(JourneyMember, Journey.key, Journey.name, JourneyVersion.number)
        .join(Journey, Journey.id == JourneyMember.journey_id)
        .join(JourneyVersion, JourneyVersion.id == JourneyMember.version_id)
        .where(JourneyMember.member_id == member_id, JourneyMember.is_test.is_(False))
        .order_by(JourneyMember.entered_at.desc(), JourneyMember.id.desc())
        .limit(RUNS)
    ).all()
    if not runs:
        return []
    steps: dict[int, list[JourneyStep]] = {}
    for step in db.session.scalars(
        select(JourneyStep)
        .where(JourneyStep.journey_member_id.in_([r.id for r, *_ in runs]))
        .order_by(JourneyStep.journey_member_id, JourneyStep.step_no)
    ):
        steps.setdefault(step.journey_member_id, []).append(step)
    documents = {
        vid: doc
        for vid, doc in db.session.execute(
            select(JourneyVersion.id, JourneyVersion.document).where(
                JourneyVersion.id.in_({r.version_id for r, *_ in runs})
            )
        )
    }
    out = []
    for run, key, name, number in runs:
        labels = _labels(documents.get(run.version_id) or {})
        out.append(
            {
                "journey": key,
                "journey_name": name,
                "version": number,
                "status": run.status,
                "entered_at": timestamp(run.entered_at),
                "finished_at": timestamp(run.finished_at),
                "at_node": run.node_id,
                "at_label": labels.get(run.node_id, run.node_id),
                "path": [
                    {
                        "node_id": s.node_id,
                        "label": labels.get(s.node_id, s.node_id),
                        "outcome": s.outcome,
                        "branch": s.branch,
                        "at": timestamp(s.at),
                        "coupon_code": (s.detail or {}).get("coupon_code"),
                    }
                    for s in steps.get(run.id, [])
                ],
            }
        )
    return out


def messages(member_id: int) -> list[dict]:
    rows = db.session.execute(
        select(OutboxMessage, Journey.key)
        .outerjoin(Journey, Journey.id == OutboxMessage.journey_id)
        .where(OutboxMessage.member_id == member_id)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(LATEST)
    ).all()
    return [
        {
            "channel": m.channel,
            "template": m.template_key,
            "subject": m.subject,
            "status": m.status,
            "reason": m.reason,
            "journey": key,
            "node_id": m.node_id,
            "created_at": timestamp(m.created_at),
            "sent_at": timestamp(m.sent_at),
        }
        for m, key in rows
    ]


def points(member_id: int) -> list[dict]:
    rows = db.session.scalars(
        select(PointsEntry)
        .where(PointsEntry.member_id == member_id)
        .order_by(PointsEntry.created_at.desc(), PointsEntry.id.desc())
        .limit(LATEST)
    ).all()
    return [
        {
            "kind": p.kind,
            "points": p.points,
            "source": p.source,
            "note": p.note,
            "created_at": timestamp(p.created_at),
            "expires_at": timestamp(p.expires_at),
        }
        for p in rows
    ]


def member_activity(member_id: int) -> dict:
    """Coupons, journeys with paths, messages and the points ledger of one member (or 404)."""
    member = db.session.get(Member, member_id)
    if member is None:
        raise ApiError(404, "not_found", f"No member with id {member_id}.")
    return {
        "member": {"id": member.id, "external_id": member.external_id},
        "coupons": coupons(member_id),
        "journeys": journeys(member_id),
        "messages": messages(member_id),
        "points": points(member_id),
    }
