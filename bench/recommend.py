"""Benchmark: the nightly refresh of every member's recommendations, and the one-member API.

    .venv/bin/python bench/recommend.py --members 1000000 --database-url sqlite:////tmp/r.db
    .venv/bin/python bench/recommend.py --members 100000 --database-url postgresql://…/bench

Seeds the demo population once through :func:`bench.seed.prepare`, then:

1. times :func:`app.recommend.refresh.refresh_recommendations` (what the nightly job runs:
   every member's top products, the pairs bought together and the evaluation), committing,
   against a baseline in the same run: reading the same order items and product events
   with the same queries and nothing else;
2. calls ``GET /api/members/<id>/recommendations`` for ``--requests`` random members
   through the app (in process, an API token, no network) and prints the p50/p99, against
   ``GET /api/members/<id>`` — the member's profile, orders and events — for the same
   members.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from sqlalchemy import text  # noqa: E402

from app.auth.tokens import issue_token  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models.base import utcnow  # noqa: E402
from app.recommend import data  # noqa: E402
from app.recommend.refresh import WINDOW_DAYS, _member_chunks, refresh_recommendations  # noqa: E402
from bench.seed import prepare  # noqa: E402


def _read_only(session, now) -> int:
    """The refresh's reads alone: every chunk's order items and product events."""
    skus = data.products(session).set_index("sku")["id"]
    since = now - timedelta(days=WINDOW_DAYS)
    rows = 0
    for ids in _member_chunks(session):
        rows += len(data.order_items(session, since, int(ids[0]), int(ids[-1])))
        rows += len(data.product_events(session, since, int(ids[0]), int(ids[-1]), skus))
    return rows


def _percentiles(client, urls, headers) -> tuple[float, float]:
    took = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        took.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code, response.get_data()[:200])
    return float(np.percentile(took, 50)) * 1000, float(np.percentile(took, 99)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--database-url", default="sqlite:////tmp/bench-recommend.db")
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    app = prepare(args.database_url, args.members)
    with app.app_context():
        now = utcnow()
        started = time.perf_counter()
        rows = _read_only(db.session, now)
        baseline = time.perf_counter() - started
        db.session.rollback()

        started, cpu = time.perf_counter(), time.process_time()
        done = refresh_recommendations(db.session, now)
        db.session.commit()
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"{db.engine.dialect.name}: {done.members} members, {rows} items and events read: "
            f"refresh {took:.1f}s ({done.members / took:,.0f} members/s); reads alone "
            f"{baseline:.1f}s; ratio {took / baseline:.2f}; {done.recommendations} rows stored; "
            f"CPU time {cpu:.1f}s ({cpu / done.members * 1e6:.0f} µs a member)"
        )
        for row in done.evaluation.itertuples(index=False):
            print(
                f"  {row.model:<12} precision@{row.k} {row.precision:.4f} "
                f"recall@{row.k} {row.recall:.4f} ({row.members} members)"
            )

        _, plain = issue_token("bench", ["members:read"])
        db.session.commit()
        headers = {"Authorization": f"Bearer {plain}"}
        top = db.session.scalar(text("SELECT max(id) FROM members"))
        rng = random.Random(7)
        members = [rng.randint(1, top) for _ in range(args.requests)]
    client = app.test_client()
    client.get(f"/api/members/{members[0]}/recommendations", headers=headers)  # warm up
    rec = _percentiles(client, [f"/api/members/{m}/recommendations" for m in members], headers)
    base = _percentiles(client, [f"/api/members/{m}" for m in members], headers)
    print(
        f"one-member API over {args.requests} requests: recommendations p50 {rec[0]:.1f} ms, "
        f"p99 {rec[1]:.1f} ms; member profile p50 {base[0]:.1f} ms, p99 {base[1]:.1f} ms; "
        f"p99 ratio {rec[1] / base[1]:.2f}"
    )


if __name__ == "__main__":
    main()
