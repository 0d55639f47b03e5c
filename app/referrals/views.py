"""Referral routes: a member's invitation code and link, the referral report, refusals, and
lottery draws (admins draw; everyone signed in reads and verifies)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, jsonify, request
from flask_login import current_user
from pydantic import BaseModel, Field
from spectree import Response
from sqlalchemy import select

from app.auth.access import roles_required
from app.engine.clock import current_clock
from app.errors import ApiError, validation_error
from app.extensions import api_spec, db
from app.messaging.signing import base_url
from app.models import Member
from app.models.referrals import LotteryDraw, Referral, ReferralRefusal
from app.referrals.codes import invite_code
from app.referrals.lottery import DrawRefused, draw_json, make_draw, verify_draw
from app.referrals.report import referral_report
from app.reports.service import PeriodQuery, parse_query

bp = Blueprint("referrals", __name__, url_prefix="/api")
TAGS = ["referrals"]
ALL_TIME = datetime(2000, 1, 1, tzinfo=UTC)


class DrawBody(BaseModel):
    template: str = Field(min_length=1, max_length=100, description="Coupon template key")
    winners: int = Field(ge=1, le=10_000)
    until: datetime | None = Field(default=None, description="Entrants granted up to; now")
    seed: str | None = Field(default=None, min_length=8, max_length=64, description="Random")


def invitation(member: Member) -> dict:
    code = invite_code(member.id)
    return {"code": code, "link": f"{base_url()}/join?referral_code={code}"}


@bp.get("/members/<int:member_id>/invitation")
@api_spec.validate(tags=TAGS)
def member_invitation(member_id: int):
    """The member's invitation code and link, who invited them and how many they invited."""
    member = db.session.get(Member, member_id)
    if member is None:
        raise ApiError(404, "not_found", f"No member with id {member_id}.")
    inviter = db.session.scalar(select(Referral.inviter_id).where(Referral.invitee_id == member_id))
    invited = db.session.scalar(
        select(db.func.count()).select_from(Referral).where(Referral.inviter_id == member_id)
    )
    return jsonify(invitation(member) | {"invited_by": inviter, "invited": invited})


@bp.get("/referrals/report")
@api_spec.validate(tags=TAGS)
def report():
    """The referral report (``docs/referrals.md``) for ``from``..``to`` (default: all time)."""
    query = parse_query(request.args.to_dict(), PeriodQuery)
    start, end = query.bounds()
    now = current_clock().now()
    return jsonify(referral_report(db.session, start or ALL_TIME, end or now))


@bp.get("/referrals/refusals")
@api_spec.validate(tags=TAGS)
def refusals():
    """The latest 100 codes that linked nobody, with the reason."""
    rows = db.session.execute(
        select(ReferralRefusal, Member.external_id)
        .join(Member, Member.id == ReferralRefusal.invitee_id)
        .order_by(ReferralRefusal.id.desc())
        .limit(100)
    ).all()
    return jsonify(
        refusals=[
            {"member_id": r.invitee_id, "external_id": ext, "code": r.code,
             "inviter_id": r.inviter_id, "reason": r.reason, "at": r.at.isoformat()}
            for r, ext in rows
        ]
    )  # fmt: skip


@bp.get("/lottery-draws")
@api_spec.validate(tags=TAGS)
def list_draws():
    """Every draw, latest first."""
    draws = db.session.scalars(select(LotteryDraw).order_by(LotteryDraw.id.desc()).limit(100))
    return jsonify(draws=[draw_json(d) for d in draws])


@bp.post("/lottery-draws")
@roles_required("admin")
@api_spec.validate(json=DrawBody, resp=Response(HTTP_201=None), tags=TAGS)
def create_draw(json: DrawBody):
    """Draw ``winners`` among the codes of a coupon template granted up to ``until``, with
    ``seed`` (random when left out); the seed and the entrants' SHA-256 are recorded."""
    if json.until is not None and json.until.tzinfo is None:
        raise validation_error([{"field": "until", "message": "needs a timezone offset"}])
    try:
        draw = make_draw(
            db.session, json.template, json.winners, current_clock().now(),
            until=json.until, seed=json.seed, drawn_by=current_user.email,
        )  # fmt: skip
    except DrawRefused as exc:
        db.session.rollback()
        raise validation_error([{"field": exc.field, "message": exc.message}]) from exc
    db.session.commit()
    return jsonify(draw=draw_json(draw)), 201


@bp.get("/lottery-draws/<int:draw_id>/verify")
@api_spec.validate(tags=TAGS)
def verify(draw_id: int):
    """Draw again from the recorded seed and the entrants as of the draw, and compare."""
    draw = db.session.get(LotteryDraw, draw_id)
    if draw is None:
        raise ApiError(404, "not_found", f"No lottery draw {draw_id}.")
    return jsonify(draw=draw_json(draw), **verify_draw(db.session, draw))
