"""A migrated database with a demo population, for benchmarks to share.

    .venv/bin/python bench/seed.py --members 1000000 --database-url sqlite:////tmp/big.db

Migrates the database and seeds ``--members`` demo members (seed 42) unless it has members
already, printing how long seeding took. Other benchmarks import :func:`prepare`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.config import normalise_database_url  # noqa: E402
from app.demo.seed import existing_members, seed  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models.base import utcnow  # noqa: E402


def prepare(url: str, members: int, seed_value: int = 42) -> Flask:
    """The app on ``url``, migrated, and seeded with ``members`` members if it has none."""
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": normalise_database_url(url), "SCHEDULER_ENABLED": False}
    )
    with app.app_context():
        upgrade()
        if existing_members(db.engine) == 0:
            started = time.perf_counter()
            result = seed(db.engine, members, seed_value, utcnow())
            print(
                f"seeded {result.members} members, {result.orders} orders "
                f"({result.order_items} items), {result.events} events, {result.tags} tags "
                f"in {time.perf_counter() - started:.1f}s"
            )
        db.session.remove()
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    prepare(args.database_url, args.members)


if __name__ == "__main__":
    main()
