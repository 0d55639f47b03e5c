"""The models, the ranking and the evaluation on hand-made matrices."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest

from app.recommend.core import CoPurchase, Popularity, interaction_matrix, top_n
from app.recommend.evaluate import evaluate, precision_recall


def _matrix(rows):
    frame = pd.DataFrame(rows, columns=["member_id", "product_id", "weight"])
    return interaction_matrix(frame, np.array([1, 2, 3]), np.array([10, 20, 30]))


def test_interactions_sum_per_member_and_product_and_skip_unknowns():
    X = _matrix([(1, 10, 1.0), (1, 10, 0.5), (2, 30, 1.0), (9, 10, 1.0), (1, 99, 1.0)])
    assert X.toarray().tolist() == [[1.5, 0, 0], [0, 0, 1.0], [0, 0, 0]]


def test_co_purchase_by_hand():
    # Members 1 and 2 bought 10 and 20; member 3 bought 20 and 30.
    X = _matrix([(1, 10, 1), (1, 20, 1), (2, 10, 1), (2, 20, 1), (3, 20, 1), (3, 30, 1)])
    model = CoPurchase(prior=0.5).fit(X)
    cos = {(10, 20): 2 / np.sqrt(2 * 3), (20, 30): 1 / np.sqrt(3 * 1), (10, 30): 0.0}
    share = {10: 2 / 3, 20: 1.0, 30: 1 / 3}
    scores = model.score(X)
    # Member 3: equal weights on 20 and 30; their score for 10 is the mean similarity.
    own = (cos[(10, 20)] + cos[(10, 30)]) / 2
    assert scores[2, 0] == pytest.approx((own + 0.5 * share[10]) / 1.5)
    assert scores[2, 2] == pytest.approx(((cos[(20, 30)] + 1) / 2 + 0.5 * share[30]) / 1.5)
    assert Popularity().fit(X).share.tolist() == pytest.approx([share[10], share[20], share[30]])


def test_top_n_orders_by_score_then_column():
    columns, scores = top_n(np.array([[0.1, 0.5, 0.5, 0.2]]), 3)
    assert columns.tolist() == [[1, 2, 3]] and scores.tolist() == [[0.5, 0.5, 0.2]]


def test_precision_and_recall_by_hand():
    truth = _matrix([(1, 10, 1), (1, 30, 1), (2, 20, 1)])[:2]
    recommended = np.array([[0, 1], [0, 2]])
    precision, recall = precision_recall(recommended, truth)
    assert precision == pytest.approx((1 / 2 + 0 / 2) / 2)
    assert recall == pytest.approx((1 / 2 + 0 / 1) / 2)


def test_no_member_on_both_sides_of_the_cutoff_gives_no_rows():
    rows = pd.DataFrame(
        {
            "member_id": [1],
            "product_id": [10],
            "kind": ["order"],
            "weight": [1.0],
            "at": [datetime(2026, 1, 1, tzinfo=UTC)],
        }
    )
    assert evaluate(rows, datetime(2026, 6, 1, tzinfo=UTC), np.array([10])).empty
