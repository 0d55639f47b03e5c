"""The replenishment estimator on hand-made purchases."""

from __future__ import annotations

import pandas as pd
import pytest

from app.predict.replenish import replenishments


def items(rows):
    return pd.DataFrame(rows, columns=["member_id", "day", "product_id", "category_id"])


def test_few_purchases_lean_on_the_catalogue_and_many_on_the_member():
    catalogue = pd.DataFrame({"id": [1, 2], "category_id": [9, 9], "replenish_days": [14, None]})
    bought = items(
        # Member 1: twice, 20 days apart. Member 2: 11 times, every 10 days.
        [(1, 100, 1, 9), (1, 120, 1, 9)]
        + [(2, 100 + 10 * k, 1, 9) for k in range(11)]
        # Member 3 buys product 2 (no catalogue interval) every 30 days, member 4 every 50.
        + [(3, 0, 2, 9), (3, 30, 2, 9), (4, 0, 2, 9), (4, 50, 2, 9)]
    )
    out = replenishments(bought, catalogue)
    product = out[out["product_id"].notna()].set_index(["member_id", "product_id"])
    assert product.loc[(1, 1), "interval_days"] == pytest.approx((1 * 20 + 2 * 14) / 3)
    assert product.loc[(1, 1), "runs_out_day"] == pytest.approx(120 + (20 + 28) / 3)
    assert product.loc[(2, 1), "interval_days"] == pytest.approx((10 * 10 + 2 * 14) / 12)
    # Without a catalogue interval, the typical one is the members' median (30 and 50).
    assert product.loc[(3, 2), "typical_interval"] == pytest.approx(40)
    assert product.loc[(3, 2), "interval_days"] == pytest.approx((30 + 80) / 3)
    category = out[out["category_id"].notna()].set_index("member_id")
    # The category's typical interval is the median of its products that state one: 14.
    assert category.loc[1, "typical_interval"] == pytest.approx(14)
    assert category.loc[1, "occasions"] == 2


def test_one_purchase_day_or_items_without_a_product_give_nothing():
    bought = items([(1, 5, 1, 9), (1, 5, 1, 9), (2, 1, 0, 0), (2, 9, 0, 0)])
    assert replenishments(bought).empty
