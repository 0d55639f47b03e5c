"""``POST /api/journeys/<key>/forecast``: run a version in a sandbox and answer its figures."""

from __future__ import annotations

from flask import Blueprint, jsonify
from pydantic import BaseModel, Field

from app.engine.clock import current_clock
from app.errors import ApiError
from app.extensions import api_spec, db
from app.forecast.accuracy import forecast_against_actual, keep_forecast
from app.forecast.service import DEFAULT_DRAWS, MAX_DAYS, forecast_version
from app.forecast.versions import version_to_forecast
from app.journeys.service import JourneyError, find_journey

bp = Blueprint("forecast", __name__, url_prefix="/api/journeys")


@bp.errorhandler(JourneyError)
def _journey_error(exc: JourneyError):
    return ApiError(
        exc.status, exc.code, exc.message, [v.to_json() for v in exc.violations]
    ).response()


class ForecastBody(BaseModel):
    version: int | None = Field(
        default=None, ge=1, description="Version number; the newest draft, else the live one"
    )
    days: int = Field(default=MAX_DAYS, ge=1, le=MAX_DAYS, description="Horizon in days")
    draws: int = Field(default=DEFAULT_DRAWS, ge=5, le=50, description="Repeated draws")
    seed: int = Field(default=0, ge=0, le=2**31, description="Seed of the draws")
    keep: bool = Field(
        default=False,
        description="Keep the answer as the version's forecast, to measure after publishing",
    )


@bp.post("/<key>/forecast")
@api_spec.validate(json=ForecastBody, tags=["journey runs"])
def forecast(key: str, json: ForecastBody):
    """What the version would do if published now, over the horizon: members per node and
    branch, sends per channel and day, deferrals, SMS cost, coupons and their liability,
    attributed orders and return on spend, each with a 90% interval. Nothing is written,
    sent or granted: the engine runs in a sandbox."""
    journey = find_journey(key)
    version = version_to_forecast(db.session, journey, json.version)
    result = forecast_version(
        db.session, version, current_clock().now(), json.days, json.draws, json.seed
    )
    db.session.rollback()
    if json.keep:
        keep_forecast(db.session, version, result, current_clock().now())
        db.session.commit()
    return jsonify(journey=key, **result)


@bp.get("/<key>/forecast-accuracy")
@api_spec.validate(tags=["journey runs"])
def forecast_accuracy(key: str):
    """The forecast kept at publishing against what happened, node by node, both by the end
    of the last whole day since publishing: the forecast's 90% interval of arrivals, the
    members who arrived, whether they fell inside (or it is too early to judge), and the
    share inside."""
    journey = find_journey(key)
    accuracy = forecast_against_actual(db.session, journey, current_clock().now())
    return jsonify(journey=key, accuracy=accuracy)
