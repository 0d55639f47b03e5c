"""Benchmark: RFM refresh over a generated base (1,000,000 members, 10,000,000 orders).

.venv/bin/python bench/rfm.py --db /tmp/bench.db --reuse     # database from audience_preview.py
.venv/bin/python bench/rfm.py --members 100000 --orders 1000000

Times the aggregate alone, then a refresh, the same refresh again (nothing changes, so
nothing is written) and with ``--next-day`` one as of a day later, as the nightly job runs.
The first refresh of a database whose members were never scored writes every member.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from audience_preview import NOW, generate, open_app  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db",
        default="/tmp/loyalty_bench.db",
        help="a SQLite file, or a PostgreSQL URL (postgresql://...)",
    )
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--orders", type=int, default=10_000_000)
    parser.add_argument("--window-days", type=int, default=365)
    parser.add_argument("--reuse", action="store_true", help="use the existing database at --db")
    parser.add_argument(
        "--next-day", action="store_true", help="also refresh as of a day later (a nightly run)"
    )
    args = parser.parse_args()
    if not args.reuse:
        generate(args.db, args.members, args.orders)
    from app.audiences.rfm.facts import order_facts
    from app.audiences.rfm.refresh import refresh_rfm
    from app.audiences.rfm.summary import rfm_summary
    from app.extensions import db

    with open_app(args.db).app_context():
        t = time.perf_counter()
        facts = order_facts(db.session, NOW, args.window_days)
        print(
            f"aggregate orders per member (SQL into numpy): {len(facts):,} rows in {time.perf_counter() - t:.2f}s"
        )
        db.session.rollback()
        runs = [("refresh", NOW), ("again, nothing changed", NOW)]
        runs += [("a day later", NOW + timedelta(days=1))] if args.next_day else []
        for label, moment in runs:
            t = time.perf_counter()
            result = refresh_rfm(db.session, moment, args.window_days)
            print(
                f"RFM {label}: {result['scored']:,} members scored, {result['changed']:,} rows "
                f"written in {time.perf_counter() - t:.2f}s (total)"
            )
        t = time.perf_counter()
        summary = rfm_summary(db.session, args.window_days)
        print(f"RFM view: {time.perf_counter() - t:.2f}s")
        for s in summary["segments"]:
            print(
                f"  {s['segment']:<20} {s['members']:>9,}  {s['member_share']:>6.1%} of members  {s['revenue_share']:>6.1%} of revenue"
            )


if __name__ == "__main__":
    main()
