"""CDNOW loaded as members and orders: a refresh as of 1998-06-30 with a 39-week holdout
fits the paper's parameters on the calibration period (in days: α × 7), and its calibration
counts the holdout purchases the data holds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.predict.refresh import refresh_predictions
from tests.predict.cdnow import load_into_database, transactions

END = datetime(1998, 6, 30, 23, 59, 59, tzinfo=UTC)
HOLDOUT = 273  # 39 weeks: 1997-10-01 to 1998-06-30


@pytest.fixture(scope="module")
def cdnow_days():
    return transactions()


def test_the_refresh_reproduces_the_paper_through_the_database(app, cdnow_days):
    load_into_database(db.session)
    result = refresh_predictions(db.session, END, holdout=HOLDOUT)
    cal = result["calibration"]
    fitted = cal["parameters"]
    assert fitted["r"] == pytest.approx(0.243, rel=0.01)
    assert fitted["alpha"] / 7 == pytest.approx(4.414, rel=0.01)
    assert fitted["a"] == pytest.approx(0.793, rel=0.01)
    assert fitted["b"] == pytest.approx(2.426, rel=0.01)
    assert cal["members"] == 2357
    holdout = cdnow_days[cdnow_days["date"] > "1997-09-30"]
    assert cal["actual_total"] == len(holdout)
    # 1,882 repeat purchase days in the holdout, 1,653 predicted: the model falls short by
    # 12% over these 39 weeks.
    assert cal["actual_total"] == 1882
    assert cal["predicted_total"] == pytest.approx(1653.4, abs=1)
