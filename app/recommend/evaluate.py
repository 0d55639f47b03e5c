"""Offline evaluation on a time split of the orders: pandas and numpy, no I/O.

Everything a member did before the cutoff trains the models; the products each member
bought in their orders after it are the truth. A member counts when they have both
(a member with no history before the cutoff gets the popular list from every model, so
they would only dilute the comparison). For each model and ``k``:

* precision@k — of the ``k`` products recommended, the share the member then bought,
  averaged over members;
* recall@k — of the distinct products the member then bought, the share among the ``k``
  recommended, averaged over members.

Products a member bought before count as right answers when bought again: for consumables
"buy again" is a recommendation the shop wants to make.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import scipy.sparse as sp

from app.recommend.core import MODELS, interaction_matrix, top_n

K_VALUES = (3, 5)


def hits_at_k(recommended: np.ndarray, truth: sp.csr_matrix) -> np.ndarray:
    """Per row, how many of the recommended columns are set in ``truth`` (same rows)."""
    rows = np.repeat(np.arange(recommended.shape[0]), recommended.shape[1])
    found = np.asarray(truth[rows, recommended.ravel()]).ravel() > 0
    return found.reshape(recommended.shape).sum(axis=1)


def precision_recall(recommended: np.ndarray, truth: sp.csr_matrix) -> tuple[float, float]:
    """Mean precision and recall of ``recommended`` (rows × k columns) against ``truth``."""
    if recommended.shape[0] == 0:
        return 0.0, 0.0
    hits = hits_at_k(recommended, truth)
    relevant = np.asarray((truth > 0).sum(axis=1)).ravel()
    precision = hits / recommended.shape[1]
    recall = hits / np.maximum(relevant, 1)
    return float(precision.mean()), float(recall.mean())


def evaluate(
    interactions: pd.DataFrame,
    cutoff: datetime,
    product_ids: np.ndarray,
    models: tuple[str, ...] = tuple(MODELS),
    k_values: tuple[int, ...] = K_VALUES,
) -> pd.DataFrame:
    """``model``, ``k``, ``precision``, ``recall``, ``members`` per model and ``k``.

    ``interactions``: ``member_id``, ``product_id``, ``kind`` (a key of
    :data:`app.recommend.core.WEIGHTS`), ``weight`` and ``at`` (UTC timestamps).
    """
    at = pd.to_datetime(interactions["at"], utc=True)
    cut = pd.Timestamp(cutoff)
    cut = cut.tz_localize("UTC") if cut.tzinfo is None else cut.tz_convert("UTC")
    train = interactions[at < cut]
    test = interactions[(at >= cut) & (interactions["kind"] == "order")]
    members = np.intersect1d(train["member_id"].unique(), test["member_id"].unique())
    if len(members) == 0:
        return pd.DataFrame(columns=["model", "k", "precision", "recall", "members"])
    X = interaction_matrix(train, members, product_ids)
    truth = interaction_matrix(test.assign(weight=1.0), members, product_ids)
    rows = []
    for name in models:
        model = MODELS[name]().fit(X)
        scores = model.score(X)
        for k in k_values:
            best, _ = top_n(scores, k)
            precision, recall = precision_recall(best, truth)
            rows.append((name, k, precision, recall, len(members)))
    return pd.DataFrame(rows, columns=["model", "k", "precision", "recall", "members"])
