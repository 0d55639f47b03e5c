"""The nightly refresh: every member's top products, the products bought together, and the
offline evaluation of the models, from the database in chunks of members.

One pass reads each chunk's interactions (one query for order items, one for product
events) into a sparse members × products matrix; the co-purchase model is fitted on all of
it; a second pass over the kept chunks scores, ranks and replaces each chunk's stored rows.
Products that run out soon (``member_replenishments``, :mod:`app.predict.replenish`) go
first, with score 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sqlalchemy import bindparam, delete, select, text
from sqlalchemy.orm import Session

from app.bulk import insert_tuples
from app.models import Member, MemberRecommendation, ProductPair, RecommendationEvaluation
from app.models.base import UtcDateTime
from app.recommend import data
from app.recommend.core import CoPurchase, bought_together, interaction_matrix, top_n
from app.recommend.evaluate import evaluate

CHUNK = 50_000
#: Interactions older than this are not read.
WINDOW_DAYS = 365
#: Products stored per member.
TOP_N = 5
#: A product whose run-out date falls between this many days ago and
#: :data:`RUNS_OUT_AHEAD_DAYS` ahead is recommended first.
RUNS_OUT_BEHIND_DAYS = 30
RUNS_OUT_AHEAD_DAYS = 14
#: Products stored per product as "bought together".
PAIRS_TOP_N = 5
#: The evaluation's test period: the last days of orders.
EVALUATION_DAYS = 90
#: At most this many members' histories are kept for the evaluation (every n-th member).
EVALUATION_MEMBERS = 50_000


@dataclass
class Refreshed:
    members: int
    recommendations: int
    pairs: int
    evaluation: pd.DataFrame


def _member_chunks(session: Session) -> Iterator[np.ndarray]:
    after = 0
    while True:
        ids = session.scalars(
            select(Member.id).where(Member.id > after).order_by(Member.id).limit(CHUNK)
        ).all()
        if not ids:
            return
        yield np.asarray(ids, dtype=np.int64)
        after = ids[-1]


def _runs_out(session: Session, now: datetime) -> pd.DataFrame:
    query = text(
        "SELECT member_id, product_id FROM member_replenishments "
        "WHERE product_id IS NOT NULL AND runs_out_at >= :behind AND runs_out_at <= :ahead"
    ).bindparams(bindparam("behind", type_=UtcDateTime()), bindparam("ahead", type_=UtcDateTime()))
    rows = session.execute(
        query,
        {
            "behind": now - timedelta(days=RUNS_OUT_BEHIND_DAYS),
            "ahead": now + timedelta(days=RUNS_OUT_AHEAD_DAYS),
        },
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=["member_id", "product_id"])


def rank_chunk(
    model: CoPurchase,
    X: sp.csr_matrix,
    bought: sp.csr_matrix,
    runs_out: sp.csr_matrix,
    n: int = TOP_N,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Columns, scores and reasons of each row's ``n`` best products: what runs out soon
    first (score 1, ``runs_out``), then the model's order; ``buy_again`` for products the
    member bought, ``for_you`` for the others, ``popular`` for members with no history."""
    scores = model.score(X)
    soon = runs_out.toarray() > 0
    ranked = np.where(soon, 2.0 + scores, scores)
    columns, _ = top_n(ranked, n)
    picked = np.take_along_axis(scores, columns, axis=1)
    is_soon = np.take_along_axis(soon, columns, axis=1)
    is_bought = np.take_along_axis(bought.toarray() > 0, columns, axis=1)
    history = np.asarray(X.sum(axis=1)).ravel() > 0
    reasons = np.where(
        is_soon,
        "runs_out",
        np.where(is_bought, "buy_again", np.where(history[:, None], "for_you", "popular")),
    )
    return columns, np.where(is_soon, 1.0, picked), reasons


