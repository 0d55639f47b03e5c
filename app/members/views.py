"""Read routes for members: the searchable, filterable list and one member's profile.

The write routes (``POST /api/members`` …) live with ingestion in :mod:`app.ingestion`.
"""

from __future__ import annotations

from flask import Blueprint, jsonify
from pydantic import BaseModel, Field

from app.auth.access import token_scopes
from app.errors import pydantic_errors, validation_error
from app.extensions import api_spec
from app.members import cursors
from app.members.activity import member_activity
from app.members.listing import member_page
from app.members.profile import member_profile
from app.members.serialize import member_summary
from app.models.members import TIERS

bp = Blueprint("members", __name__, url_prefix="/api")


class MemberListQuery(BaseModel):
    q: str | None = Field(
        default=None,
        max_length=100,
        pattern=r"^[^\x00-\x1f\x7f]*$",
        description="Any part of a name, phone number, email or external id.",
    )
    tier: str | None = Field(default=None, pattern="^(" + "|".join(TIERS) + ")$")
    segment: str | None = Field(default=None, max_length=32, description="RFM segment name.")
    limit: int = Field(default=50, ge=1, le=200)
    after: str | None = Field(default=None, max_length=64, description="A next_cursor.")
    before: str | None = Field(default=None, max_length=64, description="A prev_cursor.")


def query_errors(_req, _resp, error, _instance, _adapter=None) -> None:
    """Turn a spectree validation failure into the app's 400 that names each parameter."""
    if error is not None:
        raise validation_error(pydantic_errors(error))


@bp.get("/members")
@token_scopes("members:read")
@api_spec.validate(query=MemberListQuery, tags=["members"], before=query_errors)
def list_members(query: MemberListQuery):
    """Members in id order, filtered and searched, one keyset page at a time.

    Returns ``members``, ``next_cursor`` / ``prev_cursor`` (null at either end) and
    ``total`` (exact, or null when more than 10,000 match or counting would be slow).
    """
    if query.after is not None and query.before is not None:
        raise validation_error(
            [{"field": "before", "message": "give either after or before, not both"}],
            "Give either 'after' or 'before', not both.",
        )
    after = cursors.decode(query.after, "after") if query.after is not None else None
    before = cursors.decode(query.before, "before") if query.before is not None else None
    q = (query.q or "").strip() or None
    page = member_page(
        q=q, tier=query.tier, segment=query.segment, limit=query.limit, after=after, before=before
    )
    rows = page.rows
    if rows:
        next_cursor = cursors.encode(rows[-1].id) if page.more_after else None
        prev_cursor = cursors.encode(rows[0].id) if page.more_before else None
    else:
        # An empty page still lets the reader turn back to where they came from.
        next_cursor = cursors.encode(before - 1) if before is not None else None
        prev_cursor = cursors.encode(after + 1) if after is not None else None
    return jsonify(
        members=[member_summary(r) for r in rows],
        next_cursor=next_cursor,
        prev_cursor=prev_cursor,
        total=page.total,
    )


@bp.get("/members/<int:member_id>")
@token_scopes("members:read")
@api_spec.validate(tags=["members"])
def get_member(member_id: int):
    """One member's profile, tags, latest 50 orders with items and latest 50 events."""
    return jsonify(member_profile(member_id))


@bp.get("/members/<int:member_id>/activity")
@token_scopes("members:read")
@api_spec.validate(tags=["members"])
def get_member_activity(member_id: int):
    """The member's latest coupons, journeys (each path step with its node label, time and
    coupon code), messages and points ledger entries."""
    return jsonify(member_activity(member_id))
