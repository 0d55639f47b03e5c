"""The grant node hands out pool codes and takes its out-of-stock branch when the pool is dry."""

from collections import Counter

from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models import Coupon
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import passed, run


def test_grant_node_takes_out_of_stock_when_the_pool_runs_dry(app, pool, pooled_template):
    pool(codes=[f"Z{i:03d}" for i in range(30)])
    pooled_template()
    ids = make_members(50)
    version = publish(
        document(
            "pooled",
            [
                node("start", "entry.api"),
                node("gift", "action.coupon", coupon_template="partner-gift"),
                node("ok", "exit", reason="granted"),
                node("none", "exit", reason="no codes"),
            ],
            [("start", "gift"), ("gift", "ok", "granted"), ("gift", "none", "out_of_stock")],
        )
    )
    enter_members(db.session, version, "start", ids, "api:1", START)
    db.session.commit()
    run(VirtualClock(START))
    counts = passed("pooled")
    assert counts[("gift", "granted")] == 30 and counts[("gift", "out_of_stock")] == 20
    assert counts == Counter(
        {("start", "next"): 50, ("gift", "granted"): 30, ("gift", "out_of_stock"): 20,
         ("ok", None): 30, ("none", None): 20}
    )  # fmt: skip
    codes = db.session.scalars(select(Coupon.code)).all()
    assert sorted(codes) == [f"Z{i:03d}" for i in range(30)]
