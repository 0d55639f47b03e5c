"""The ingestion API: members, orders and events, one at a time or in bulk.

Systems call these routes with an API token holding the matching ``*:write`` scope;
signed-in marketers and admins may call them too, viewers may not.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from app.auth.access import token_scopes
from app.extensions import api_spec, db
from app.ingestion.body import require_json_body
from app.ingestion.events import store_events
from app.ingestion.members import store_members
from app.ingestion.orders import store_orders
from app.ingestion.schemas import EventBatch, EventIn, MemberBatch, MemberIn, OrderBatch, OrderIn

bp = Blueprint("ingestion", __name__, url_prefix="/api")


@bp.before_request
def _json_bodies_only():
    if request.method == "POST":
        require_json_body()


def _stored(result):
    db.session.commit()
    return jsonify(result.as_dict())


@bp.post("/members")
@token_scopes("members:write")
@api_spec.validate(json=MemberIn, tags=["ingestion"])
def post_member(json: MemberIn):
    """Create or update one member by ``external_id``.

    Fields left out keep their stored value; ``tags`` replaces the member's manual tags;
    ``attributes`` replaces the stored attributes. Answers the counts as the bulk route does.
    """
    return _stored(store_members([json]))


@bp.post("/members/bulk")
@token_scopes("members:write")
@api_spec.validate(json=MemberBatch, tags=["ingestion"])
def post_members(json: MemberBatch):
    """Create or update many members by ``external_id`` (see ``POST /api/members``).

    All or nothing: the whole batch (at most ``BULK_LIMIT``, 10,000 records) is validated
    first. Any problem answers 400 with ``errors``, every bad record's ``index``, ``field``
    and ``message`` (the first 100; ``error_count`` is the total), and nothing is written.
    Otherwise the batch is stored in one transaction and the answer counts the records
    ``created``, ``updated`` and ``unchanged``.
    """
    return _stored(store_members(json.records))


@bp.post("/orders")
@token_scopes("orders:write")
@api_spec.validate(json=OrderIn, tags=["ingestion"])
def post_order(json: OrderIn):
    """Store one paid order, upserted by ``external_id``.

    The member must exist. Re-posting an order updates it (items replaced) when anything
    differs and is a no-op otherwise; it is never stored twice. Unknown SKUs and category
    keys are created in the catalog. The member's order facts are recomputed.
    """
    return _stored(store_orders([json]))


@bp.post("/orders/bulk")
@token_scopes("orders:write")
@api_spec.validate(json=OrderBatch, tags=["ingestion"])
def post_orders(json: OrderBatch):
    """Store many paid orders (see ``POST /api/orders``).

    All or nothing: the whole batch (at most ``BULK_LIMIT``, 10,000 records) is validated
    first. Any problem answers 400 with ``errors``, every bad record's ``index``, ``field``
    and ``message`` (the first 100; ``error_count`` is the total), and nothing is written.
    Otherwise the batch is stored in one transaction and the answer counts the records
    ``created``, ``updated`` and ``unchanged``.
    """
    return _stored(store_orders(json.records))


@bp.post("/events")
@token_scopes("events:write")
@api_spec.validate(json=EventIn, tags=["ingestion"])
def post_event(json: EventIn):
    """Store one behaviour event of a known member.

    With ``external_id``, re-posting the event is a no-op (counted ``unchanged``).
    """
    return _stored(store_events([json]))


@bp.post("/events/bulk")
@token_scopes("events:write")
@api_spec.validate(json=EventBatch, tags=["ingestion"])
def post_events(json: EventBatch):
    """Store many behaviour events (see ``POST /api/events``).

    All or nothing: the whole batch (at most ``BULK_LIMIT``, 10,000 records) is validated
    first. Any problem answers 400 with ``errors``, every bad record's ``index``, ``field``
    and ``message`` (the first 100; ``error_count`` is the total), and nothing is written.
    Otherwise the batch is stored in one transaction and the answer counts the records
    ``created``, ``updated`` and ``unchanged``.
    """
    return _stored(store_events(json.records))
