"""The audience preview agrees with pandas: size, the lowest ids, average order value and
quartiles, whichever way the sample is fetched and however the buyers are read."""

from __future__ import annotations

import numpy as np
import pytest

from app.audiences import preview as preview_module
from app.audiences.preview import preview
from app.extensions import db
from tests.audiences.factories import NOW, insert_population, population
from tests.audiences.rules.reference import Frames, expected_ids

TREES = [
    {"all": []},
    {"kind": "order_count", "window_days": 90, "op": "gte", "value": 1},
    {"kind": "order_count", "window_days": 30, "op": "eq", "value": 0},
    {"kind": "days_since_last_order", "op": "gt", "value": 200},
    {"all": [{"kind": "registered_days_ago", "min": 30, "max": 60}, {"kind": "no_first_order"}]},
    {"kind": "profile", "field": "city", "op": "eq", "value": "100%_City"},
    {"kind": "profile", "field": "city", "op": "eq", "value": "Atlantis"},
]


@pytest.fixture
def world(app):
    pop = population(n=300)
    insert_population(db.session, pop)
    return Frames(pop, NOW)


def expected_preview(tree, world: Frames) -> dict:
    ids = sorted(expected_ids(tree, world))
    members = world.members.loc[ids]
    buyers = members[members["orders_count"] > 0]
    spend = sum(float(v) for v in buyers["total_spent"])
    orders = int(buyers["orders_count"].sum())
    per_member = [
        float(t) / c for t, c in zip(buyers["total_spent"], buyers["orders_count"], strict=True)
    ]
    quartiles = np.quantile(per_member, [0.25, 0.5, 0.75]) if per_member else [None] * 3
    return {
        "size": len(ids),
        "sample": ids[:20],
        "avg": round(spend / orders, 2) if orders else None,
        "quartiles": [round(float(q), 2) if q is not None else None for q in quartiles],
    }


def check(tree, world: Frames) -> None:
    got = preview(db.session, tree, NOW)
    want = expected_preview(tree, world)
    assert got["size"] == want["size"], tree
    assert [m["id"] for m in got["sample"]] == want["sample"], tree
    ov = got["order_value"]
    if want["avg"] is None:
        assert ov["avg"] is None, tree
    else:
        assert ov["avg"] == pytest.approx(want["avg"], abs=0.01), tree
    assert [ov["q1"], ov["median"], ov["q3"]] == want["quartiles"], tree


@pytest.mark.parametrize("tree", TREES)
def test_preview_matches_pandas(world, tree):
    check(tree, world)


@pytest.mark.parametrize("scan", [0, 10**9])
def test_sample_is_the_lowest_ids_whichever_way_it_is_fetched(world, monkeypatch, scan):
    # 0 always fetches through the rule's indexes and sorts; 10**9 always walks ids upwards.
    monkeypatch.setattr(preview_module, "SAMPLE_SCAN", scan)
    for tree in TREES:
        check(tree, world)


def test_large_bases_read_quartiles_again_for_small_audiences(world, monkeypatch):
    # A base larger than QUARTILE_VALUES: the first pass reads every n-th buyer only, and
    # an audience whose sample is too small is read again, whole up to QUARTILE_VALUES.
    monkeypatch.setattr(preview_module, "QUARTILE_VALUES", 250)
    for tree in TREES:
        check(tree, world)


def test_large_audiences_on_large_bases_read_an_even_spread(world, monkeypatch):
    monkeypatch.setattr(preview_module, "QUARTILE_VALUES", 40)
    monkeypatch.setattr(preview_module, "QUARTILE_MIN", 10)
    got = preview(db.session, {"all": []}, NOW)
    want = expected_preview({"all": []}, world)
    assert got["size"] == want["size"]
    assert got["order_value"]["avg"] == pytest.approx(want["avg"], abs=0.01)
    q1, median, q3 = (got["order_value"][k] for k in ("q1", "median", "q3"))
    assert q1 <= median <= q3
    assert abs(median - want["quartiles"][1]) < 0.25 * want["quartiles"][1]
