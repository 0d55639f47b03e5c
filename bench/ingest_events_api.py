"""Benchmark: post bulk event batches of 10,000 through the Flask test client.

    .venv/bin/python bench/ingest_events_api.py [--events 200000] [--members 10000]

Builds a fresh migrated SQLite database in a temp dir (or uses ``--database-url``), stores
the members, then times ``POST /api/events/bulk`` and prints events/s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BATCH = 10_000
TYPES = ("login", "page_view", "cart_add", "order_paid")


def main() -> None:
    """Migrate, create members, post event batches, report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from app import create_app
    from app.auth.tokens import issue_token
    from app.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SCHEDULER_ENABLED": False})
        with app.app_context():
            upgrade()
            _, secret = issue_token("bench", ["members:write", "events:write"])
            db.session.commit()
        headers = {"Authorization": f"Bearer {secret}"}
        client = app.test_client()
        for start in range(0, args.members, BATCH):
            records = [
                {"external_id": f"M{i}"} for i in range(start, min(start + BATCH, args.members))
            ]
            assert (
                client.post(
                    "/api/members/bulk", json={"records": records}, headers=headers
                ).status_code
                == 200
            )

        batches = []
        for start in range(0, args.events, BATCH):
            batches.append(
                {
                    "records": [
                        {
                            "external_id": f"E{i}",
                            "member_external_id": f"M{i % args.members}",
                            "type": TYPES[i % len(TYPES)],
                            "occurred_at": "2024-05-01T09:30:00+08:00",
                            "properties": {"page": f"/p/{i % 50}"},
                        }
                        for i in range(start, min(start + BATCH, args.events))
                    ]
                }
            )
        started = time.perf_counter()
        stored = 0
        for batch in batches:
            response = client.post("/api/events/bulk", json=batch, headers=headers)
            assert response.status_code == 200, response.get_json()
            stored += response.get_json()["created"]
        elapsed = time.perf_counter() - started
        print(f"stored {stored} events in {elapsed:.1f}s: {stored / elapsed:,.0f} events/s")


if __name__ == "__main__":
    main()
