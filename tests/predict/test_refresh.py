"""A refresh stores what the raw orders say, keeps the previous results when it fails, and
runs from the CLI and the nightly job."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import MemberPrediction, MemberReplenishment, PredictionRefresh
from app.predict import store
from app.predict.refresh import refresh_predictions
from app.predict.scoring import fit_models, score
from tests.audiences.factories import NOW, insert_population, population, purchase_amount
from tests.predict.stored import stored_predictions


@pytest.fixture
def pop(app):
    pop = population(n=250, seed=11)
    insert_population(db.session, pop)
    return pop


def purchase_days(pop) -> pd.DataFrame:
    """Purchases per member and UTC day from the raw rows, with their net spend summed."""
    rows = [
        {
            "member_id": o["member_id"],
            "day": o["paid_at"].date(),
            "spend": float(purchase_amount(o)),
            "order_id": o["id"],
        }
        for o in pop.orders
        if purchase_amount(o) is not None and o["paid_at"] <= NOW
    ]
    return pd.DataFrame(rows)


def expected_facts(pop) -> pd.DataFrame:
    days = purchase_days(pop).groupby(["member_id", "day"], as_index=False)["spend"].sum()
    days = days.sort_values(["member_id", "day"])
    days["k"] = days.groupby("member_id").cumcount()
    g = days.groupby("member_id")
    today = NOW.date()
    facts = pd.DataFrame(
        {
            "x": g.size() - 1,
            "t_x": [(b - a).days for a, b in zip(g["day"].min(), g["day"].max(), strict=True)],
            "T": [(today - a).days for a in g["day"].min()],
        }
    )
    facts["m"] = days[days["k"] > 0].groupby("member_id")["spend"].mean()
    return facts.reset_index()


def test_stored_scores_are_the_models_on_the_raw_orders(pop):
    refresh_predictions(db.session, NOW)
    facts = expected_facts(pop)
    want = score(facts.astype({"x": float, "t_x": float, "T": float}), fit_models(facts))
    got = stored_predictions(db.session)["predictions"].set_index("member_id")
    want = want.set_index("member_id")
    assert sorted(got.index) == sorted(want.index)
    got = got.loc[want.index]
    for stored, computed in (
        ("probability_alive", "probability_alive"),
        ("expected_purchases_30", "expected_30"),
        ("expected_purchases_90", "expected_90"),
        ("expected_purchases_365", "expected_365"),
        ("expected_spend", "expected_spend"),
        ("predicted_value", "predicted_value"),
    ):
        np.testing.assert_allclose(got[stored], want[computed], rtol=1e-6, err_msg=stored)
    assert (got["churn_risk"] == want["churn_risk"]).all()
    assert (got["purchases"] == facts.set_index("member_id").loc[want.index, "x"] + 1).all()
    wait = (got["next_purchase_at"] - pd.Timestamp(NOW)) / pd.Timedelta(days=1)
    np.testing.assert_allclose(wait, want["next_purchase_days"], atol=1 / 86400)


def test_replenishments_follow_the_written_estimator(pop):
    refresh_predictions(db.session, NOW)
    buys = purchase_days(pop).merge(
        pd.DataFrame(pop.items)[["order_id", "product_id", "category_id"]], on="order_id"
    )
    expected = []
    for key in ("product_id", "category_id"):
        occ = buys[["member_id", key, "day"]].drop_duplicates()
        per = occ.groupby(["member_id", key])["day"].agg(["min", "max", "count"]).reset_index()
        per = per[per["count"] >= 2].copy()
        per["own"] = [(b - a).days for a, b in zip(per["min"], per["max"], strict=True)]
        per["own"] = per["own"] / (per["count"] - 1)
        per["typical"] = per.groupby(key)["own"].transform("median")
        gaps = per["count"] - 1
        per["interval"] = (gaps * per["own"] + 2 * per["typical"]) / (gaps + 2)
        per["runs_out"] = [
            pd.Timestamp(d, tz="UTC") + pd.Timedelta(days=i)
            for d, i in zip(per["max"], per["interval"], strict=True)
        ]
        expected.append(per.rename(columns={key: "item"}).assign(key=key))
    want = pd.concat(expected).set_index(["member_id", "key", "item"]).sort_index()
    stored = stored_predictions(db.session)["replenishments"]
    stored["key"] = np.where(stored["product_id"].notna(), "product_id", "category_id")
    stored["item"] = stored["product_id"].fillna(stored["category_id"]).astype(int)
    got = stored.set_index(["member_id", "key", "item"]).sort_index()
    assert list(got.index) == list(want.index)
    np.testing.assert_allclose(got["interval_days"], want["interval"], rtol=1e-9)
    drift = (got["runs_out_at"] - want["runs_out"]).abs().max()
    assert drift <= pd.Timedelta(seconds=1)
    assert (got["purchases"] == want["count"]).all()


def test_calibration_counts_the_holdout_purchases(pop):
    result = refresh_predictions(db.session, NOW, holdout=120)
    cal = result["calibration"]
    days = purchase_days(pop)[["member_id", "day"]].drop_duplicates()
    cutoff = NOW.date() - timedelta(days=120)
    before = days[days["day"] <= cutoff].groupby("member_id").size() - 1
    after = days[days["day"] > cutoff].groupby("member_id").size()
    frame = pd.DataFrame({"x": before})
    frame["actual"] = after.reindex(frame.index).fillna(0)
    frame["bucket"] = frame["x"].clip(upper=7)
    want = frame.groupby("bucket")["actual"].agg(["mean", "size"])
    assert cal["members"] == len(frame)
    assert cal["actual_total"] == int(frame["actual"].sum())
    for bucket in cal["buckets"]:
        b = int(bucket["frequency"].rstrip("+"))
        assert bucket["members"] == want.loc[b, "size"]
        assert bucket["actual"] == pytest.approx(want.loc[b, "mean"], abs=1e-4)
    stored = db.session.scalar(select(PredictionRefresh))
    assert stored.calibration == cal and stored.holdout_days == 120


def test_a_failed_refresh_keeps_the_previous_results(pop, monkeypatch):
    refresh_predictions(db.session, NOW - timedelta(days=30))
    before = stored_predictions(db.session)
    original = store.BulkWriter.write

    def fail_on_replenishments(self, table, columns):
        if table == "member_replenishments":
            raise RuntimeError("the disk is full")
        return original(self, table, columns)

    monkeypatch.setattr(store.BulkWriter, "write", fail_on_replenishments)
    with pytest.raises(RuntimeError):
        refresh_predictions(db.session, NOW)
    after = stored_predictions(db.session)
    pd.testing.assert_frame_equal(before["predictions"], after["predictions"])
    pd.testing.assert_frame_equal(before["replenishments"], after["replenishments"])
    assert db.session.scalar(select(func.count()).select_from(PredictionRefresh)) == 1


def test_a_refresh_without_repeat_buyers_is_refused_and_keeps_nothing_new(pop):
    refresh_predictions(db.session, NOW)
    count = db.session.scalar(select(func.count()).select_from(MemberPrediction))
    with pytest.raises(ValueError, match="repeat purchase"):
        refresh_predictions(db.session, NOW, as_of=NOW - timedelta(days=3000))
    assert db.session.scalar(select(func.count()).select_from(MemberPrediction)) == count


def test_cli_refreshes_as_of_a_date_with_a_progress_bar(app, runner, pop):
    app.extensions["clock"] = VirtualClock(NOW)
    result = runner.invoke(args=["predict", "refresh", "--as-of", "2025-05-31"])
    assert result.exit_code == 0, result.output
    assert "Refreshing predictions" in result.output and "churn risk high" in result.output
    refresh = db.session.scalar(select(PredictionRefresh))
    assert refresh.as_of.date().isoformat() == "2025-05-31"
    assert db.session.scalar(select(func.count()).select_from(MemberReplenishment)) > 0
    future = runner.invoke(args=["predict", "refresh", "--as-of", "2025-07-01"])
    assert future.exit_code != 0 and "--as-of" in future.output
    early = runner.invoke(args=["predict", "refresh", "--as-of", "2010-01-01"])
    assert early.exit_code != 0 and "previous predictions are kept" in early.output


def test_the_nightly_job_refreshes_predictions_after_rfm(app, pop):
    from app.audiences.jobs import nightly_refresh

    app.extensions["clock"] = VirtualClock(NOW)
    out = nightly_refresh()
    assert out["predictions"]["members"] == db.session.scalar(
        select(func.count()).select_from(MemberPrediction)
    )


def test_the_holdout_comes_from_the_environment(app, pop, database_url, monkeypatch):
    from app import create_app

    monkeypatch.setenv("PREDICT_HOLDOUT_DAYS", "45")
    built = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "SCHEDULER_ENABLED": False}
    )
    with built.app_context():
        result = refresh_predictions(db.session, NOW)
    assert result["holdout_days"] == 45 and result["calibration"]["holdout_days"] == 45
    monkeypatch.setenv("PREDICT_HOLDOUT_DAYS", "3")
    with pytest.raises(ValueError, match="PREDICT_HOLDOUT_DAYS"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})
