"""Comparison: pymc-marketing's BG/NBD and Gamma-Gamma fitted by MAP, on CDNOW and on the
synthetic members of ``bench/predict.py``. pymc-marketing is not a dependency of the app;
run this in an environment that has it:

    python -m venv /tmp/pymcenv && /tmp/pymcenv/bin/pip install pymc-marketing
    /tmp/pymcenv/bin/python bench/predict_pymc.py --members 1000000

Prints the import time, the CDNOW parameters (compare r=0.243, α=4.414, a=0.793, b=2.426
and p=6.25, q=3.74, γ=15.44) and the fit time on the synthetic members.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parent.parent


def cdnow() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The CDNOW sample's 39-week calibration summary, in weeks, and the repeat buyers'
    mean repeat spend."""
    raw = pd.read_csv(
        ROOT / "tests/predict/data/CDNOW_sample.txt",
        sep=r"\s+",
        header=None,
        names=["id", "id2", "date", "cds", "spend"],
        dtype={"date": str},
    )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    end = pd.Timestamp("1997-09-30")
    days = raw[raw["date"] <= end].groupby(["id", "date"])["spend"].sum().reset_index()
    days["k"] = days.groupby("id").cumcount()
    g = days.groupby("id")
    summary = pd.DataFrame(
        {
            "customer_id": g.size().index,
            "frequency": (g.size() - 1).to_numpy(),
            "recency": ((g["date"].max() - g["date"].min()).dt.days / 7).to_numpy(),
            "T": ((end - g["date"].min()).dt.days / 7).to_numpy(),
        }
    )
    repeat = days[days["k"] > 0].groupby("id")["spend"].mean()
    spend = summary[summary["frequency"] > 0].copy()
    spend["monetary_value"] = repeat.reindex(spend["customer_id"]).to_numpy()
    return summary, spend


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=1_000_000)
    args = parser.parse_args()
    t = time.perf_counter()
    from pymc_marketing import clv

    print(f"import pymc_marketing.clv: {time.perf_counter() - t:.1f}s")
    summary, spend = cdnow()
    t = time.perf_counter()
    bg = clv.BetaGeoModel(data=summary)
    bg.fit(method="map")
    print(f"CDNOW BetaGeoModel MAP: {time.perf_counter() - t:.1f}s")
    print(bg.fit_summary())
    t = time.perf_counter()
    gg = clv.GammaGammaModel(data=spend)
    gg.fit(method="map")
    print(f"CDNOW GammaGammaModel MAP: {time.perf_counter() - t:.1f}s")
    print(gg.fit_summary())

    from predict import simulate

    facts = simulate(args.members)
    data = pd.DataFrame(
        {
            "customer_id": facts["member_id"],
            "frequency": facts["x"],
            "recency": facts["t_x"],
            "T": facts["T"],
        }
    )
    t = time.perf_counter()
    bg = clv.BetaGeoModel(data=data)
    bg.fit(method="map")
    fit_s = time.perf_counter() - t
    print(f"{args.members:,} members BetaGeoModel MAP: {fit_s:.1f}s")
    print(bg.fit_summary())
    t = time.perf_counter()
    bg.expected_probability_alive(data=data)
    bg.expected_purchases(data=data, future_t=90)
    print(f"{args.members:,} members P(alive) + 90-day purchases: {time.perf_counter() - t:.1f}s")


if __name__ == "__main__":
    main()
