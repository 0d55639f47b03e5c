"""Orders posted through the ingestion API earn points by the active rule, once."""

from app.extensions import db
from app.models import EarningRule

ORDER = {
    "external_id": "SHOP-1",
    "member_external_id": "P000000",
    "amount": "650.00",
    "discount": "50.00",
    "paid_at": "2026-03-02T04:00:00Z",
}


def test_posted_order_earns_points_once(client, token_headers, members):
    db.session.add(
        EarningRule(
            key="base",
            name="Base",
            bands=[{"min_amount": 0, "rate": 1}, {"min_amount": 500, "rate": 2}],
        )
    )
    db.session.commit()
    (m,) = members(1)
    headers = token_headers("orders:write")
    assert client.post("/api/orders", json=ORDER, headers=headers).status_code in (200, 201)
    assert client.post("/api/orders", json=ORDER, headers=headers).status_code in (200, 201)
    ledger = client.get(f"/api/points/members/{m}", headers=token_headers("orders:write"))
    assert ledger.status_code == 403  # points routes are for signed-in users
    from app.models import Member

    db.session.expire_all()
    assert db.session.get(Member, m).points_balance == 1200  # 600 paid at the 500+ rate
