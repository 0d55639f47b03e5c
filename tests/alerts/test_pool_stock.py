"""A code pool falling to its low-stock level raises one alert per fall: recorded, listed with
the reader's unread count, and emailed to every active admin over a real SMTP server."""

from __future__ import annotations

from sqlalchemy import func, select

from app.code_pools.service import upload_codes
from app.coupons.grants import grant_coupons
from app.extensions import db
from app.models import Alert
from app.models.code_pools import CodePoolAlert, PoolCode
from tests.code_pools.conftest import NOW, csv_of, pool, pooled_template  # noqa: F401
from tests.coupons.conftest import members, template  # noqa: F401
from tests.messaging.conftest import channels, email_channel, smtp_sink  # noqa: F401


def _unclaimed() -> int:
    return db.session.scalar(
        select(func.count()).select_from(PoolCode).where(PoolCode.claimed_at.is_(None))
    )


def _alerts(client) -> dict:
    answer = client.get("/api/alerts")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_one_alert_per_fall_listed_and_emailed(
    members,  # noqa: F811
    pool,  # noqa: F811
    pooled_template,  # noqa: F811
    email_channel,  # noqa: F811
    make_user,
    client,
):
    make_user("admin", "first.admin@example.com")
    make_user("admin", "second.admin@example.com")
    make_user("marketer", "marketer@example.com")
    p = pool(codes=[f"A{i}" for i in range(8)], low_stock_level=3)
    pooled_template()
    grant_coupons(db.session, "partner-gift", members(4), NOW)
    db.session.commit()
    assert _unclaimed() == 4 and db.session.scalar(select(func.count(Alert.id))) == 0

    # The fall: 4 -> 3 left, at the level. Then two more grants while it stays low.
    for prefix in ("X", "Y", "Z"):
        grant_coupons(db.session, "partner-gift", members(1, prefix=prefix), NOW)
        db.session.commit()
    assert _unclaimed() == 1
    recorded = db.session.scalars(select(CodePoolAlert)).all()
    alerts = db.session.scalars(select(Alert)).all()
    assert len(recorded) == 1 and len(alerts) == 1
    assert alerts[0].code_pool_alert_id == recorded[0].id and alerts[0].monitor_id is None
    assert int(alerts[0].value) == recorded[0].remaining == 3

    # Emailed once to each active admin, not to the marketer.
    mails = email_channel.parsed()
    assert sorted(m["To"] for m in mails) == [
        "first.admin@example.com",
        "second.admin@example.com",
    ]
    for mail in mails:
        text = mail.get_body(("html", "plain")).get_content()
        assert "partner" in mail["Subject"] and "3 unclaimed code(s) left" in text
    assert alerts[0].outcome["emails"]["sent"] == 2

    # In the app: listed, unread for a marketer until read.
    client.login("marketer@example.com")
    body = _alerts(client)
    assert body["unread"] == 1
    assert [(a["kind"], a["pool"], a["value"]) for a in body["alerts"]] == [
        ("code_pool", "partner", 3.0)
    ]
    client.post("/api/alerts/read")
    assert _alerts(client)["unread"] == 0

    # Refilled above the level, then down again: a second fall, a second alert.
    upload_codes(db.session, p, csv_of([f"B{i}" for i in range(5)]), NOW)
    db.session.commit()
    grant_coupons(db.session, "partner-gift", members(3, prefix="W"), NOW)
    db.session.commit()
    assert _unclaimed() == 3
    assert db.session.scalar(select(func.count(Alert.id))) == 2
    assert len(email_channel.parsed()) == 4
    assert _alerts(client)["unread"] == 1


def test_lowering_the_level_below_the_stock_raises_it_once(
    pool,  # noqa: F811
    pooled_template,  # noqa: F811
    admin_client,
):
    pool(codes=[f"A{i}" for i in range(5)], low_stock_level=1)
    for _ in range(2):
        answer = admin_client.patch("/api/code-pools/partner", json={"low_stock_level": 5})
        assert answer.status_code == 200, answer.get_json()
    alerts = _alerts(admin_client)["alerts"]
    assert [(a["kind"], a["value"]) for a in alerts] == [("code_pool", 5.0)]
    # No email channel set up: the alert says so.
    assert alerts[0]["outcome"]["emails"] == {"sent": 0, "reason": "no email channel configured"}
