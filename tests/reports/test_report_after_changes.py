"""The report stays equal to pandas over the raw tables when orders change after the run:
first purchases cancelled, orders refunded in whole or part, orders back-dated before the
grant, new purchases of held-out members."""

from __future__ import annotations

import io
from datetime import timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from app.extensions import db
from app.ingestion.imports import run_import
from app.messaging.dispatcher import Dispatcher
from app.messaging.status import advance
from app.models import Coupon, Member, OrderAttribution, OutboxMessage
from app.reports.arms import arm_totals, kept_arm_totals
from app.reports.credit_days import FIGURES, MONEY, _credited, shares
from tests.engine.factories import START
from tests.reports import expected
from tests.reports.test_journey_report import NODE_TYPES, WINDOW, _post, _report, ran  # noqa: F401


def _record(row, **changes) -> dict:
    record = {
        "external_id": row.external_id,
        "member_external_id": f"m{row.member_id - 1}",
        "amount": str(row.amount),
        "discount": str(row.discount),
        "paid_at": row.paid_at.isoformat(),
        "status": row.status,
        **({"coupon_code": row.coupon_code} if isinstance(row.coupon_code, str) else {}),
    }
    return record | changes


@pytest.fixture
def changed(ran, client, token_headers, viewer_client):  # noqa: F811
    """The journey, and its report before the changes."""
    report = _report(viewer_client)
    Dispatcher(db.session, clock=lambda: START + timedelta(hours=1)).run()
    sent = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    for k, message in enumerate(sent[:30]):
        status = ("delivered", "opened", "clicked")[k % 3]
        advance(db.session, message, status, START + timedelta(hours=2 + k))
    db.session.commit()
    orders = expected.table(
        "SELECT external_id, member_id, amount, discount, paid_at, status, coupon_code "
        "FROM orders ORDER BY id"
    )
    orders["paid_at"] = pd.to_datetime(orders["paid_at"], utc=True)
    paid = orders[orders["status"] == "paid"]
    first = paid.sort_values(["paid_at", "external_id"]).groupby("member_id").head(1)
    before = first[first["paid_at"] < START]
    after = paid[(paid["paid_at"] > START) & ~paid["external_id"].isin(first["external_id"])]
    changes = [_record(r, status="cancelled") for r in before.head(25).itertuples()]
    changes += [_record(r, status="refunded") for r in after.head(15).itertuples()]
    changes += [
        _record(r, refunded="5.00") for r in after.iloc[15:30].itertuples() if r.amount >= 10
    ]
    buyers = set(paid["member_id"])
    never = [m for m in db.session.scalars(select(Member.id)) if m not in buyers][:15]
    changes += [
        {
            "external_id": f"late{m}",
            "member_external_id": f"m{m - 1}",
            "amount": "42.00",
            "paid_at": (START - timedelta(days=3)).isoformat(),
            "status": "paid",
        }
        for m in never
    ]
    held = expected.table(
        "SELECT member_id FROM journey_steps WHERE node_id = 'split' AND branch = 'holdout'"
    )
    changes += [
        {
            "external_id": f"held{m}",
            "member_external_id": f"m{m - 1}",
            "amount": "99.00",
            "paid_at": (START + timedelta(days=2)).isoformat(),
            "status": "paid",
        }
        for m in held["member_id"].head(10)
    ]
    _post(client, token_headers("orders:write"), changes)
    db.session.expire_all()
    return ran, report


def test_first_two_purchases_follow_cancellations_refunds_and_late_orders(changed):
    want = expected.first_two_purchases(expected.orders())
    for member in db.session.scalars(select(Member)):
        assert (member.first_order_id, member.second_order_id) == want.get(member.id, (None, None))


def test_the_report_after_the_changes_equals_a_pandas_recount(changed, viewer_client):
    journey, before = changed
    report = _report(viewer_client)
    for block in ("member", "coupons", "arms", "channels"):
        assert report[block] != before[block]
    orders = expected.orders()
    credit = expected.credited(orders, expected.touches(journey.id, NODE_TYPES), WINDOW)
    codes = set(db.session.scalars(select(Coupon.code)))
    assert report["member"] == pytest.approx(expected.member_figures(orders, credit, codes))
    coupons, want = report["coupons"], expected.coupon_figures(orders)
    by_type, want_by_type = coupons.pop("by_member_type"), want.pop("by_member_type")
    assert coupons == pytest.approx(want)
    for kind, figures in want_by_type.items():
        assert by_type[kind] == pytest.approx(figures)
    channels = report["channels"]["by_channel"]
    assert channels == expected.channel_figures(journey.id)
    assert channels["inapp"]["clicked"] > 0 and channels["inapp"]["sent"] > 0
    arms = {a["branch"]: a for a in report["arms"]}
    for branch, want in expected.arm_figures(journey.id, "split", orders, WINDOW).items():
        got = {k: arms[branch][k] for k in want}
        assert got == pytest.approx(want)
    assert set(arms) == {"a", "holdout"} and arms["holdout"]["paying_members"] > 0
    wider = _report(viewer_client, window_days=11)
    for branch, want in expected.arm_figures(journey.id, "split", orders, 11).items():
        got = {k: v for k, v in wider["arms"][["a", "holdout"].index(branch)].items() if k in want}
        assert got == pytest.approx(want)


