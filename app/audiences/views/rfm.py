"""The RFM view and its on-demand refresh."""

from __future__ import annotations

from flask import jsonify

from app.audiences.rfm.refresh import refresh_rfm, window_days
from app.audiences.rfm.summary import rfm_summary
from app.audiences.views import bp
from app.audiences.views.common import now
from app.extensions import api_spec, db


@bp.get("/rfm")
@api_spec.validate(tags=["rfm"])
def rfm_view():
    """Segment sizes with what each means, their share of members and of revenue, and the
    last refresh (when it ran, the moment it scored as of, its window)."""
    return jsonify(**rfm_summary(db.session, window_days()))


@bp.post("/rfm/refresh")
@api_spec.validate(tags=["rfm"])
def rfm_refresh():
    """Recompute every member's RFM scores and segment now; ``changed`` counts the members
    whose scores or segment moved."""
    result = refresh_rfm(db.session, now())
    return jsonify(
        scored=result["scored"],
        changed=result["changed"],
        refreshed_at=result["refreshed_at"].isoformat(),
        as_of=result["as_of"].isoformat(),
        window_days=result["window_days"],
    )
