"""Which products each member is likely to buy next: numpy and scipy sparse, no I/O.

Every model scores the products for rows of an implicit-feedback matrix ``X`` (members ×
products; a cell is the member's weighted purchases and product views of that product,
see :data:`WEIGHTS`) and ranks them. Three are compared on a time split
(:mod:`app.recommend.evaluate`):

* :class:`Popularity` — the share of members who bought each product; the same list for
  everyone. The baseline a model has to beat.
* :class:`CoPurchase` — item-to-item: the cosine similarity of two products over the
  members who bought them, and a member's score for a product the weighted mean of its
  similarity to what they bought, blended with the product's popularity
  (:data:`POPULARITY_PRIOR`) so that a member with one purchase still gets the products
  most people buy next to it. The similarity of a product to itself is 1, so what a
  member buys again and again ranks first ("buy again"). Scores lie in [0, 1]. The model
  the nightly refresh stores.
* :class:`Als` and :class:`Bpr` — matrix factorisation for implicit feedback from the
  ``implicit`` library (alternating least squares on the counts as confidence; Bayesian
  personalised ranking). Their scores are dot products of learnt factors, not on a fixed
  scale.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

#: What one interaction weighs in ``X``: a bought unit says more than a look at the page.
WEIGHTS = {"order": 1.0, "cart_add": 0.5, "page_view": 0.1}


def interaction_matrix(
    rows: pd.DataFrame, member_ids: np.ndarray, product_ids: np.ndarray
) -> sp.csr_matrix:
    """Members (in ``member_ids`` order) × products (in ``product_ids`` order), summing
    ``weight`` of ``rows`` (``member_id``, ``product_id``, ``weight``); rows naming a member
    or product outside the two lists are left out."""
    m = pd.Index(member_ids).get_indexer(rows["member_id"].to_numpy())
    p = pd.Index(product_ids).get_indexer(rows["product_id"].to_numpy())
    keep = (m >= 0) & (p >= 0)
    matrix = sp.csr_matrix(
        (rows["weight"].to_numpy(np.float64)[keep], (m[keep], p[keep])),
        shape=(len(member_ids), len(product_ids)),
    )
    matrix.sum_duplicates()
    return matrix


def _dense(matrix) -> np.ndarray:
    return np.asarray(matrix.todense() if sp.issparse(matrix) else matrix, dtype=np.float64)


class Popularity:
    """Everyone gets the products most members bought."""

    name = "popularity"

    def fit(self, X: sp.csr_matrix) -> Popularity:
        buyers = np.asarray((X > 0).sum(axis=0)).ravel()
        self.share = buyers / max(X.shape[0], 1)
        return self

    def score(self, X: sp.csr_matrix) -> np.ndarray:
        return np.broadcast_to(self.share, (X.shape[0], len(self.share))).copy()


#: How much a product's popularity weighs against a member's own similarity scores
#: (chosen on the demo's time split, see docs/recommendations.md).
POPULARITY_PRIOR = 0.5


class CoPurchase:
    """Item-to-item cosine similarity over members; a member's score is the weighted mean
    similarity of a product to what they bought (weights ``log(1 + x)``), blended with the
    product's popularity: ``(similarity + prior · share) / (1 + prior)``, in [0, 1]."""

    name = "co-purchase"

    def __init__(self, prior: float = POPULARITY_PRIOR):
        self.prior = prior

    def fit(self, X: sp.csr_matrix) -> CoPurchase:
        self.popularity = Popularity().fit(X)
        bought = (X > 0).astype(np.float64)
        together = _dense(bought.T @ bought)
        norm = np.sqrt(np.diag(together))
        with np.errstate(divide="ignore", invalid="ignore"):
            similarity = together / np.outer(norm, norm)
        self.similarity = np.nan_to_num(similarity)
        return self

    def score(self, X: sp.csr_matrix) -> np.ndarray:
        weights = X.copy()
        weights.data = np.log1p(weights.data)
        totals = np.asarray(weights.sum(axis=1)).ravel()
        scores = _dense(weights @ self.similarity)
        with np.errstate(divide="ignore", invalid="ignore"):
            own = np.nan_to_num(scores / totals[:, None])
        return (own + self.prior * self.popularity.share) / (1 + self.prior)


