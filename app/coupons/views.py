"""Coupon routes: templates (marketers write, viewers read), bulk grants, the coupon list and
history, and redemption by shop and POS (API token scope ``coupons:redeem``). Members claim
coupons through :mod:`app.messaging.views.links`.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, current_app, jsonify
from pydantic import BaseModel, Field
from spectree import Response
from sqlalchemy import select

from app.auth.access import token_scopes
from app.coupons.grants import UnknownTemplate, grant_coupons
from app.coupons.redemption import CouponRefused, redeem_coupon
from app.coupons.serialize import coupon_json, template_json
from app.coupons.terms import TemplateDefinition
from app.engine.clock import current_clock
from app.errors import ApiError, validation_error
from app.extensions import api_spec, db
from app.models import Coupon, CouponEvent, CouponTemplate, Member
from app.models.code_pools import CodePool
from app.models.coupon_grants import COUPON_STATUSES

bp = Blueprint("coupons", __name__, url_prefix="/api")
TAGS = ["coupons"]


class GrantBody(BaseModel):
    member_ids: list[int] = Field(min_length=1, description="Member ids (at most BULK_LIMIT).")
    source: str = Field(default="api", max_length=200)


class RedeemBody(BaseModel):
    order_id: str = Field(
        min_length=1, max_length=64, description="Idempotency: same id, same answer."
    )
    order_amount: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    channel: str = Field(pattern="^(online|pos)$")
    member_id: str | None = Field(default=None, max_length=64, description="Member external id.")
    shipping_fee: Decimal = Field(default=Decimal("0"), ge=0, max_digits=12, decimal_places=2)


class CouponQuery(BaseModel):
    member_id: int | None = None
    template: str | None = Field(default=None, max_length=100)
    status: str | None = Field(default=None, pattern="^(" + "|".join(COUPON_STATUSES) + ")$")
    after: int = Field(default=0, ge=0, description="Coupons with a larger internal id.")
    limit: int = Field(default=50, ge=1, le=500)


def _refused(exc: CouponRefused) -> ApiError:
    return ApiError(exc.status, exc.code, exc.message)


def _check_pool(definition: TemplateDefinition) -> None:
    key = definition.code_pool
    if key and not db.session.scalar(select(CodePool.id).where(CodePool.key == key)):
        raise validation_error([{"field": "code_pool", "message": f"no code pool {key!r}"}])


def _template_or_404(key: str) -> CouponTemplate:
    t = db.session.scalar(select(CouponTemplate).where(CouponTemplate.key == key))
    if t is None:
        raise ApiError(404, "not_found", f"No coupon template with key {key!r}.")
    return t


@bp.get("/coupon-templates")
@api_spec.validate(tags=TAGS)
def list_templates():
    """Every coupon template with its value, stock left and issued count."""
    rows = db.session.scalars(select(CouponTemplate).order_by(CouponTemplate.key))
    return jsonify(templates=[template_json(t) for t in rows])


@bp.post("/coupon-templates")
@api_spec.validate(json=TemplateDefinition, resp=Response(HTTP_201=None), tags=TAGS)
def create_template(json: TemplateDefinition):
    """Create a template: kind and terms, validity, stock, per-member limit, channels."""
    if db.session.scalar(select(CouponTemplate.id).where(CouponTemplate.key == json.key)):
        raise ApiError(409, "conflict", f"A coupon template with key {json.key!r} exists already.")
    _check_pool(json)
    t = CouponTemplate(**json.model_dump(mode="json"))
    db.session.add(t)
    db.session.commit()
    return jsonify(template=template_json(t)), 201


@bp.get("/coupon-templates/<key>")
@api_spec.validate(tags=TAGS)
def get_template(key: str):
    """One template."""
    return jsonify(template=template_json(_template_or_404(key)))


@bp.put("/coupon-templates/<key>")
@api_spec.validate(json=TemplateDefinition, tags=TAGS)
def update_template(key: str, json: TemplateDefinition):
    """Replace a template's definition (its key stays). Stock may not go below issued."""
    t = _template_or_404(key)
    if json.key != key:
        raise validation_error([{"field": "key", "message": f"must stay {key!r}"}])
    if json.stock_total is not None and json.stock_total < t.issued_count:
        raise validation_error(
            [{"field": "stock_total", "message": f"{t.issued_count} are issued already"}]
        )
    _check_pool(json)
    for field, value in json.model_dump(mode="json").items():
        setattr(t, field, value)
    db.session.commit()
    return jsonify(template=template_json(t))


