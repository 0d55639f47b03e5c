"""Every dashboard figure against an independent pandas computation from the raw tables."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from app.dashboard.snapshots import UNSCORED
from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import DashboardDay, DashboardSnapshot, Member, Order
from tests.dashboard import data, expected


@pytest.fixture
def clock(app):
    app.extensions["clock"] = VirtualClock(data.NOW)
    return app.extensions["clock"]


@pytest.fixture
def seeded(app, clock):
    data.seed()


def _same(mine: dict, theirs: dict) -> None:
    assert set(mine) == set(theirs)
    for key, (count, amount) in theirs.items():
        assert mine[key][0] == count, key
        assert mine[key][1] == pytest.approx(amount, abs=0.006), key


def _check(body: dict, start: date, end: date) -> None:
    length = (end - start).days + 1
    previous_end = start - timedelta(days=1)
    previous_start = previous_end - timedelta(days=length - 1)
    now, before = expected.metrics(start, end), expected.metrics(previous_start, previous_end)
    assert body["period"] == {"from": str(start), "to": str(end), "days": length}
    assert body["previous"]["from"] == str(previous_start)
    for name, value in now.items():
        got = body["metrics"][name]
        for mine, theirs in ((got["value"], value), (got["previous"], before[name])):
            if theirs is None:
                assert mine is None, name
            else:
                assert mine == pytest.approx(theirs, abs=0.006 if "rate" not in name else 1e-4), (
                    name
                )
    journeys = {j["journey_id"]: (j["orders"], j["value"]) for j in body["journeys"]}
    _same({k: v for k, v in journeys.items() if v[0]}, expected.journeys(start, end))
    previous_journeys = expected.journeys(previous_start, previous_end)
    for j in body["journeys"]:
        assert j["previous"] == pytest.approx(previous_journeys.get(j["journey_id"], (0, 0.0))[1])
    channels = {c["channel"]: (c["messages"], c["cost"]["value"]) for c in body["channels"]}
    _same({k: v for k, v in channels.items() if v[0]}, expected.channels(start, end))
    _check_sources(body, start, end, previous_start, previous_end)
    assert sum(d["paid_orders"] for d in body["daily"]) == now["paid_orders"]
    assert len(body["daily"]) == length


def _check_sources(body: dict, start, end, previous_start, previous_end) -> None:
    """Each registration channel's figures against pandas on that channel's members alone."""
    names = ("new_members", "active_30", "payers", "repurchase_rate", "paid_orders", "paid_amount")
    assert sorted(r["channel"] or "" for r in body["sources"]) == ["", "app", "store", "web"]
    for row in body["sources"]:
        now = expected.metrics(start, end, row["channel"], split=True)
        before = expected.metrics(previous_start, previous_end, row["channel"], split=True)
        for name in names:
            for mine, theirs in (
                (row[name]["value"], now[name]),
                (row[name]["previous"], before[name]),
            ):
                if theirs is None:
                    assert mine is None, (row["channel"], name)
                else:
                    tolerance = 1e-4 if "rate" in name else 0.006
                    assert mine == pytest.approx(theirs, abs=tolerance), (row["channel"], name)
    # The split adds up to the whole base.
    for name in ("new_members", "payers", "paid_orders", "paid_amount"):
        total = sum(r[name]["value"] for r in body["sources"])
        assert total == pytest.approx(body["metrics"][name]["value"], abs=0.01), name


@pytest.mark.parametrize(
    "args, start, end",
    [
        ("", date(2026, 3, 2), date(2026, 3, 31)),
        ("?from=2025-12-01&to=2026-01-15", date(2025, 12, 1), date(2026, 1, 15)),
        ("?from=2026-02-14&to=2026-02-14", date(2026, 2, 14), date(2026, 2, 14)),
        ("?from=2025-04-01&to=2026-03-31", date(2025, 4, 1), date(2026, 3, 31)),
    ],
)
def test_every_figure_equals_pandas_on_the_raw_tables(seeded, viewer_client, args, start, end):
    response = viewer_client.get(f"/api/dashboard{args}")
    assert response.status_code == 200, response.get_json()
    _check(response.get_json(), start, end)


def test_days_are_built_once_and_today_again(seeded, viewer_client, clock):
    viewer_client.get("/api/dashboard")
    built = dict(db.session.execute(select(DashboardDay.day, DashboardDay.built_at)).all())
    clock.advance(minutes=6)
    db.session.add(
        Order(
            id=100_000,
            external_id="late",
            member_id=1,
            amount=100,
            discount=0,
            status="paid",
            net_amount=100,
            paid_at=clock.now(),
        )
    )
    db.session.commit()
    body = viewer_client.get("/api/dashboard").get_json()
    db.session.expire_all()
    again = dict(db.session.execute(select(DashboardDay.day, DashboardDay.built_at)).all())
    changed = {d for d in built if again[d] != built[d]}
    assert changed == {data.NOW.date()}
    _check(body, date(2026, 3, 2), date(2026, 3, 31))


def test_tiers_and_segments_move_between_snapshots(seeded, viewer_client, clock):
    first = viewer_client.get("/api/dashboard").get_json()
    assert first["snapshots"] == {"current": "2026-03-31", "previous": None}
    tiers = {t["key"]: t["members"] for t in first["tiers"]}
    assert tiers == expected.members_by("tier", "")
    db.session.execute(update(Member).where(Member.id <= 40).values(tier="diamond"))
    db.session.execute(update(Member).where(Member.id > 280).values(rfm_segment=None))
    db.session.commit()
    clock.advance(days=30)
    body = viewer_client.get("/api/dashboard").get_json()
    assert body["snapshots"] == {"current": "2026-04-30", "previous": "2026-03-31"}
    now_tiers, now_rfm = (
        expected.members_by("tier", ""),
        expected.members_by("rfm_segment", UNSCORED),
    )
    before_rfm = {s["key"]: s["members"] for s in first["rfm_segments"]}
    for row in body["tiers"]:
        assert row["members"] == now_tiers.get(row["key"], 0)
        assert row["change"] == now_tiers.get(row["key"], 0) - tiers.get(row["key"], 0)
    for row in body["rfm_segments"]:
        assert row["members"] == now_rfm.get(row["key"], 0)
        assert row["previous"] == before_rfm.get(row["key"], 0)
    assert [t["key"] for t in body["tiers"]][:2] == ["basic", "silver"]


@pytest.mark.parametrize(
    "args, field",
    [
        ("?from=yesterday", "from"),
        ("?to=2026-13-01", "to"),
        ("?from=2026-03-10&to=2026-03-01", "from"),
        ("?to=2026-04-01", "to"),
        ("?from=2024-01-01&to=2026-03-01", "from"),
        ("?from=1999-12-31&to=2000-01-02", "from"),
        ("?period=30", "period"),
    ],
)
def test_a_bad_period_is_named_and_builds_nothing(app, clock, viewer_client, args, field):
    response = viewer_client.get(f"/api/dashboard{args}")
    assert response.status_code == 400
    assert field in {e["field"] for e in response.get_json()["errors"]}
    assert db.session.scalar(select(func.count()).select_from(DashboardDay)) == 0
    assert db.session.scalar(select(func.count()).select_from(DashboardSnapshot)) == 0


def test_signed_out_readers_are_refused(client):
    assert client.get("/api/dashboard").status_code == 401


def test_cli_builds_days_and_prints_the_dashboard(seeded, runner):
    result = runner.invoke(
        args=["dashboard", "build", "--from", "2026-01-01", "--to", "2026-01-31"]
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(DashboardDay)) == 31
    result = runner.invoke(args=["dashboard", "show", "--from", "2026-03-01", "--to", "2026-03-31"])
    assert result.exit_code == 0, result.output
    assert '"active_30"' in result.output
    bad = runner.invoke(args=["dashboard", "show", "--to", "tomorrow"])
    assert bad.exit_code != 0 and "to" in bad.output


def test_the_nightly_job_builds_recent_and_missing_days_and_a_snapshot(
    seeded, clock, viewer_client
):
    from app.dashboard.jobs import BACKFILL_DAYS, nightly_build

    assert nightly_build() == {"days": 4, "missing": BACKFILL_DAYS + 1 - 4}
    assert db.session.scalar(select(func.count()).select_from(DashboardDay)) == BACKFILL_DAYS + 1
    assert db.session.scalar(select(func.count()).select_from(DashboardSnapshot)) > 0
    clock.advance(days=1)
    assert nightly_build() == {"days": 4, "missing": 0}
    _check(viewer_client.get("/api/dashboard").get_json(), date(2026, 3, 3), date(2026, 4, 1))
