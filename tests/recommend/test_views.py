"""Recommendations over the API, refreshed by the CLI and the nightly job; every answer
compared with the stored rows read by plain SQL."""

from __future__ import annotations

import pandas as pd
import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import text

from app.engine.clock import VirtualClock
from app.extensions import db
from app.recommend import jobs
from tests.recommend.shop import NOW, build_shop


def _stored(member_id: int) -> pd.DataFrame:
    return pd.read_sql(
        text(
            "SELECT r.rank, r.product_id, p.sku, r.score, r.reason FROM member_recommendations r "
            "JOIN products p ON p.id = r.product_id WHERE r.member_id = :m ORDER BY r.rank"
        ),
        db.engine,
        params={"m": member_id},
    )


def test_the_cli_refreshes_and_the_api_answers_for_one_member(app, admin_client, runner):
    app.extensions["clock"] = VirtualClock(NOW)
    shop = build_shop()
    member = shop["members"][1]
    url = f"/api/members/{member}/recommendations"
    assert admin_client.get(url).get_json()["error"] == "not_computed"
    result = runner.invoke(args=["recommendations", "refresh"])
    assert result.exit_code == 0, result.output
    assert f"for {len(shop['members'])} members" in result.output
    assert "co-purchase" in result.output and "popularity" in result.output

    body = admin_client.get(url).get_json()
    stored = _stored(member)
    got = pd.DataFrame(body["recommendations"])
    assert got["product_id"].tolist() == stored["product_id"].tolist()
    assert got["score"].tolist() == pytest.approx(stored["score"].tolist())
    assert got["reason"].tolist() == stored["reason"].tolist()
    # The replenishment row written for this member: tea runs out in 5 days.
    assert [r["sku"] for r in body["runs_out"]] == ["TEA"]
    pairs = pd.read_sql(
        text("SELECT other_product_id FROM product_pairs WHERE product_id = :p ORDER BY rank"),
        db.engine,
        params={"p": int(stored["product_id"].iloc[0])},
    )
    assert [p["product_id"] for p in body["bought_together"]] == pairs["other_product_id"].tolist()

    limited = admin_client.get(f"{url}?limit=2&min_score=0.4").get_json()["recommendations"]
    want = stored[(stored["rank"] <= 2) & (stored["score"] >= 0.4)]
    assert [r["product_id"] for r in limited] == want["product_id"].tolist()

    product = int(stored["product_id"].iloc[0])
    together = admin_client.get(f"/api/products/{product}/bought-together").get_json()
    assert [p["product_id"] for p in together["bought_together"]] == pairs[
        "other_product_id"
    ].tolist()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=9", "limit"),
        ("limit=x", "limit"),
        ("min_score=2", "min_score"),
        ("min_score=a", "min_score"),
    ],
)
def test_bad_parameters_name_the_field(app, admin_client, query, field):
    build_shop(members=5)
    before = db.session.execute(text("SELECT count(*) FROM member_recommendations")).scalar()
    response = admin_client.get(f"/api/members/1/recommendations?{query}")
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == field
    assert (
        db.session.execute(text("SELECT count(*) FROM member_recommendations")).scalar() == before
    )


def test_unknown_member_and_product_are_404(app, admin_client):
    assert admin_client.get("/api/members/999/recommendations").status_code == 404
    assert admin_client.get("/api/products/999/bought-together").status_code == 404


def test_the_insights_evaluation_is_the_stored_one(app, admin_client, runner):
    app.extensions["clock"] = VirtualClock(NOW)
    assert admin_client.get("/api/insights/recommendations").get_json()["evaluation"] is None
    build_shop(members=120)
    assert runner.invoke(args=["recommendations", "refresh"]).exit_code == 0
    body = admin_client.get("/api/insights/recommendations").get_json()["evaluation"]
    stored = pd.read_sql(
        "SELECT model, k, precision, recall, members FROM recommendation_evaluations",
        db.engine,
    )
    got = pd.DataFrame(body["rows"])
    merged = got.merge(stored, on=["model", "k"], suffixes=("", "_db"))
    assert len(merged) == len(stored) == 8
    assert merged["precision"].tolist() == pytest.approx(merged["precision_db"].tolist())
    assert merged["recall"].tolist() == pytest.approx(merged["recall_db"].tolist())
    assert body["members"] == int(stored["members"].iloc[0])


def test_the_nightly_job_is_registered_and_refreshes(app):
    app.extensions["clock"] = VirtualClock(NOW)
    shop = build_shop(members=20)
    scheduler = BackgroundScheduler(timezone="UTC")
    jobs.register_jobs(scheduler, run=lambda fn: fn)
    assert [j.id for j in scheduler.get_jobs()] == ["recommend.nightly"]
    assert jobs.nightly_recommendations() == len(shop["members"])
    count = db.session.execute(text("SELECT count(*) FROM member_recommendations")).scalar()
    assert count == 5 * len(shop["members"])
