"""The report's forecast against actual compares like with like: the forecast's arrivals by
the end of a day since publishing against the members who had arrived by then (recounted
here from the step log), "too early to judge" within the first day and where the forecast
expects nobody yet, and each node under the name the report's funnel gives it."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from app.engine.clock import VirtualClock
from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from tests.engine.factories import START
from tests.engine.population import run
from tests.forecast.test_forecast_engine import DAYS, _setup


def _recount(until) -> dict[str, int]:
    """Members (real runs) who had arrived at each node before ``until``: the first step a
    run logged at a node, whatever its outcome but a pause, is its arrival there."""
    steps = pd.read_sql(
        "SELECT s.journey_member_id, s.node_id, s.outcome, s.at, m.is_test "
        "FROM journey_steps s JOIN journey_members m ON m.id = s.journey_member_id",
        db.engine,
    )
    steps = steps[~steps["is_test"].astype(bool) & ~steps["outcome"].isin(["paused", "resumed"])]
    first = steps.groupby(["journey_member_id", "node_id"])["at"].min().reset_index()
    at = pd.to_datetime(first["at"], utc=True)
    arrived = first[at < pd.Timestamp(until)]
    return arrived.groupby("node_id").size().to_dict()


def _advance(clock: VirtualClock, hours: int) -> None:
    for _ in range(hours // 6):
        run(clock, hours=6)
        Dispatcher(db.session, clock=clock.now).run()


def _accuracy(admin_client) -> dict:
    answer = admin_client.get("/api/journeys/fc/forecast-accuracy")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["accuracy"]


def test_the_forecast_is_compared_with_what_happened_by_the_same_day(app, admin_client):
    _setup()
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    answer = admin_client.post(
        "/api/journeys/fc/forecast", json={"days": DAYS, "draws": 5, "keep": True}
    )
    assert answer.status_code == 200, answer.get_json()
    forecast = answer.get_json()["nodes"]
    published = admin_client.post("/api/journeys/fc/publish", json={})
    assert published.status_code == 200, published.get_json()
    run(clock)

    # Right after publishing the first nodes are done, the rest is to come: nothing is
    # judged, nothing is "outside".
    early = _accuracy(admin_client)
    assert early["day"] == 0 and early["nodes_compared"] == 0 and early["share_inside"] is None
    assert {r["status"] for r in early["nodes"]} == {"too_early"}
    so_far = _recount(START + timedelta(minutes=1))
    assert so_far["start"] == 120
    assert {r["node_id"]: r["actual"] for r in early["nodes"]} == {
        n: so_far.get(n, 0) for n in forecast
    }

    # A day and a half in: both sides by the end of day 1. The wait holds everyone two
    # days, so its followers are expected nobody yet: too early to judge.
    _advance(clock, 36)
    day_one = _accuracy(admin_client)
    assert day_one["day"] == 1
    recount = _recount(START + timedelta(days=1))
    rows = {r["node_id"]: r for r in day_one["nodes"]}
    assert {n: r["actual"] for n, r in rows.items()} == {n: recount.get(n, 0) for n in forecast}
    for node_id, row in rows.items():
        by_day = forecast[node_id]["by_day"]
        assert row["forecast"] == {k: by_day[k][0] for k in ("value", "low", "high")}
        assert row["forecast_total"] == forecast[node_id]["entered"]
    assert rows["tag"]["status"] == rows["done"]["status"] == "too_early"
    assert rows["tag"]["forecast_total"]["value"] > 0
    judged = [r for r in day_one["nodes"] if r["status"] != "too_early"]
    assert all(r["status"] == "inside" for r in judged)
    assert day_one["inside"] == day_one["nodes_compared"] == len(judged) == len(rows) - 2

    # Past the wait, every node is judged, and the deterministic journey lands inside.
    _advance(clock, 60)
    later = _accuracy(admin_client)
    assert later["day"] == 4
    recount = _recount(START + timedelta(days=4))
    assert {r["node_id"]: r["actual"] for r in later["nodes"]} == {
        n: recount.get(n, 0) for n in forecast
    }
    assert later["share_inside"] == 1.0 and later["too_early"] == 0
    # The forecast's last day holds every arrival of the horizon.
    for figures in forecast.values():
        assert figures["by_day"]["value"][-1] == figures["entered"]["value"]


def test_nodes_are_named_as_the_funnel_names_them(app, admin_client):
    """Unlabelled nodes go by their id, as in the report's funnel, not by their type."""
    _setup()
    app.extensions["clock"] = VirtualClock(START)
    answer = admin_client.post(
        "/api/journeys/fc/forecast", json={"days": 2, "draws": 5, "keep": True}
    )
    assert answer.status_code == 200, answer.get_json()
    assert admin_client.post("/api/journeys/fc/publish", json={}).status_code == 200
    accuracy = _accuracy(admin_client)
    report = admin_client.get("/api/journeys/fc/report").get_json()
    funnel = {n["node_id"]: n["label"] for n in report["nodes"]}
    assert {r["node_id"]: r["label"] for r in accuracy["nodes"]} == {
        n: funnel.get(n, n) for n in answer.get_json()["nodes"]
    }
    assert accuracy["nodes"][0]["label"] == accuracy["nodes"][0]["node_id"]
    assert answer.get_json()["nodes"]["sms"]["label"] == "sms"


def test_an_unknown_journey_has_no_accuracy(admin_client):
    answer = admin_client.get("/api/journeys/nope/forecast-accuracy")
    assert answer.status_code == 404
    assert "nope" in str(answer.get_json())
