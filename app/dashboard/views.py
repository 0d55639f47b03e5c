"""``GET /api/dashboard``: member health for a period against the previous one."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from app.auth.access import roles_required
from app.dashboard.periods import parse_period
from app.dashboard.service import dashboard
from app.engine.clock import current_clock
from app.extensions import api_spec, db

bp = Blueprint("dashboard", __name__, url_prefix="/api")


@bp.get("/dashboard")
@api_spec.validate(tags=["dashboard"])
@roles_required("admin", "marketer", "viewer")
def read():
    """Active members (30 and 90 days), new members, repurchase rate, average order value,
    paid amount, tiers and RFM segments with their movement, journeys' attributed paid
    amount and channel costs for ``from``..``to`` (UTC days, today and 30 days back by
    default), each against the previous period of equal length (``docs/dashboard.md``)."""
    now = current_clock().now()
    period = parse_period(request.args.to_dict(), now.date())
    body = dashboard(db.session, period, now)
    # The days it built are a cache of the raw tables: keep them for the next read.
    db.session.commit()
    return jsonify(body)
