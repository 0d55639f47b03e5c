"""Write RFM scores back to members: only the rows whose scores or segment changed.

A refresh reads every member's stored state as one integer (segment code, R, F, M and
whether a refresh ever wrote the row; all members in one joined text), compares it with the new state in numpy and writes
the difference, so a nightly refresh touches the members whose scores moved, not the whole
table. SQLite gets one ``executemany`` of UPDATEs by primary key per batch; PostgreSQL gets
the rows through ``COPY`` into a temporary table (batch by batch) and one
``UPDATE ... FROM``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from app.audiences.rfm.facts import joined_columns, parse_integers
from app.models import Member

#: At most this many rows per ``executemany`` or ``COPY`` batch.
BATCH = 100_000

_COLUMNS = ("rfm_r", "rfm_f", "rfm_m", "rfm_segment", "rfm_updated_at")


def pack(codes, r, f, m, unwritten) -> np.ndarray:
    """One comparable integer per member; a segment code of -1 means none or unknown."""
    return (
        np.asarray(codes, dtype=np.int64) * 10_000
        + np.asarray(r, dtype=np.int64) * 1_000
        + np.asarray(f, dtype=np.int64) * 100
        + np.asarray(m, dtype=np.int64) * 10
        + np.asarray(unwritten, dtype=np.int64)
    )


@dataclass
class Scores:
    """New RFM state of members, by ascending id; a score of 0 means none."""

    member_id: np.ndarray
    r: np.ndarray
    f: np.ndarray
    m: np.ndarray
    segment: np.ndarray

    def packed(self, names: list[str]) -> np.ndarray:
        codes = pd.Index(names, dtype=object).get_indexer(self.segment)
        return pack(codes, self.r, self.f, self.m, 0)


def stored_state(
    session: Session, names: list[str], bought_before: datetime
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every member's id, stored state packed as :func:`pack` does (``names`` give the
    segment codes) and whether their first purchase was before ``bought_before`` (1 or 0),
    by ascending id, in one pass over members."""
    code = case({name: i for i, name in enumerate(names)}, value=Member.rfm_segment, else_=-1)
    state = (
        code * 10_000
        + func.coalesce(Member.rfm_r, 0) * 1_000
        + func.coalesce(Member.rfm_f, 0) * 100
        + func.coalesce(Member.rfm_m, 0) * 10
        + case((Member.rfm_updated_at.is_(None), 1), else_=0)
    )
    before = literal(bought_before, Member.first_order_at.type)
    earlier = case((Member.first_order_at < before, 1), else_=0)
    query = select(Member.id.label("id"), state.label("state"), earlier.label("earlier"))
    ids, states, earlier_ones = (parse_integers(text) for text in joined_columns(session, query))
    if not np.all(ids[1:] > ids[:-1]):
        order = np.argsort(ids)
        ids, states, earlier_ones = ids[order], states[order], earlier_ones[order]
    return ids, states, earlier_ones.astype(bool)


def write_scores(session: Session, scores: Scores, positions: np.ndarray, now: datetime) -> None:
    """Store ``scores`` at ``positions`` (scores of 0 become NULL), stamped ``now``."""
    if not len(positions):
        return
    connection = session.connection()
    stamp = Member.__table__.c.rfm_updated_at.type._cached_bind_processor(connection.dialect)
    stamped = stamp(now) if stamp else now
    postgres = connection.dialect.name == "postgresql"
    cursor = connection.connection.dbapi_connection.cursor() if postgres else None
    if postgres:
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS tmp_rfm_scores ("
            "r SMALLINT, f SMALLINT, m SMALLINT, segment VARCHAR(32), "
            "updated_at TIMESTAMPTZ, member_id BIGINT) ON COMMIT DROP"
        )
        cursor.execute("TRUNCATE tmp_rfm_scores")

    def score(value) -> int | None:
        return int(value) or None

    try:
        for start in range(0, len(positions), BATCH):
            chunk = positions[start : start + BATCH]
            rows = [
                (score(r), score(f), score(m), s, stamped, int(i))
                for i, r, f, m, s in zip(
                    scores.member_id[chunk].tolist(),
                    scores.r[chunk].tolist(),
                    scores.f[chunk].tolist(),
                    scores.m[chunk].tolist(),
                    scores.segment[chunk].tolist(),
                    strict=True,
                )
            ]
            if postgres:
                with cursor.copy(
                    "COPY tmp_rfm_scores (r, f, m, segment, updated_at, member_id) FROM STDIN"
                ) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                assignments = ", ".join(f"{name} = ?" for name in _COLUMNS)
                connection.exec_driver_sql(f"UPDATE members SET {assignments} WHERE id = ?", rows)
        if postgres:
            # Statistics for the planner: a few changed rows join by primary key lookups,
            # a million by a hash join, and an unanalysed temporary table looks like neither.
            cursor.execute("ANALYZE tmp_rfm_scores")
            cursor.execute(
                "UPDATE members SET rfm_r = t.r, rfm_f = t.f, rfm_m = t.m, "
                "rfm_segment = t.segment, rfm_updated_at = t.updated_at "
                "FROM tmp_rfm_scores AS t WHERE members.id = t.member_id"
            )
    finally:
        if cursor is not None:
            cursor.close()
