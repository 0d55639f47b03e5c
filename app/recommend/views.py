"""``GET /api/members/<id>/recommendations`` (one member, e.g. while they browse),
``GET /api/products/<id>/bought-together`` and ``GET /api/insights/recommendations``."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from app.auth.access import roles_required, token_scopes
from app.engine.clock import current_clock
from app.errors import ApiError, validation_error
from app.extensions import api_spec, db
from app.models import Member, Product
from app.recommend import service

bp = Blueprint("recommend", __name__, url_prefix="/api")


def _limit() -> int:
    raw = request.args.get("limit", str(service.MAX_PRODUCTS))
    if not raw.isdigit() or not 1 <= int(raw) <= service.MAX_PRODUCTS:
        raise validation_error(
            [
                {
                    "field": "limit",
                    "message": f"must be a whole number from 1 to {service.MAX_PRODUCTS}",
                }
            ]
        )
    return int(raw)


def _min_score() -> float | None:
    raw = request.args.get("min_score")
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise validation_error([{"field": "min_score", "message": "must be a number from 0 to 1"}])
    return value


@bp.get("/members/<int:member_id>/recommendations")
@api_spec.validate(tags=["members"])
@token_scopes("members:read")
def member_recommendations(member_id: int):
    """The member's top products from the last nightly refresh (``limit``, at most 5;
    ``min_score`` in [0, 1] leaves out weaker ones), what runs out for them in the next 14
    days, and what is bought together with their first product."""
    limit, min_score = _limit(), _min_score()
    if db.session.get(Member, member_id) is None:
        raise ApiError(404, "not_found", f"No member with id {member_id}.")
    at = service.computed_at(db.session, member_id)
    if at is None:
        raise ApiError(404, "not_computed", "Recommendations have not been computed yet.")
    products = service.for_members(db.session, [member_id], limit, min_score).get(member_id, [])
    together = service.bought_together(db.session, products[0]["product_id"]) if products else []
    return jsonify(
        member_id=member_id,
        computed_at=at.isoformat(),
        recommendations=products,
        runs_out=service.runs_out(db.session, member_id, current_clock().now()),
        bought_together=together,
    )


@bp.get("/products/<int:product_id>/bought-together")
@api_spec.validate(tags=["members"])
@token_scopes("members:read")
def product_bought_together(product_id: int):
    """The products most often in the same order as this one, best first."""
    if db.session.get(Product, product_id) is None:
        raise ApiError(404, "not_found", f"No product with id {product_id}.")
    return jsonify(
        product_id=product_id, bought_together=service.bought_together(db.session, product_id)
    )


@bp.get("/insights/recommendations")
@api_spec.validate(tags=["insights"])
@roles_required("admin", "marketer", "viewer")
def recommendation_insights():
    """The last offline evaluation of the recommendation models on a time split of the
    orders: precision@k and recall@k of each model against the popularity baseline."""
    return jsonify(evaluation=service.latest_evaluation(db.session))
