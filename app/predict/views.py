"""``GET /api/insights/predictions``: score distributions, churn risk and the calibration."""

from __future__ import annotations

from flask import Blueprint, jsonify

from app.auth.access import roles_required
from app.extensions import api_spec, db
from app.predict.insights import prediction_insights

bp = Blueprint("insights", __name__, url_prefix="/api/insights")


@bp.get("/predictions")
@api_spec.validate(tags=["insights"])
@roles_required("admin", "marketer", "viewer")
def predictions():
    """Distributions of the stored predictions, churn risk counts, the fitted parameters and
    the holdout calibration of the last refresh (predicted against actual repeat purchases
    by frequency)."""
    return jsonify(prediction_insights(db.session))
