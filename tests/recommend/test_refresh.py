"""The nightly refresh on a small shop in the real tables: every stored figure — each
member's products, scores and reasons, the products bought together, and the models'
precision and recall on the time split — recomputed here from the raw tables with pandas,
written separately from the refresh."""

from __future__ import annotations

import json
import math
from datetime import timedelta

import pandas as pd
import pytest

from app.extensions import db
from app.recommend.refresh import refresh_recommendations
from tests.recommend.shop import NOW, build_shop

WEIGHT = {"order": 1.0, "cart_add": 0.5, "page_view": 0.1}


def _raw() -> tuple[pd.DataFrame, pd.DataFrame, list[int], list[int]]:
    items = pd.read_sql(
        "SELECT o.id AS order_id, o.member_id, i.product_id, o.paid_at AS at "
        "FROM order_items i JOIN orders o ON o.id = i.order_id "
        "WHERE o.status = 'paid' AND i.product_id IS NOT NULL",
        db.engine,
    ).assign(kind="order")
    events = pd.read_sql(
        "SELECT member_id, type AS kind, properties, occurred_at AS at FROM events", db.engine
    )
    products = pd.read_sql("SELECT id, sku FROM products", db.engine)
    sku_ids = dict(zip(products["sku"], products["id"], strict=True))

    def product_of(row):
        props = row.properties if isinstance(row.properties, dict) else json.loads(row.properties)
        sku = props.get("sku") if row.kind == "cart_add" else props["page"].split("/")[-1]
        return sku_ids[sku]

    events["product_id"] = [product_of(r) for r in events.itertuples()]
    both = pd.concat(
        [
            items[["member_id", "product_id", "kind", "at"]],
            events[["member_id", "product_id", "kind", "at"]],
        ]
    )
    both["at"] = pd.to_datetime(both["at"], utc=True, format="ISO8601")
    both["weight"] = both["kind"].map(WEIGHT)
    members = pd.read_sql("SELECT id FROM members ORDER BY id", db.engine)["id"].tolist()
    return both, items, members, sorted(products["id"].tolist())


def _scores(rows: pd.DataFrame, members: list[int], products: list[int]) -> dict:
    """``{member: {product: score}}`` of the co-purchase model, from first principles."""
    totals = rows.groupby(["member_id", "product_id"])["weight"].sum()
    who = {
        p: set(totals[totals.index.get_level_values(1) == p].index.get_level_values(0))
        for p in products
    }

    def cosine(a, b):
        if not who[a] or not who[b]:
            return 0.0
        return len(who[a] & who[b]) / math.sqrt(len(who[a]) * len(who[b]))

    share = {p: len(who[p]) / len(members) for p in products}
    out = {}
    for m in members:
        mine = {p: math.log1p(w) for (mm, p), w in totals.items() if mm == m}
        total = sum(mine.values())
        out[m] = {
            p: (
                (sum(w * cosine(j, p) for j, w in mine.items()) / total if total else 0.0)
                + 0.5 * share[p]
            )
            / 1.5
            for p in products
        }
    return out


def test_stored_recommendations_match_a_recomputation(app):
    shop = build_shop()
    done = refresh_recommendations(db.session, NOW)
    db.session.commit()
    rows, items, members, products = _raw()
    expected = _scores(rows, members, products)
    stored = pd.read_sql(
        "SELECT member_id, rank, product_id, score, reason FROM member_recommendations "
        "ORDER BY member_id, rank",
        db.engine,
    )
    assert done.members == len(members) and len(stored) == 5 * len(members)
    bought = set(zip(items["member_id"], items["product_id"], strict=True))
    interacted = set(rows["member_id"])
    tea, runs_out_member = shop["products"]["TEA"], shop["members"][1]
    for m, mine in stored.groupby("member_id"):
        if m == runs_out_member:
            first = mine.iloc[0]
            assert (first.product_id, first.score, first.reason) == (tea, 1.0, "runs_out")
            mine = mine.iloc[1:]
            ranked = sorted((s for p, s in expected[m].items() if p != tea), reverse=True)
        else:
            ranked = sorted(expected[m].values(), reverse=True)
        assert mine["score"].tolist() == pytest.approx(ranked[: len(mine)], abs=1e-6)
        for r in mine.itertuples():
            assert r.score == pytest.approx(expected[m][r.product_id], abs=1e-6)
            want = "buy_again" if (m, r.product_id) in bought else "for_you"
            assert r.reason == (want if m in interacted else "popular")
    # Run out 60 days ago is too long ago to come first.
    third = stored[stored["member_id"] == shop["members"][2]]
    assert "runs_out" not in set(third["reason"])


def test_bought_together_counts_orders_holding_both(app):
    build_shop()
    refresh_recommendations(db.session, NOW, evaluate_models=False)
    db.session.commit()
    _, items, _, _ = _raw()
    baskets = items.groupby("order_id")["product_id"].apply(set)
    stored = pd.read_sql("SELECT * FROM product_pairs ORDER BY product_id, rank", db.engine)
    assert len(stored) > 0
    for r in stored.itertuples():
        holding = sum(r.product_id in b for b in baskets)
        both = sum(r.product_id in b and r.other_product_id in b for b in baskets)
        assert r.orders == both and both >= 2
        assert r.confidence == pytest.approx(both / holding)
    # Each product's list is its best pairs, by confidence.
    for _, mine in stored.groupby("product_id"):
        assert mine["confidence"].is_monotonic_decreasing


def _precision_recall(recommend, truth: dict, k: int) -> tuple[float, float]:
    precision, recall = [], []
    for m, bought in truth.items():
        hits = len(set(recommend(m)[:k]) & bought)
        precision.append(hits / k)
        recall.append(hits / len(bought))
    return sum(precision) / len(precision), sum(recall) / len(recall)


def test_evaluation_figures_match_a_recomputation_on_the_time_split(app):
    build_shop(members=150)
    done = refresh_recommendations(db.session, NOW)
    db.session.commit()
    rows, _, _, products = _raw()
    cutoff = rows.loc[rows["kind"] == "order", "at"].max() - timedelta(days=90)
    train = rows[rows["at"] < cutoff]
    test = rows[(rows["at"] >= cutoff) & (rows["kind"] == "order")]
    evaluated = sorted(set(train["member_id"]) & set(test["member_id"]))
    truth = {m: set(test.loc[test["member_id"] == m, "product_id"]) for m in evaluated}
    train = train[train["member_id"].isin(evaluated)]
    buyers = train.groupby("product_id")["member_id"].nunique()
    popular = sorted(products, key=lambda p: (-buyers.get(p, 0), p))
    scores = _scores(train, evaluated, products)

    def by_score(m):
        return sorted(products, key=lambda p: (-round(scores[m][p], 9), p))

    stored = pd.read_sql(
        "SELECT model, k, precision, recall, members, cutoff FROM recommendation_evaluations",
        db.engine,
    ).set_index(["model", "k"])
    assert set(stored["members"]) == {len(evaluated)}
    assert pd.Timestamp(stored["cutoff"].iloc[0]).tz_localize(None) == cutoff.tz_localize(None)
    for k in (3, 5):
        for model, recommend in (("popularity", lambda m: popular), ("co-purchase", by_score)):
            precision, recall = _precision_recall(recommend, truth, k)
            assert stored.loc[(model, k), "precision"] == pytest.approx(precision)
            assert stored.loc[(model, k), "recall"] == pytest.approx(recall)
    assert set(stored.index.get_level_values(0)) == {"popularity", "co-purchase", "als", "bpr"}
    assert len(done.evaluation) == 8
