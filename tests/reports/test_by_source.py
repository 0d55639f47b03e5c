"""The journey report's split by registration channel, against pandas over the raw tables."""

from __future__ import annotations

import pytest
from sqlalchemy import case, select, update

from app.extensions import db
from app.models import Coupon, Member
from tests.reports import expected
from tests.reports.test_journey_report import NODE_TYPES, WINDOW, _report, ran  # noqa: F401


def _split(client, **params) -> dict:
    answer = client.get("/api/journeys/effect/report/by-source", query_string=params)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def _give_channels() -> None:
    """Members by id: a third each from the app, the store, and no channel."""
    db.session.execute(
        update(Member).values(
            registration_channel=case(
                (Member.id % 3 == 0, "app"), (Member.id % 3 == 1, "store"), else_=None
            )
        )
    )
    db.session.commit()


def _entered(channel: str | None) -> int:
    runs = expected.table(
        "SELECT jm.member_id, m.registration_channel AS channel FROM journey_members jm "
        "JOIN members m ON m.id = jm.member_id WHERE jm.is_test = :f",
        f=False,
    )
    mine = runs[runs["channel"].isna()] if channel is None else runs[runs["channel"] == channel]
    return mine["member_id"].nunique()


def test_member_figures_per_registration_channel(ran, viewer_client):  # noqa: F811
    _give_channels()
    report = _report(viewer_client)
    split = _split(viewer_client)
    orders = expected.orders()
    credit = expected.credited(orders, expected.touches(ran.id, NODE_TYPES), WINDOW)
    codes = set(db.session.scalars(select(Coupon.code)))
    members = expected.table("SELECT id, registration_channel AS channel FROM members")
    rows = {row["channel"]: row for row in split["by_source"]}
    assert set(rows) == {"app", "store", None}
    for channel, row in rows.items():
        ids = members[
            members["channel"].isna() if channel is None else members["channel"] == channel
        ]
        theirs = orders[orders["member_id"].isin(ids["id"])]["id"]
        want = expected.member_figures(orders, credit[credit["order_id"].isin(theirs)], codes)
        mine = {k: v for k, v in row.items() if k not in ("channel", "entered_members")}
        assert mine == pytest.approx(want), channel
        assert row["entered_members"] == _entered(channel)
        assert want["paying_members"] > 0
    # The split adds up to the journey's member figures.
    for name in ("paying_members", "paid_orders", "paid_amount", "first_order_members"):
        assert sum(r[name] for r in rows.values()) == pytest.approx(report["member"][name])


def test_a_period_without_entries_or_credits_has_no_rows(ran, viewer_client):  # noqa: F811
    _give_channels()
    split = _split(viewer_client, **{"from": "2001-01-01", "to": "2001-01-31"})
    assert split["by_source"] == []


@pytest.mark.parametrize(
    ("path", "params", "status", "field"),
    [
        ("/api/journeys/nope/report/by-source", {}, 404, None),
        ("/api/journeys/effect/report/by-source", {"window_days": "0"}, 400, "window_days"),
        (
            "/api/journeys/effect/report/by-source",
            {"from": "2026-02-01", "to": "2026-01-01"},
            400,
            "from",
        ),
    ],
)
def test_bad_input_is_named(ran, viewer_client, path, params, status, field):  # noqa: F811
    answer = viewer_client.get(path, query_string=params)
    assert answer.status_code == status
    if field:
        assert field in {e["field"] for e in answer.get_json()["errors"]}
