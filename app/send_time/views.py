"""``GET /api/members/<id>/send-time``: a member's best hour of the week to send."""

from __future__ import annotations

from flask import Blueprint, jsonify

from app.errors import ApiError
from app.extensions import api_spec, db
from app.models import Member, MemberSendTime

bp = Blueprint("send_time", __name__, url_prefix="/api")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@bp.get("/members/<int:member_id>/send-time")
@api_spec.validate(tags=["members"])
def member_send_time(member_id: int):
    """The member's most responsive hour of the week in their timezone (0 = Monday 00:00),
    from the last nightly refresh; ``responses`` is the weighted history behind it (0: the
    segment's hour alone)."""
    member = db.session.get(Member, member_id)
    if member is None:
        raise ApiError(404, "not_found", f"No member with id {member_id}.")
    row = db.session.get(MemberSendTime, member_id)
    if row is None:
        raise ApiError(404, "not_computed", "Best send times have not been computed yet.")
    return jsonify(
        member_id=member_id,
        timezone=member.timezone,
        hour_of_week=row.hour_of_week,
        day=DAYS[row.hour_of_week // 24],
        hour=row.hour_of_week % 24,
        share=round(row.share, 6),
        responses=round(row.responses, 3),
        segment=row.segment,
        computed_at=row.computed_at.isoformat(),
    )
