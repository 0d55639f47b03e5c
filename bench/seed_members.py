"""A migrated database with demo members only (no orders, events or tags), for the member
list and search benchmarks: the demo's names, emails, phones and member ids, much faster to
build than the full demo population of :mod:`bench.seed`.

    .venv/bin/python bench/seed_members.py --members 1000000 --database-url sqlite:////tmp/m.db

Migrates the database and, unless it has members already, writes ``--members`` members in
chunks through the same bulk writer as the demo seed (so the search index triggers run for
every row), printing how long it took.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402

from app import create_app  # noqa: E402
from app.config import normalise_database_url  # noqa: E402
from app.demo import activity, population  # noqa: E402
from app.demo.clock import iso_strings  # noqa: E402
from app.demo.seed import CHUNK, existing_members  # noqa: E402
from app.demo.writer import BulkWriter  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models.base import utcnow  # noqa: E402

TIERS = np.array(["basic", "silver", "gold", "platinum", "diamond"])


def write_members(engine, members: int, seed_value: int = 42) -> None:
    now = utcnow()
    for chunk_no, start in enumerate(range(1, members + 1, CHUNK)):
        rng = np.random.default_rng([seed_value, chunk_no])
        ordinals = np.arange(start, min(start + CHUNK, members + 1), dtype=np.int64)
        with engine.begin() as conn:
            writer = BulkWriter(conn)
            m = population.build_members(rng, start, ordinals, now)
            n = len(m.ids)
            stamp = iso_strings(np.full(n, int(now.timestamp())), writer.aware_timestamps)
            writer.write(
                "members",
                {
                    "id": m.ids.tolist(),
                    "external_id": activity.external_ids(m.ordinals).tolist(),
                    "name": m.name.tolist(),
                    "email": m.email.tolist(),
                    "phone": m.phone.tolist(),
                    "gender": m.gender.tolist(),
                    "city": m.city.tolist(),
                    "birthday": np.datetime_as_string(m.birthday).tolist(),
                    "birthday_mmdd": population.birthday_mmdd(m.birthday).tolist(),
                    "registered_at": iso_strings(m.registered_at, writer.aware_timestamps),
                    "timezone": m.timezone.tolist(),
                    "tier": TIERS[rng.integers(0, len(TIERS), n)].tolist(),
                    "points_balance": [0] * n,
                    "attributes": ["{}"] * n,
                    "consent_email": [False] * n,
                    "consent_sms": [False] * n,
                    "consent_push": [False] * n,
                    "orders_count": [0] * n,
                    "total_spent": [0] * n,
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('members', 'id'), "
                    "coalesce((SELECT max(id) FROM members), 0) + 1, false)"
                )
            )
        else:
            conn.execute(text("ANALYZE"))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE members"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": normalise_database_url(args.database_url),
            "SCHEDULER_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        if existing_members(db.engine) == 0:
            started = time.perf_counter()
            write_members(db.engine, args.members)
            print(f"wrote {args.members} members in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
