"""The Insights API and the member profile show the stored predictions: every figure is
recomputed here from the stored rows with pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from app.engine.clock import VirtualClock
from app.extensions import db
from app.predict.refresh import refresh_predictions
from tests.audiences.factories import NOW, insert_population, population
from tests.predict.stored import stored_predictions


@pytest.fixture
def stored(app):
    insert_population(db.session, population(n=250, seed=5))
    refresh_predictions(db.session, NOW, holdout=120)
    return stored_predictions(db.session)


def counts_in(values: pd.Series, bins: list[dict], open_top: bool) -> list[int]:
    out = []
    for i, b in enumerate(bins):
        last = i == len(bins) - 1
        if last and open_top:
            inside = values >= b["low"]
        elif last:
            inside = (values >= b["low"]) & (values <= b["high"])
        else:
            inside = (values >= b["low"]) & (values < b["high"])
        out.append(int(inside.sum()))
    return out


def test_distributions_and_counts_are_the_stored_scores(stored, viewer_client):
    body = viewer_client.get("/api/insights/predictions").get_json()
    p = stored["predictions"]
    assert body["members"] == len(p)
    risks = p["churn_risk"].value_counts()
    assert body["churn_risk"] == [
        {"risk": r, "members": int(risks.get(r, 0))} for r in ("low", "medium", "high")
    ]
    d = body["distributions"]
    for name, column, open_top in (
        ("probability_alive", "probability_alive", False),
        ("predicted_value", "predicted_value", True),
        ("expected_purchases_90", "expected_purchases_90", True),
    ):
        bins = d[name]
        assert [b["members"] for b in bins] == counts_in(p[column], bins, open_top), name
        assert sum(b["members"] for b in bins) == len(p)
    days = (p["next_purchase_at"] - p["as_of"]) / pd.Timedelta(days=1)
    bins = d["next_purchase_days"]
    assert [b["members"] for b in bins] == counts_in(days, bins, False)
    assert [b["low"] for b in bins][:6] == [0, 7, 30, 90, 180, 365]


def test_calibration_and_parameters_come_from_the_last_refresh(stored, viewer_client):
    body = viewer_client.get("/api/insights/predictions").get_json()
    assert body["holdout_days"] == 120
    cal = body["calibration"]
    assert cal["buckets"] and cal["members"] == sum(b["members"] for b in cal["buckets"])
    assert set(body["parameters"]["bgnbd"]) == {"r", "alpha", "a", "b"}
    assert body["churn_thresholds"] == {"high_below": 0.3, "medium_below": 0.7}


def test_before_any_refresh_the_page_is_empty(app, viewer_client):
    body = viewer_client.get("/api/insights/predictions").get_json()
    assert body["members"] == 0 and body["calibration"] is None
    assert all(b["members"] == 0 for b in body["distributions"]["probability_alive"])


def test_insights_need_sign_in(client):
    assert client.get("/api/insights/predictions").status_code == 401


def test_the_profile_shows_the_members_scores_and_run_out_dates(app, stored, admin_client):
    app.extensions["clock"] = VirtualClock(NOW)
    p = stored["predictions"].set_index("member_id")
    r = stored["replenishments"]
    member_id = int(r["member_id"].value_counts().index[0])
    body = admin_client.get(f"/api/members/{member_id}").get_json()["predictions"]
    row = p.loc[member_id]
    scores = body["scores"]
    assert scores["churn_risk"] == row["churn_risk"]
    assert scores["probability_alive"] == pytest.approx(row["probability_alive"], abs=1e-4)
    assert scores["predicted_value"] == pytest.approx(row["predicted_value"], abs=0.01)
    assert pd.Timestamp(scores["next_purchase_at"]) == row["next_purchase_at"]
    mine = r[r["member_id"] == member_id].sort_values(["runs_out_at", "id"])
    now = pd.Timestamp(NOW)
    ordered = pd.concat([mine[mine["runs_out_at"] >= now], mine[mine["runs_out_at"] < now][::-1]])
    assert [pd.Timestamp(x["runs_out_at"]) for x in body["replenishments"]] == list(
        ordered["runs_out_at"]
    )
    assert [x["purchases"] for x in body["replenishments"]] == list(ordered["purchases"])
    assert [x["ran_out"] for x in body["replenishments"]] == list(ordered["runs_out_at"] < now)
    never = int(np.setdiff1d(np.arange(1, 251), p.index.to_numpy())[0])
    assert admin_client.get(f"/api/members/{never}").get_json()["predictions"] == {
        "scores": None,
        "replenishments": [],
    }
