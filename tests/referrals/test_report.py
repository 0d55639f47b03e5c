"""Every figure of the referral report equals a pandas computation on the raw tables."""

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pandas as pd
from sqlalchemy import insert, select

from app.extensions import db
from app.models import Coupon, CouponTemplate, Journey, JourneyVersion, Member, PointsEntry
from app.models.referrals import Referral, ReferralRefusal
from tests.engine.factories import document, node

T0 = datetime(2026, 5, 1, tzinfo=UTC)


def _journey(key: str, event: str) -> int:
    doc = document(key, [node("in", "entry.event", event_type=event), node("out", "exit")],
                   [("in", "out")])  # fmt: skip
    journey = Journey(key=key, name=key, status="published")
    db.session.add(journey)
    db.session.flush()
    db.session.add(JourneyVersion(journey_id=journey.id, number=1, status="published",
                                  document=doc, checksum=key, published_at=T0))  # fmt: skip
    db.session.flush()
    return journey.id


def _data(rng: random.Random):
    channels = ["app", "shop", "pos", None]
    db.session.execute(insert(Member), [
        {"external_id": f"m{i}", "name": f"Member {i}", "registration_channel": rng.choice(channels)}
        for i in range(300)
    ])  # fmt: skip
    ids = list(db.session.scalars(select(Member.id).order_by(Member.id)))
    inviters = ids[:40]
    links, refusals = [], []
    for invitee in ids[40:260]:
        at = T0 + timedelta(hours=rng.randrange(0, 24 * 60))
        first = at + timedelta(days=rng.randrange(1, 20)) if rng.random() < 0.4 else None
        links.append({"inviter_id": rng.choice(inviters), "invitee_id": invitee, "code": "X",
                      "linked_at": at, "first_order_at": first})  # fmt: skip
    for invitee in ids[260:]:
        refusals.append({"invitee_id": invitee, "inviter_id": None, "code": "Y",
                         "reason": rng.choice(["loop", "self_referral", "unknown_code"]),
                         "at": T0 + timedelta(hours=rng.randrange(0, 24 * 60))})  # fmt: skip
    db.session.execute(insert(Referral), links)
    db.session.execute(insert(ReferralRefusal), refusals)
    referral = _journey("invite", "referral_registered")
    first = _journey("invite-first", "referral_first_order")
    other = _journey("winback", "order_paid")
    template = CouponTemplate(key="gift", name="Gift", kind="amount_off", terms={"amount": 10},
                              validity={"days_after_grant": 30}, channels=["online"])  # fmt: skip
    db.session.add(template)
    db.session.flush()
    coupons, points = [], []
    for n in range(400):
        journey = rng.choice([referral, first, other])
        at = T0 + timedelta(hours=rng.randrange(0, 24 * 60))
        redeemed = rng.random() < 0.3
        coupons.append({
            "code": f"C{n:05d}", "template_id": template.id, "member_id": rng.choice(ids),
            "status": "redeemed" if redeemed else "granted", "source": f"journey:{journey}:gift",
            "granted_at": at, "valid_from": at, "valid_until": at + timedelta(days=30),
            "discount": Decimal(rng.randrange(1, 50)) if redeemed else None,
        })  # fmt: skip
        points.append({
            "member_id": rng.choice(ids), "kind": "earn", "points": rng.choice([100, 500, -50]),
            "remaining": 0, "source": f"journey:{journey}:thanks", "created_at": at,
        })  # fmt: skip
    db.session.execute(insert(Coupon), coupons)
    db.session.execute(insert(PointsEntry), points)
    db.session.commit()
    return {referral, first}


def _frame(sql: str) -> pd.DataFrame:
    with db.engine.connect() as conn:
        return pd.read_sql_query(sql, conn)


def _in(frame, column, start, end):
    at = pd.to_datetime(frame[column], utc=True, format="mixed")
    return frame[(at >= start) & (at < end)]


def test_report_figures_match_pandas(admin_client):
    journeys = _data(random.Random(11))
    start, end = T0 + timedelta(days=10), T0 + timedelta(days=40)
    answer = admin_client.get("/api/referrals/report?from=2026-05-11&to=2026-06-09")
    assert answer.status_code == 200
    report = answer.get_json()

    links = _frame("SELECT inviter_id, invitee_id, linked_at, first_order_at FROM referrals")
    refusals = _frame("SELECT reason, at FROM referral_refusals")
    members = _frame("SELECT id, external_id, registration_channel FROM members")
    coupons = _frame("SELECT source, granted_at, discount FROM coupons")
    points = _frame("SELECT source, points, created_at FROM points_ledger")

    linked = _in(links, "linked_at", start, end)
    refused = _in(refusals, "at", start, end)
    assert report["registrations"] == len(linked)
    assert report["refused"] == refused.reason.value_counts().to_dict()
    assert report["invitations"] == len(linked) + len(refused)
    firsts = links.dropna(subset=["first_order_at"])
    assert report["first_orders"] == len(_in(firsts, "first_order_at", start, end))

    prefixes = tuple(f"journey:{j}:" for j in journeys)
    ours = _in(coupons[coupons.source.str.startswith(prefixes)], "granted_at", start, end)
    assert report["rewards"]["coupons_granted"] == len(ours)
    cost = Decimal(str(round(pd.to_numeric(ours.discount).fillna(0).sum(), 2))).quantize(
        Decimal("0.01")
    )
    assert Decimal(report["rewards"]["cost"]) == cost
    earned = _in(points[points.source.str.startswith(prefixes)], "created_at", start, end)
    assert report["rewards"]["points_granted"] == int(earned[earned.points > 0].points.sum())
    assert sorted(report["rewards"]["journeys"]) == ["invite", "invite-first"]

    top = (
        linked.assign(ordered=linked.first_order_at.notna().astype(int))
        .groupby("inviter_id")
        .agg(registrations=("invitee_id", "size"), first_orders=("ordered", "sum"))
        .reset_index()
        .sort_values(
            ["registrations", "first_orders", "inviter_id"], ascending=[False, False, True]
        )  # fmt: skip
        .head(10)
    )
    assert [(t["member_id"], t["registrations"], t["first_orders"])
            for t in report["top_inviters"]] == list(
        zip(top.inviter_id, top.registrations, top.first_orders, strict=True)
    )  # fmt: skip

    by_channel = (
        linked.merge(members, left_on="invitee_id", right_on="id")
        .registration_channel.fillna("unknown")
        .value_counts()
        .to_dict()
    )
    assert {c["channel"]: c["registrations"] for c in report["by_channel"]} == by_channel


def test_bad_period_is_a_400_naming_the_field(admin_client):
    answer = admin_client.get("/api/referrals/report?from=yesterday")
    assert answer.status_code == 400
    assert answer.get_json()["errors"][0]["field"] == "from"
