"""Benchmark: the member dashboard over a generated base (1,000,000 members, 10,000,000
orders over two years), on SQLite or PostgreSQL.

    .venv/bin/python bench/dashboard.py --members 100000 --orders 1000000
    .venv/bin/python bench/dashboard.py --db postgresql://postgres@127.0.0.1:5432/bench_dashboard
    .venv/bin/python bench/dashboard.py --db /tmp/loyalty_bench.db --reuse

Members and orders come from ``audience_preview.generate``. Timed, with the clock at the
base's "now": the first read of the default 30-day dashboard on empty aggregates (it builds
the 120 days it and its previous period read, the split by registration channel included;
the members get channels app / store / web / none by id first), the same read again (median of ``--repeats``;
nothing to build), a read more than 2 minutes later (today built again, its snapshot taken),
the build of all 731 days from scratch (what a first nightly
run or ``flask --app wsgi dashboard build`` does), then a warm read of a 365-day period.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from audience_preview import NOW, generate, open_app  # noqa: E402


def timed(fn) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def run(target: str, repeats: int, skip_full: bool = False) -> None:
    from sqlalchemy import delete

    from app.dashboard.periods import parse_period
    from app.dashboard.refresh import _TABLES, build_days
    from app.dashboard.service import dashboard
    from app.dashboard.source_days import source_metrics
    from app.engine.clock import VirtualClock
    from app.extensions import db
    from app.models import DashboardSnapshot

    app = open_app(target)
    clock = app.extensions["clock"] = VirtualClock(NOW)
    with app.app_context():
        _give_channels(db.session)
        for table in (*_TABLES, DashboardSnapshot):
            db.session.execute(delete(table))
        db.session.commit()

        def read(args: dict) -> dict:
            body = dashboard(db.session, parse_period(args, NOW.date()), clock.now())
            db.session.commit()
            return body

        cold, body = timed(lambda: read({}))
        m = body["metrics"]
        print(
            f"first read, 30 days (builds 120 days): {cold:.2f}s  "
            f"active_30 {m['active_30']['value']:,}, active_90 {m['active_90']['value']:,}, "
            f"paid orders {m['paid_orders']['value']:,}"
        )
        warm = [timed(lambda: read({}))[0] for _ in range(repeats)]
        print(f"read again, 30 days: median {statistics.median(warm):.2f}s of {repeats}")
        stale = []
        for _ in range(repeats):
            clock.advance(minutes=3)  # today is built again, and its snapshot taken
            stale.append(timed(lambda: read({}))[0])
        print(f"read, 30 days, today built again: median {statistics.median(stale):.2f}s")
        period = parse_period({}, NOW.date())
        split = [
            timed(lambda: [source_metrics(db.session, p) for p in (period, period.previous())])[0]
            for _ in range(repeats)
        ]
        print(f"  of which the source split, both periods: median {statistics.median(split):.2f}s")
        today = [
            timed(
                lambda: (build_days(db.session, NOW.date(), NOW.date(), NOW), db.session.commit())
            )[0]
            for _ in range(repeats)
        ]
        print(f"  building today, every aggregate: median {statistics.median(today):.2f}s")
        if skip_full:
            return
        start = NOW.date() - timedelta(days=730)
        full, _ = timed(
            lambda: (build_days(db.session, start, NOW.date(), NOW), db.session.commit())
        )
        print(f"build 731 days from scratch: {full:.1f}s")
        year = {"from": str(NOW.date() - timedelta(days=364)), "to": str(NOW.date())}
        long = [timed(lambda: read(year))[0] for _ in range(repeats)]
        print(f"read, 365 days: median {statistics.median(long):.2f}s of {repeats}")


def _give_channels(session) -> None:
    """Registration channels for the split (the generated base has none): app, store, web
    and none, by member id."""
    from sqlalchemy import text

    if session.execute(
        text("SELECT 1 FROM members WHERE registration_channel IS NOT NULL LIMIT 1")
    ).first():
        return
    t, _ = timed(
        lambda: session.execute(
            text(
                "UPDATE members SET registration_channel = CASE id % 4 WHEN 0 THEN 'app' "
                "WHEN 1 THEN 'store' WHEN 2 THEN 'web' END"
            )
        )
    )
    session.commit()
    print(f"registration channels set on the members: {t:.1f}s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default="/tmp/loyalty_bench_dashboard.db")
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--orders", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="time an existing base")
    parser.add_argument("--reads-only", action="store_true", help="skip the 731-day build")
    args = parser.parse_args()
    if not args.reuse:
        generate(args.db, args.members, args.orders)
    run(args.db, args.repeats, args.reads_only)


if __name__ == "__main__":
    main()
