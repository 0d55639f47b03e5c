"""Query rows become the same frame as pandas builds from the rows themselves."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from sqlalchemy import text

from app.extensions import db
from app.frames import rows_frame


def test_rows_of_a_query_make_the_frame_pandas_makes_of_them(app):
    rows = db.session.execute(
        text(
            "SELECT 1 AS a, 'x' AS b, 2.5 AS c, NULL AS d "
            "UNION ALL SELECT 2, NULL, 3.0, 'y' UNION ALL SELECT 3, 'z', NULL, NULL"
        )
    ).all()
    columns = ["a", "b", "c", "d"]
    pd.testing.assert_frame_equal(rows_frame(rows, columns), pd.DataFrame(rows, columns=columns))


def test_money_and_no_rows():
    rows = [(1, Decimal("9.90")), (2, None)]
    frame = rows_frame(rows, ["id", "amount"])
    assert frame["amount"].tolist() == [Decimal("9.90"), None]
    empty = rows_frame([], ["id", "amount"])
    assert list(empty.columns) == ["id", "amount"] and empty.empty
    pd.testing.assert_frame_equal(empty, pd.DataFrame([], columns=["id", "amount"]))