def refresh_recommendations(session: Session, now: datetime, evaluate_models: bool = True):
    """Recompute and store every member's top products, the products bought together and
    (``evaluate_models``) the models' evaluation, without committing."""
    catalogue = data.products(session)
    product_ids = catalogue["id"].to_numpy(np.int64)
    skus = catalogue.set_index("sku")["id"]
    since = now - timedelta(days=WINDOW_DAYS)
    total = session.scalar(text("SELECT count(*) FROM members")) or 0
    stride = max(1, -(-total // EVALUATION_MEMBERS))

    chunks, baskets = [], []
    for ids in _member_chunks(session):
        lo, hi = int(ids[0]), int(ids[-1])
        items = data.order_items(session, since, lo, hi)
        bought = interaction_matrix(
            pd.DataFrame({"member_id": items[:, 0], "product_id": items[:, 1], "weight": 1.0}),
            ids,
            product_ids,
        )
        events = data.product_events(session, since, lo, hi, skus)
        chunks.append((ids, bought + interaction_matrix(events, ids, product_ids), bought))
        baskets.append(items[:, [2, 1]])

    X_all = (
        sp.vstack([c[1] for c in chunks]).tocsr()
        if chunks
        else sp.csr_matrix((0, len(product_ids)))
    )
    model = CoPurchase().fit(X_all)
    soon = _runs_out(session, now)

    # Every value is given as the database stores it: converting millions of cells one by
    # one would cost more than writing them.
    columns = ("member_id", "rank", "product_id", "score", "reason", "computed_at")
    table = MemberRecommendation.__table__
    stamp = table.c.computed_at.type._cached_bind_processor(session.get_bind().dialect)(now)
    stored = 0
    for ids, X, bought in chunks:
        mine = soon[soon["member_id"].between(ids[0], ids[-1])].assign(weight=1.0)
        runs_out = interaction_matrix(mine, ids, product_ids)
        picked, scores, reasons = rank_chunk(model, X, bought, runs_out)
        session.execute(
            delete(MemberRecommendation).where(
                MemberRecommendation.member_id >= int(ids[0]),
                MemberRecommendation.member_id <= int(ids[-1]),
            )
        )
        n = picked.shape[1]
        member = np.repeat(ids, n).tolist()
        rank = np.tile(np.arange(1, n + 1), len(ids)).tolist()
        product = product_ids[picked.ravel()].tolist()
        insert_tuples(
            session,
            table,
            columns,
            list(
                zip(
                    member,
                    rank,
                    product,
                    np.round(scores.ravel(), 6).tolist(),
                    reasons.ravel().tolist(),
                    [stamp] * len(member),
                    strict=True,
                )
            ),
            encoded=columns,
        )
        stored += len(member)

    items = np.concatenate(baskets) if baskets else np.zeros((0, 2), dtype=np.int64)
    pairs = bought_together(items[:, 0], items[:, 1], product_ids, PAIRS_TOP_N)
    session.execute(delete(ProductPair))
    insert_tuples(
        session,
        ProductPair.__table__,
        ("product_id", "rank", "other_product_id", "orders", "confidence", "computed_at"),
        [
            (int(a), int(r), int(b), int(o), float(c), now)
            for a, r, b, o, c in pairs.itertuples(index=False)
        ],
    )

    evaluation = pd.DataFrame()
    if evaluate_models:
        sampled = data.timed_interactions(session, since, stride, skus)
        evaluation = _evaluate(session, sampled, product_ids, now)
    return Refreshed(total, stored, len(pairs), evaluation)


def _evaluate(session: Session, rows: pd.DataFrame, product_ids: np.ndarray, now: datetime):
    orders = rows.loc[rows["kind"] == "order", "at"]
    if orders.empty:
        return pd.DataFrame()
    cutoff = (orders.max() - pd.Timedelta(days=EVALUATION_DAYS)).to_pydatetime()
    found = evaluate(rows, cutoff, product_ids)
    if found.empty:
        return found
    insert_tuples(
        session,
        RecommendationEvaluation.__table__,
        ("computed_at", "cutoff", "model", "k", "precision", "recall", "members"),
        [
            (now, cutoff, m, int(k), float(p), float(r), int(n))
            for m, k, p, r, n in found.itertuples(index=False)
        ],
    )
    return found.assign(cutoff=cutoff)