def test_a_period_between_moments_counts_from_the_raw_tables(changed, viewer_client):
    """A period that does not start and end on whole days is counted from the coupons and
    messages themselves; around the run it holds all of them, as the kept daily counts do."""
    whole = _report(viewer_client)["coupons"]
    moments = {
        "from": (START - timedelta(hours=1)).isoformat(),
        "to": (START + timedelta(hours=1)).isoformat(),
    }
    assert _report(viewer_client, **moments)["coupons"] == whole
    channels = _report(viewer_client, **moments)["channels"]["by_channel"]
    assert channels == _report(viewer_client)["channels"]["by_channel"]
    later = {"from": (START + timedelta(hours=1)).isoformat()}
    assert _report(viewer_client, **later)["coupons"]["issued"] == 0


def test_kept_rows_follow_a_csv_of_moved_refunded_and_back_dated_orders(changed, viewer_client):
    """Orders changed by a CSV import (moved to another member, refunded, back-dated) move
    the kept credited-order and arm rows exactly as a recount from the raw tables does, and
    the report from them equals the one counted from the credited orders."""
    journey, _ = changed
    credited = expected.table(
        "SELECT o.external_id, o.member_id, o.amount, o.discount, o.paid_at, o.status, "
        "o.coupon_code FROM orders o JOIN order_attributions a ON a.order_id = o.id "
        "WHERE o.status = 'paid' ORDER BY o.id"
    )
    credited["paid_at"] = pd.to_datetime(credited["paid_at"], utc=True)
    others = sorted(set(db.session.scalars(select(Member.id))) - set(credited["member_id"]))
    lines = ["external_id,member_external_id,amount,discount,paid_at,status,refunded"]
    for k, row in enumerate(credited.head(24).itertuples()):
        member, paid_at, status, refunded = row.member_id, row.paid_at, "paid", ""
        if k % 3 == 0:
            member = others[k]
        elif k % 3 == 1:
            status = "refunded"
        else:
            paid_at = START - timedelta(days=40)
            refunded = "1.00" if row.amount - row.discount >= 1 else ""
        lines.append(
            f"{row.external_id},m{member - 1},{row.amount},{row.discount},"
            f"{paid_at.isoformat()},{status},{refunded}"
        )
    report = run_import("orders", io.BytesIO("\n".join(lines).encode()))
    assert report.ok, report.errors
    db.session.commit()

    kept = expected.table(
        f"SELECT node_id, day, {', '.join(FIGURES)} FROM journey_credit_days "
        "WHERE ordering_members != 0 ORDER BY node_id, day"
    )
    recount = shares(_credited(db.session, OrderAttribution.journey_id == journey.id))
    want = sorted((n, d, *figures) for (_, n, d), figures in recount.items())
    money = [FIGURES.index(f) + 2 for f in MONEY]
    got = [
        tuple(round(float(v) * 100) if i in money else v for i, v in enumerate(row))
        for row in kept.itertuples(index=False)
    ]
    assert got == want
    splits = ["split"]
    assert kept_arm_totals(db.session, journey.id, splits, WINDOW).equals(
        arm_totals(db.session, journey.id, splits, WINDOW)
    ) or _close(
        kept_arm_totals(db.session, journey.id, splits, WINDOW),
        arm_totals(db.session, journey.id, splits, WINDOW),
    )
    # A credit stays with its order when the order moves or is back-dated (attribution.md),
    # so the report over all time equals the one over a period holding every day, which
    # reads the credited orders themselves.
    page = _report(viewer_client)
    counted = _report(viewer_client, **{"from": "2000-01-01", "to": "2099-12-31"})
    for block in ("member", "nodes", "daily", "arms"):
        assert page[block] == counted[block]


def _close(kept: pd.DataFrame, counted: pd.DataFrame) -> bool:
    pd.testing.assert_frame_equal(kept, counted, check_dtype=False, rtol=1e-9)
    return True
