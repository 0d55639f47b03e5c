"""Benchmark: the nightly refresh of every member's best send time on a demo population.

    .venv/bin/python bench/send_time.py --members 100000 --database-url sqlite:////tmp/st.db
    .venv/bin/python bench/send_time.py --members 100000 --database-url postgresql://…/bench

Seeds the demo population (orders, events) once through :func:`bench.seed.prepare`, then
times :func:`app.send_time.refresh.refresh_send_times` over all members (best of
``--repeats``), committing each run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text  # noqa: E402

from app.extensions import db  # noqa: E402
from app.models import MemberSendTime  # noqa: E402
from app.models.base import utcnow  # noqa: E402
from app.send_time.refresh import refresh_send_times  # noqa: E402
from bench.seed import prepare  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--database-url", default="sqlite:////tmp/bench-send-time.db")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    app = prepare(args.database_url, args.members)
    with app.app_context():
        responses = db.session.scalar(text("SELECT count(*) FROM orders")) + db.session.scalar(
            text("SELECT count(*) FROM events WHERE type IN ('login', 'page_view', 'cart_add')")
        )
        best = None
        for _ in range(args.repeats):
            started = time.perf_counter()
            stored = refresh_send_times(db.session, utcnow())
            db.session.commit()
            took = time.perf_counter() - started
            best = took if best is None else min(best, took)
        rows = db.session.scalar(select(func.count()).select_from(MemberSendTime))
        print(
            f"{db.engine.dialect.name}: {stored} members, {responses} orders and visits: "
            f"refresh best of {args.repeats} {best:.1f}s ({stored / best:,.0f} members/s); "
            f"{rows} rows stored"
        )


if __name__ == "__main__":
    main()