@bp.post("/coupon-templates/<key>/grants")
@api_spec.validate(json=GrantBody, tags=TAGS)
def grant(key: str, json: GrantBody):
    """Grant one coupon to each listed member in one transaction.

    Answers ``granted`` ({member_id: code}), ``out_of_stock``, ``over_limit`` and
    ``unknown_members`` (member id lists).
    """
    limit = current_app.config["BULK_LIMIT"]
    if len(json.member_ids) > limit:
        raise validation_error([{"field": "member_ids", "message": f"at most {limit} ids"}])
    try:
        result = grant_coupons(db.session, key, json.member_ids, current_clock().now(), json.source)
    except UnknownTemplate as exc:
        raise ApiError(404, "not_found", str(exc)) from exc
    db.session.commit()
    return jsonify(
        granted={str(k): v for k, v in result.granted.items()},
        out_of_stock=sorted(result.out_of_stock),
        over_limit=sorted(result.over_limit),
        unknown_members=sorted(result.unknown_members),
    )


@bp.get("/coupons")
@api_spec.validate(query=CouponQuery, tags=TAGS)
def list_coupons(query: CouponQuery):
    """Coupons by member, template or status, in id order (``next_after`` pages on)."""
    stmt = (
        select(Coupon, CouponTemplate.key, Member.external_id)
        .join(CouponTemplate, CouponTemplate.id == Coupon.template_id)
        .outerjoin(Member, Member.id == Coupon.member_id)
        .where(Coupon.id > query.after)
        .order_by(Coupon.id)
        .limit(query.limit)
    )
    if query.member_id is not None:
        stmt = stmt.where(Coupon.member_id == query.member_id)
    if query.template:
        stmt = stmt.where(CouponTemplate.key == query.template)
    if query.status:
        stmt = stmt.where(Coupon.status == query.status)
    rows = db.session.execute(stmt).all()
    next_after = rows[-1][0].id if len(rows) == query.limit else None
    return jsonify(coupons=[coupon_json(c, k, e) for c, k, e in rows], next_after=next_after)


@bp.get("/coupons/<code>")
@token_scopes("coupons:redeem")
@api_spec.validate(tags=TAGS)
def get_coupon(code: str):
    """A coupon and its status history (also for POS and shop tokens)."""
    row = db.session.execute(
        select(Coupon, CouponTemplate.key, Member.external_id)
        .join(CouponTemplate, CouponTemplate.id == Coupon.template_id)
        .outerjoin(Member, Member.id == Coupon.member_id)
        .where(Coupon.code == code.strip().upper())
    ).first()
    if row is None:
        raise ApiError(404, "unknown_coupon", f"No coupon has the code {code!r}.")
    events = db.session.scalars(
        select(CouponEvent).where(CouponEvent.coupon_id == row[0].id).order_by(CouponEvent.id)
    )
    history = [{"status": e.status, "at": e.at.isoformat(), "detail": e.detail} for e in events]
    return jsonify(coupon=coupon_json(*row), history=history)


@bp.post("/coupons/<code>/redeem")
@token_scopes("coupons:redeem")
@api_spec.validate(json=RedeemBody, tags=TAGS)
def redeem(code: str, json: RedeemBody):
    """Redeem a coupon on an order (shop or POS). Idempotent on ``order_id``.

    Refusals: 404 unknown_coupon, 403 not_owner, 409 already_redeemed / not_yet_valid /
    void, 410 expired, 422 below_threshold / channel_not_allowed.
    """
    try:
        result = redeem_coupon(
            db.session,
            code,
            order_id=json.order_id,
            order_amount=json.order_amount,
            channel=json.channel,
            now=current_clock().now(),
            member_external_id=json.member_id,
            shipping_fee=json.shipping_fee,
        )
    except CouponRefused as exc:
        db.session.rollback()
        raise _refused(exc) from exc
    db.session.commit()
    return jsonify(
        code=result.code,
        order_id=result.order_id,
        order_amount=str(result.order_amount),
        discount=str(result.discount),
        free_shipping=result.free_shipping,
        redeemed_at=result.redeemed_at.isoformat(),
        replayed=result.replayed,
    )
