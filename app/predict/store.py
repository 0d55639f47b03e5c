"""Replace the stored predictions and replenishments with a refresh's, in bulk.

Both tables are emptied and refilled in the caller's transaction (``COPY`` on PostgreSQL,
``executemany`` on SQLite): committed together with the refresh's log row, or not at all,
so a failed refresh leaves the previous results in place.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.demo.clock import DAY, iso_strings
from app.demo.writer import BulkWriter
from app.models import MemberPrediction, MemberReplenishment


def _stamps(days: np.ndarray, aware: bool) -> list[str | None]:
    """Fractional UTC day numbers as stored timestamps (to the second)."""
    if not len(days):
        return []
    return iso_strings(np.round(np.asarray(days, dtype=np.float64) * DAY).astype(np.int64), aware)


def _ids(values: pd.Series) -> list[int | None]:
    return [None if pd.isna(v) else int(v) for v in values.tolist()]


def replace_results(
    session: Session,
    scores: pd.DataFrame,
    replenishments: pd.DataFrame,
    as_of_day: float,
    progress=None,
) -> None:
    """Delete every stored prediction and replenishment and insert these instead.

    ``scores`` comes from :func:`app.predict.scoring.score` with ``purchases`` added;
    ``replenishments`` from :func:`app.predict.replenish.replenishments`.
    """
    connection = session.connection()
    session.execute(delete(MemberReplenishment))
    session.execute(delete(MemberPrediction))
    writer = BulkWriter(connection)
    aware = writer.aware_timestamps
    n = len(scores)
    writer.write(
        MemberPrediction.__tablename__,
        {
            "member_id": scores["member_id"].astype(np.int64).tolist(),
            "as_of": _stamps(np.full(n, as_of_day), aware),
            "purchases": scores["purchases"].astype(np.int64).tolist(),
            "probability_alive": scores["probability_alive"].astype(float).tolist(),
            "expected_purchases_30": scores["expected_30"].astype(float).tolist(),
            "expected_purchases_90": scores["expected_90"].astype(float).tolist(),
            "expected_purchases_365": scores["expected_365"].astype(float).tolist(),
            "expected_spend": scores["expected_spend"].astype(float).tolist(),
            "predicted_value": scores["predicted_value"].astype(float).tolist(),
            "next_purchase_at": _stamps(as_of_day + scores["next_purchase_days"], aware),
            "churn_risk": scores["churn_risk"].tolist(),
        },
    )
    if progress:
        progress(1)
    writer.write(
        MemberReplenishment.__tablename__,
        {
            "member_id": replenishments["member_id"].astype(np.int64).tolist(),
            "product_id": _ids(replenishments["product_id"]),
            "category_id": _ids(replenishments["category_id"]),
            "purchases": replenishments["occasions"].astype(np.int64).tolist(),
            "last_bought_at": _stamps(replenishments["last_day"], aware),
            "interval_days": replenishments["interval_days"].astype(float).tolist(),
            "runs_out_at": _stamps(replenishments["runs_out_day"], aware),
        },
    )
    if progress:
        progress(1)
