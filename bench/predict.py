"""Benchmark: fit and score the predictions for 1,000,000 synthetic members.

    .venv/bin/python bench/predict.py                      # 1,000,000 members, in memory
    .venv/bin/python bench/predict.py --members 100000
    .venv/bin/python bench/predict.py --db /tmp/bench.db --reuse   # a whole refresh

Members are drawn from a BG/NBD population with known parameters (r=0.6, α=40 days,
a=0.8, b=3) over up to two years, with Gamma-Gamma spend (p=6, q=4, γ=40), and summarised as
the refresh summarises purchases. The fit (BG/NBD and Gamma-Gamma) and the scoring of every
member (probability alive, three horizons, a discounted 12-month value, next purchase,
churn risk) are timed, and the fitted parameters printed next to the true ones. With
``--db`` (a database filled by ``bench/audience_preview.py``) a whole ``predict refresh`` is
timed instead: reading purchases and items, fitting, scoring, calibration, replenishment
and writing every row.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TRUE_BGNBD = {"r": 0.6, "alpha": 40.0, "a": 0.8, "b": 3.0}
TRUE_GG = {"p": 6.0, "q": 4.0, "gamma": 40.0}


def simulate(members: int, seed: int = 7) -> pd.DataFrame:
    """``member_id``, ``x``, ``t_x``, ``T``, ``m`` for members drawn from BG/NBD + Gamma-Gamma."""
    rng = np.random.default_rng(seed)
    T = rng.integers(1, 730, members).astype(np.float64)
    lam = rng.gamma(TRUE_BGNBD["r"], 1 / TRUE_BGNBD["alpha"], members)
    drop = rng.beta(TRUE_BGNBD["a"], TRUE_BGNBD["b"], members)
    x = np.zeros(members)
    t_x = np.zeros(members)
    clock = np.zeros(members)
    active = np.ones(members, dtype=bool)
    while active.any():
        idx = np.flatnonzero(active)
        clock[idx] += rng.exponential(1 / lam[idx])
        bought = clock[idx] <= T[idx]
        hit = idx[bought]
        x[hit] += 1
        t_x[hit] = clock[hit]
        survived = rng.random(len(hit)) >= drop[hit]
        active[:] = False
        active[hit[survived]] = True
    nu = rng.gamma(TRUE_GG["q"], 1 / TRUE_GG["gamma"], members)
    with np.errstate(invalid="ignore", divide="ignore"):
        total = rng.gamma(TRUE_GG["p"] * np.maximum(x, 1), 1 / nu)
        m = np.where(x > 0, total / np.maximum(x, 1), np.nan)
    return pd.DataFrame(
        {
            "member_id": np.arange(1, members + 1),
            "x": x,
            "t_x": np.floor(t_x),
            "T": T,
            "m": np.round(m, 2),
        }
    )


def in_memory(members: int) -> None:
    from app.predict.scoring import fit_models, score

    t = time.perf_counter()
    facts = simulate(members)
    print(f"simulated {members:,} members in {time.perf_counter() - t:.1f}s")
    t = time.perf_counter()
    models = fit_models(facts)
    fit_s = time.perf_counter() - t
    t = time.perf_counter()
    scores = score(facts, models)
    score_s = time.perf_counter() - t
    print(f"fit BG/NBD + Gamma-Gamma: {fit_s:.2f}s")
    print(f"score {len(scores):,} members: {score_s:.2f}s")
    print(f"fit + score: {fit_s + score_s:.2f}s")
    print("BG/NBD  true", TRUE_BGNBD, "fitted", _rounded(models.bgnbd.as_dict()))
    gg = models.gamma_gamma.as_dict() if models.gamma_gamma else None
    print("Gamma-Gamma true", TRUE_GG, "fitted", _rounded(gg) if gg else None)
    print(scores["churn_risk"].value_counts().to_dict())


def whole_refresh(url: str) -> None:
    from audience_preview import NOW, open_app

    from app.extensions import db
    from app.predict.refresh import refresh_predictions

    with open_app(url).app_context():
        t = time.perf_counter()
        result = refresh_predictions(db.session, NOW)
        print(
            f"predict refresh: {result['members']:,} members, "
            f"{result['replenishments']:,} replenishments in {time.perf_counter() - t:.1f}s"
        )


def _rounded(values: dict) -> dict:
    return {k: round(v, 3) for k, v in values.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--db", default=None, help="time a whole refresh on this database")
    parser.add_argument("--reuse", action="store_true", help="use the existing database at --db")
    args = parser.parse_args()
    if args.db:
        if not args.reuse:
            from audience_preview import generate

            generate(args.db, args.members, args.members * 10)
        whole_refresh(args.db)
    else:
        in_memory(args.members)


if __name__ == "__main__":
    main()
