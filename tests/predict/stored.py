"""The stored predictions and replenishments read back as data frames, for tests."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from app.models import MemberPrediction, MemberReplenishment


def _frame(session, model) -> pd.DataFrame:
    columns = [c for c in model.__table__.columns]
    rows = session.execute(select(*columns)).all()
    frame = pd.DataFrame(rows, columns=[c.name for c in columns])
    for c in columns:
        if c.name.endswith("_at") or c.name == "as_of":
            frame[c.name] = pd.to_datetime(frame[c.name], utc=True)
    return frame


def stored_predictions(session) -> dict[str, pd.DataFrame]:
    return {
        "predictions": _frame(session, MemberPrediction),
        "replenishments": _frame(session, MemberReplenishment),
    }
