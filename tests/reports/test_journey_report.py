"""The journey report, figure by figure, against pandas over the raw tables."""

from __future__ import annotations

import csv
import io
import random
from datetime import timedelta
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import select

from app.coupons.redemption import redeem_coupon
from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models import Coupon, Journey, Member, OrderAttribution
from app.reports import effect
from app.reports.frames import CREDITED_COLUMNS
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import add_templates, run
from tests.reports import expected

WINDOW = 7
NODE_TYPES = {"start": "entry.api", "split": "split.random", "coupon": "action.coupon",
              "send": "action.send", "done": "exit", "held": "exit", "none": "exit"}  # fmt: skip


def _journey() -> dict:
    return document(
        "effect",
        [
            node("start", "entry.api"),
            node(
                "split", "split.random", variants=[{"key": "a", "weight": 75}], holdout_percent=25
            ),  # fmt: skip
            node("coupon", "action.coupon", coupon_template="gift"),
            node("send", "action.send", channel="inapp", template="hello-inapp"),
            node("done", "exit"),
            node("held", "exit"),
            node("none", "exit"),
        ],
        [
            ("start", "split"),
            ("split", "coupon", "a"),
            ("split", "held", "holdout"),
            ("coupon", "send", "granted"),
            ("coupon", "none", "out_of_stock"),
            ("send", "done"),
        ],
        attribution_window_days=WINDOW,
    )


@pytest.fixture
def ran(app, client, token_headers):
    """200 members, some with orders before; the journey run at START; then orders around
    it: inside and outside the window, with the journey's coupons, refunded, placed, free."""
    ids = make_members(200)
    add_templates("inapp")
    version = publish(_journey())
    system = token_headers("orders:write")
    rng = random.Random(7)
    history = [
        _order(f"h{i}-{k}", m, START - timedelta(days=rng.randint(10, 300)), rng)
        for i, m in enumerate(ids)
        for k in range(rng.choice([0, 0, 1, 2, 3]))
    ]
    _post(client, system, history)
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", ids, "api:1", START)
    db.session.commit()
    run(clock)

    codes = dict(db.session.execute(select(Coupon.member_id, Coupon.code)).all())
    later = []
    for i, member_id in enumerate(ids):
        for k in range(rng.choice([0, 1, 1, 2])):
            paid_at = START + timedelta(hours=rng.uniform(-30, 24 * 12))
            order = _order(f"n{i}-{k}", member_id, paid_at, rng)
            if member_id in codes and k == 0 and rng.random() < 0.5 and paid_at > START:
                order |= {"coupon_code": codes[member_id], "amount": "150.00", "discount": "20.00"}
            later.append(order)
    _post(client, system, later)
    for order in later:
        if order.get("coupon_code") and order["status"] == "paid":
            redeem_coupon(
                db.session,
                order["coupon_code"],
                order_id=order["external_id"],
                order_amount=Decimal(order["amount"]),
                channel="online",
                now=START + timedelta(hours=1),
            )
    db.session.commit()
    return db.session.scalar(select(Journey).where(Journey.key == "effect"))


def _order(external_id: str, member_id: int, paid_at, rng) -> dict:
    status = rng.choices(["paid", "refunded", "placed", "cancelled"], [80, 7, 7, 6])[0]
    amount = rng.choice(["0.00", "35.50", "80.00", "120.00", "260.00"])
    order = {
        "external_id": external_id,
        "member_external_id": f"m{member_id - 1}",
        "amount": amount,
        "paid_at": paid_at.isoformat(),
        "status": status,
    }
    if status == "paid" and amount != "0.00" and rng.random() < 0.15:
        order["refunded"] = "10.00"
    return order


def _post(client, headers, records) -> None:
    for start in range(0, len(records), 500):
        response = client.post(
            "/api/orders/bulk", json={"records": records[start : start + 500]}, headers=headers
        )
        assert response.status_code == 200, response.get_json()