class _Factors:
    """A factorisation model of ``implicit``; scores are user × item factor products."""

    def _fitted(self, make, X: sp.csr_matrix):
        """Fit the model ``make()`` builds, with BLAS on one thread: implicit runs its own
        threads, and BLAS threads inside them only contend for the cores."""
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1, "blas"):
            self.model = make()
            self.model.fit(X.astype(np.float32).tocsr(), show_progress=False)
        return self

    def score(self, X: sp.csr_matrix, rows: np.ndarray | None = None) -> np.ndarray:
        """Scores of the fitted rows ``rows`` (all when None); ``X`` must be the matrix the
        model was fitted on, or those of its rows."""
        users = self.model.user_factors if rows is None else self.model.user_factors[rows]
        return np.asarray(users @ self.model.item_factors.T, dtype=np.float64)


class Als(_Factors):
    """``implicit``'s alternating least squares, the weighted counts as confidence."""

    name = "als"

    def fit(self, X: sp.csr_matrix) -> Als:
        from implicit.cpu.als import AlternatingLeastSquares

        return self._fitted(
            lambda: AlternatingLeastSquares(
                factors=4, iterations=15, regularization=0.05, alpha=1.0, random_state=0
            ),
            X,
        )


class Bpr(_Factors):
    """``implicit``'s Bayesian personalised ranking."""

    name = "bpr"

    def fit(self, X: sp.csr_matrix) -> Bpr:
        from implicit.cpu.bpr import BayesianPersonalizedRanking

        return self._fitted(lambda: BayesianPersonalizedRanking(factors=16, random_state=0), X)


MODELS = {"popularity": Popularity, "co-purchase": CoPurchase, "als": Als, "bpr": Bpr}


def top_n(scores: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``n`` best columns of each row, best first (ties: lower column first), and their
    scores. With fewer than ``n`` columns, all of them."""
    n = min(n, scores.shape[1])
    if n == 0:
        return np.zeros((scores.shape[0], 0), dtype=np.int64), np.zeros((scores.shape[0], 0))
    # A stable sort on -score keeps the lower column first among equal scores.
    order = np.argsort(-scores, axis=1, kind="stable")[:, :n]
    return order, np.take_along_axis(scores, order, axis=1)


def bought_together(
    orders: np.ndarray, products: np.ndarray, product_ids: np.ndarray, n: int, min_orders: int = 2
) -> pd.DataFrame:
    """For each product, the ``n`` products most often in the same order as it:
    ``product_id``, ``rank`` (1 first), ``other_product_id``, ``orders`` (orders holding
    both) and ``confidence`` (the share of the product's orders that also hold the other).
    ``orders`` and ``products`` are one entry per order item; pairs in fewer than
    ``min_orders`` orders are left out."""
    columns = ["product_id", "rank", "other_product_id", "orders", "confidence"]
    if len(orders) == 0:
        return pd.DataFrame(columns=columns)
    order_index, order_row = np.unique(orders, return_inverse=True)
    column = pd.Index(product_ids).get_indexer(products)
    keep = column >= 0
    basket = sp.csr_matrix(
        (np.ones(int(keep.sum())), (order_row[keep], column[keep])),
        shape=(len(order_index), len(product_ids)),
    )
    basket.data[:] = 1.0  # an item twice in one order is one order
    together = _dense(basket.T @ basket)
    alone = np.diag(together).copy()
    np.fill_diagonal(together, 0)
    together[together < min_orders] = 0
    with np.errstate(divide="ignore", invalid="ignore"):
        confidence = np.nan_to_num(together / alone[:, None])
    best, _ = top_n(confidence, n)
    rows = []
    for i, others in enumerate(best):
        kept = [j for j in others if together[i, j] > 0]
        for rank, j in enumerate(kept, start=1):
            rows.append(
                (product_ids[i], rank, product_ids[j], int(together[i, j]), confidence[i, j])
            )
    return pd.DataFrame(rows, columns=columns)
