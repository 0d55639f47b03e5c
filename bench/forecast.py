"""Benchmark: the forecast of a shipped journey over a demo base of 1,000,000 members.

    .venv/bin/python bench/seed.py --members 1000000 --database-url sqlite:////tmp/big.db
    .venv/bin/python bench/forecast.py --database-url sqlite:////tmp/big.db

Seeds the base (``bench/seed.py``) if it is empty, imports the examples as drafts with the
channels in the sandbox, and times ``--repeats`` forecasts of ``--journey`` (90 days, 20
draws; median), and in the same run the publish dialog's graph estimate of the same draft
(``app.engine.estimate.publish_estimate``: the audience query and the graph), with the ratio.
The machine's load (``/proc/loadavg``) is printed next to the figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from seed import prepare  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--journey", default="fashion-member-day")
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--draws", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    app = prepare(args.database_url, args.members)
    with app.app_context():
        from app.demo.channels import configure_sandbox_channels
        from app.demo.journeys import import_examples
        from app.engine.estimate import publish_estimate
        from app.engine.lifecycle import latest_draft
        from app.extensions import db
        from app.forecast.service import forecast_version
        from app.journeys.service import find_journey
        from app.models.base import utcnow

        configure_sandbox_channels(db.session)
        import_examples()
        db.session.commit()
        journey = find_journey(args.journey)
        draft = latest_draft(db.session, journey)
        now = utcnow()
        timings, baseline = [], []
        result = {}
        for seed in range(args.repeats):
            started = time.perf_counter()
            publish_estimate(db.session, draft, now)
            baseline.append(time.perf_counter() - started)
            db.session.rollback()
            started = time.perf_counter()
            result = forecast_version(db.session, draft, now, args.days, args.draws, seed)
            timings.append(time.perf_counter() - started)
            db.session.rollback()
        load = Path("/proc/loadavg").read_text().split()[:3]
        forecast_s, estimate_s = statistics.median(timings), statistics.median(baseline)
        print(
            f"{args.journey}: {result['members']['population']:,} may enter, "
            f"{result['members']['simulated_per_draw']:,} per draw × {args.draws} draws, "
            f"{args.days} days"
        )
        print(f"forecast median {forecast_s:.2f}s (runs: {', '.join(f'{t:.2f}' for t in timings)})")
        print(f"graph estimate median {estimate_s:.2f}s; ratio {forecast_s / estimate_s:.1f}×")
        print(f"entered: {result['nodes']['entry']['entered']}")
        print(f"load average {' '.join(load)}")


if __name__ == "__main__":
    main()
