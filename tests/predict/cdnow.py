"""The CDNOW sample as the papers use it: purchase days, the 39-week calibration ending
1997-09-30, written independently of ``app.predict.facts`` (pandas group-bys)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parent / "data" / "CDNOW_sample.txt"
CALIBRATION_END = pd.Timestamp("1997-09-30")


def transactions() -> pd.DataFrame:
    raw = pd.read_csv(
        DATA,
        sep=r"\s+",
        header=None,
        names=["id", "seq", "date", "cds", "spend"],
        dtype={"date": str},
    )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return raw.groupby(["id", "date"], as_index=False)["spend"].sum()


def calibration_summary(end: pd.Timestamp = CALIBRATION_END) -> pd.DataFrame:
    """Per customer, in weeks: ``x``, ``t_x``, ``T``; ``m`` the mean repeat spend."""
    days = transactions()
    days = days[days["date"] <= end].sort_values(["id", "date"])
    days["k"] = days.groupby("id").cumcount()
    g = days.groupby("id")
    out = pd.DataFrame(
        {
            "x": g.size() - 1,
            "t_x": (g["date"].max() - g["date"].min()).dt.days / 7,
            "T": (end - g["date"].min()).dt.days / 7,
        }
    )
    out["m"] = days[days["k"] > 0].groupby("id")["spend"].mean()
    return out


def load_into_database(session) -> None:
    """Each CDNOW customer as a member and each purchase day as a paid order at midnight UTC,
    through the models, with the members' order facts settled as ingestion does."""
    from datetime import UTC, datetime
    from decimal import Decimal

    from sqlalchemy import insert, select

    from app.ingestion.facts import refresh_order_facts, settle_net_amounts
    from app.models import Member, Order

    days = transactions()
    ids = sorted(days["id"].unique())
    session.execute(
        insert(Member),
        [
            {
                "id": int(i),
                "external_id": f"CDNOW-{i:05d}",
                "name": f"CDNOW customer {i}",
                "registered_at": datetime(1997, 1, 1, tzinfo=UTC),
                "attributes": {},
            }
            for i in ids
        ],
    )
    session.execute(
        insert(Order),
        [
            {
                "id": n + 1,
                "external_id": f"CDNOW-{row.id}-{row.date:%Y%m%d}",
                "member_id": int(row.id),
                "amount": Decimal(f"{row.spend:.2f}"),
                "paid_at": row.date.to_pydatetime().replace(tzinfo=UTC),
            }
            for n, row in enumerate(days.itertuples())
        ],
    )
    settle_net_amounts(select(Order.id))
    refresh_order_facts(select(Member.id))
    session.commit()
