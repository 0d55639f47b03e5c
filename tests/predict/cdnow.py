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
