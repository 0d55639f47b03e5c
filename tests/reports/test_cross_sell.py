"""The journey report's cross-sell rate: of the orders credited to the journey, those
holding a product its message recommended to that member — recomputed from the outbox,
the order items and the attributions with plain SQL and Python."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import insert, select, text

from app.attribution.orders import attribute_orders
from app.extensions import db
from app.models import Order, OrderItem, Product
from tests.recommend.shop import NOW
from tests.recommend.test_send import _deliver, _journey, _setup


def test_cross_sell_counts_credited_orders_with_a_recommended_product(app, admin_client):
    members = _setup()
    _deliver(_journey(), members)
    shown = {}
    for member_id, context in db.session.execute(
        text("SELECT member_id, context FROM outbox WHERE journey_id IS NOT NULL")
    ):
        context = context if isinstance(context, dict) else json.loads(context)
        shown[member_id] = {p["product_id"] for p in context["recommendations"]}
    products = list(db.session.scalars(select(Product.id).order_by(Product.id)))
    orders, items = [], []
    for n, member_id in enumerate(sorted(shown)[:40]):
        other = [p for p in products if p not in shown[member_id]]
        pick = sorted(shown[member_id])[0] if n % 3 == 0 or not other else other[0]
        orders.append(
            {
                "id": 10_000 + n,
                "external_id": f"after{n}",
                "member_id": member_id,
                "amount": Decimal(30),
                "paid_at": NOW + timedelta(days=2),
                "status": "paid",
                "net_amount": Decimal(30),
            }
        )
        items.append({"order_id": 10_000 + n, "product_id": pick, "unit_price": Decimal(30)})
    db.session.execute(insert(Order), orders)
    db.session.execute(insert(OrderItem), items)
    attribute_orders(db.session, [o["id"] for o in orders])
    db.session.commit()

    credited = db.session.execute(
        text(
            "SELECT a.order_id, a.member_id, i.product_id FROM order_attributions a "
            "JOIN order_items i ON i.order_id = a.order_id"
        )
    ).all()
    credited_orders = {o for o, _, _ in credited}
    with_pick = {o for o, m, p in credited if p in shown.get(m, set())}
    assert len(credited_orders) == 40 and 0 < len(with_pick) < 40

    report = admin_client.get("/api/journeys/picks/report").get_json()
    assert report["cross_sell"] == {
        "attributed_orders": len(credited_orders),
        "orders_with_recommended_product": len(with_pick),
        "rate": len(with_pick) / len(credited_orders),
    }