def _report(client, **params) -> dict:
    response = client.get("/api/journeys/effect/report", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_member_figures_equal_a_pandas_recount(ran, viewer_client):
    report = _report(viewer_client)
    touches = expected.touches(ran.id, NODE_TYPES)
    orders = expected.orders()
    credit = expected.credited(orders, touches, WINDOW)
    codes = set(db.session.scalars(select(Coupon.code)))
    want = expected.member_figures(orders, credit, codes)
    assert report["member"] == pytest.approx(want)
    assert want["paying_members"] > 10 and want["first_order_members"] > 0
    assert want["repurchase_members"] > 0 and want["coupon_discount"] > 0
    # Stored credits name the same orders and nodes.
    stored = pd.DataFrame(
        db.session.execute(select(OrderAttribution.order_id, OrderAttribution.node_id)).all(),
        columns=["order_id", "node_id"],
    )
    assert stored.sort_values("order_id").to_dict("records") == credit.sort_values(
        "order_id"
    ).to_dict("records")
    # Per node: the send (the last touch of the batch) holds every credited order.
    nodes = {n["node_id"]: n for n in report["nodes"]}
    paid_ids = set(orders[orders["net"].notna()]["id"])
    by_node = credit[credit["order_id"].isin(paid_ids)].groupby("node_id").size().to_dict()
    assert {k: v["paid_orders"] for k, v in nodes.items() if v["paid_orders"]} == by_node
    assert nodes["split"]["reached"] == 200


def test_a_wider_window_credits_what_the_rule_says(ran, viewer_client):
    report = _report(viewer_client, window_days=11)
    orders = expected.orders()
    credit = expected.credited(orders, expected.touches(ran.id, NODE_TYPES), 11)
    codes = set(db.session.scalars(select(Coupon.code)))
    assert report["member"] == pytest.approx(expected.member_figures(orders, credit, codes))
    assert report["journey"]["window_days"] == 11
    assert report["member"]["paid_orders"] > _report(viewer_client)["member"]["paid_orders"]


@pytest.mark.parametrize("window", [1, 3, 11])
def test_another_window_over_a_period_credits_what_the_rule_says(ran, viewer_client, window):
    """Orders of the period only, each credited to its last touch if within the window:
    narrowing the orders and touches read must drop none of them."""
    first, last = (START + timedelta(days=1)).date(), (START + timedelta(days=9)).date()
    report = _report(viewer_client, window_days=window, **{"from": str(first), "to": str(last)})
    orders = expected.orders()
    in_period = orders[orders["paid_at"].dt.date.between(first, last)]
    credit = expected.credited(in_period, expected.touches(ran.id, NODE_TYPES), window)
    codes = set(db.session.scalars(select(Coupon.code)))
    assert report["member"] == pytest.approx(expected.member_figures(orders, credit, codes))
    by_node = (
        credit[credit["order_id"].isin(in_period[in_period["net"].notna()]["id"])]
        .groupby("node_id")
        .size()
        .to_dict()
    )
    nodes = {n["node_id"]: n for n in report["nodes"]}
    assert {k: v["paid_orders"] for k, v in nodes.items() if v["paid_orders"]} == by_node
    assert report["member"]["paid_orders"] > 0


def test_coupon_figures_by_member_type_at_the_grant(ran, viewer_client):
    report = _report(viewer_client)["coupons"]
    coupons = expected.table("SELECT code, status, claimed_at, member_id, granted_at FROM coupons")
    orders = expected.orders()
    paid = orders[orders["net"].notna()]
    coupons["granted_at"] = pd.to_datetime(coupons["granted_at"], utc=True)
    before = [
        int(((paid["member_id"] == c.member_id) & (paid["paid_at"] < c.granted_at)).sum())
        for c in coupons.itertuples()
    ]
    coupons["type"] = [["no_first_order", "first_order", "repurchase"][min(n, 2)] for n in before]

    def figures(group: pd.DataFrame) -> dict:
        used = paid[paid["coupon_code"].isin(group["code"])]
        issued, redeemed = len(group), int((group["status"] == "redeemed").sum())
        return {
            "issued": issued,
            "claimed": int(group["status"].isin(["claimed", "redeemed"]).sum()),
            "used": redeemed,
            "sales_with_coupon": round(used["amount"].sum(), 2),
            "paid_with_coupon": round(used["net"].sum(), 2),
            "usage_rate": round(redeemed / issued, 4) if issued else None,
        }

    by_type = report.pop("by_member_type")
    assert report == pytest.approx(figures(coupons))
    for kind in ("no_first_order", "first_order", "repurchase"):
        assert by_type[kind] == pytest.approx(figures(coupons[coupons["type"] == kind]))
    assert report["used"] > 0 and by_type["repurchase"]["issued"] > 0


def test_arms_and_holdout_lift_from_orders_after_the_split(ran, viewer_client):
    report = _report(viewer_client)
    arms = expected.table(
        "SELECT s.member_id, s.branch, s.at FROM journey_steps s "
        "WHERE s.journey_id = :j AND s.node_id = 'split'",
        j=ran.id,
    )
    arms["at"] = pd.to_datetime(arms["at"], utc=True)
    orders = expected.orders()
    paid = orders[orders["net"].notna()]
    rows = []
    for arm in arms.itertuples():
        mine = paid[
            (paid["member_id"] == arm.member_id)
            & (paid["paid_at"] >= arm.at)
            & (paid["paid_at"] <= arm.at + timedelta(days=WINDOW))
        ]
        rows.append((arm.branch, len(mine), mine["net"].sum()))
    frame = pd.DataFrame(rows, columns=["branch", "orders", "amount"])
    for arm in report["arms"]:
        group = frame[frame["branch"] == arm["branch"]]
        assert arm["members"] == len(group)
        assert arm["paying_members"] == int((group["orders"] > 0).sum())
        assert arm["paid_orders"] == int(group["orders"].sum())
        assert arm["paid_amount"] == pytest.approx(round(group["amount"].sum(), 2))
    [lift] = report["holdout"]
    t, h = frame[frame["branch"] != "holdout"], frame[frame["branch"] == "holdout"]
    p_t, p_h = (t["orders"] > 0).mean(), (h["orders"] > 0).mean()
    assert lift["conversion_lift"]["absolute"] == pytest.approx(p_t - p_h, abs=1e-6)
    low, high = lift["conversion_lift"]["absolute_ci95"]
    assert low < p_t - p_h < high
    diff = t["amount"].mean() - h["amount"].mean()
    assert lift["paid_per_member_lift"]["absolute"] == pytest.approx(diff, abs=1e-4)


def test_channels_daily_and_csv(ran, viewer_client):
    report = _report(viewer_client)
    assert (
        report["channels"]["by_channel"]["inapp"]["queued"]
        == expected.table("SELECT COUNT(*) AS n FROM outbox WHERE journey_id = :j", j=ran.id).n[0]
    )
    entered = sum(day["entered"] for day in report["daily"])
    assert entered == 200
    assert sum(d["paid_amount"] for d in report["daily"]) == pytest.approx(
        report["member"]["paid_amount"]
    )
    response = viewer_client.get("/api/journeys/effect/report?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    cell = next(r for r in rows if r["block"] == "member" and r["figure"] == "paid_amount")
    assert float(cell["value"]) == report["member"]["paid_amount"]


def test_a_period_counts_only_its_days(ran, viewer_client):
    day = (START + timedelta(days=2)).date().isoformat()
    report = _report(viewer_client, **{"from": day, "to": day})
    assert [d["date"] for d in report["daily"] if d["paid_orders"]] in ([day], [])
    orders = expected.orders()
    credit = expected.credited(orders, expected.touches(ran.id, NODE_TYPES), WINDOW)
    mine = orders[orders["id"].isin(credit["order_id"]) & orders["net"].notna()]
    mine = mine[mine["paid_at"].dt.strftime("%Y-%m-%d") == day]
    assert report["member"]["paid_orders"] == len(mine)


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"from": "2026-03-05", "to": "2026-03-01"}, 400, "from"),
        ({"window_days": "0"}, 400, "window_days"),
        ({"window_days": "10000"}, 400, "window_days"),
        ({"from": "yesterday"}, 400, "from"),
        ({"format": "xls"}, 400, "format"),
        ({"colour": "red"}, 400, "colour"),
    ],
)
def test_bad_parameters_are_named(app, viewer_client, params, status, field):
    publish(_journey())
    response = viewer_client.get("/api/journeys/effect/report", query_string=params)
    assert response.status_code == status
    assert field in [e["field"] for e in response.get_json()["errors"]]


def test_unknown_journey_is_404(app, viewer_client):
    response = viewer_client.get("/api/journeys/nope/report")
    assert response.status_code == 404
    assert "nope" in response.get_json()["message"]


def test_cli_prints_the_same_report(ran, runner, viewer_client):
    result = runner.invoke(args=["reports", "journey", "effect"])
    assert result.exit_code == 0, result.output
    import json

    assert json.loads(result.output) == _report(viewer_client)
    bad = runner.invoke(args=["reports", "journey", "effect", "--window-days", "0"])
    assert bad.exit_code != 0 and "window_days" in bad.output
    assert db.session.scalar(select(Member.id).limit(1)) is not None


def test_no_credited_orders_under_another_window_gives_zeros():
    """An empty frame of credited orders (no touch, another window) reports zeros."""
    member = effect.member_block(pd.DataFrame(columns=CREDITED_COLUMNS))
    assert member["coupon_discount"] == 0 and member["paid_orders"] == 0
