"""Benchmark: audience preview over a generated base (1,000,000 members, 10,000,000 orders).

    .venv/bin/python bench/audience_preview.py --db /tmp/bench.db            # generate + time
    .venv/bin/python bench/audience_preview.py --db /tmp/bench.db --reuse    # time only
    .venv/bin/python bench/audience_preview.py --members 100000 --orders 1000000
    .venv/bin/python bench/audience_preview.py --db postgresql://postgres@127.0.0.1/bench

The database is a fresh SQLite file (or a PostgreSQL database, emptied first) built by the
real migrations and filled with numpy arrays through the driver directly (executemany on
SQLite, COPY on PostgreSQL, the same rows for the same seed); denormalised order facts are
computed from the orders. Each preview is timed best of ``--repeats``.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NOW = datetime(2025, 6, 15, 12, 0, tzinfo=UTC)
EPOCH_NOW = int(NOW.timestamp())
CITIES = np.array(["Shanghai", "Beijing", "Hangzhou", "Shenzhen", "Chengdu", "Wuhan"])
TIERS = np.array(["basic", "silver", "gold", "platinum", "diamond"])

TREES = {
    "gold+ buyers in Shanghai": {
        "all": [
            {
                "kind": "profile",
                "field": "tier",
                "op": "in",
                "value": ["gold", "platinum", "diamond"],
            },
            {"kind": "profile", "field": "city", "op": "eq", "value": "Shanghai"},
            {"kind": "order_count", "window_days": None, "op": "gte", "value": 3},
        ]
    },
    "dormant 90 days, spent 500+": {
        "all": [
            {"kind": "days_since_last_order", "op": "gte", "value": 90},
            {"kind": "total_spend", "window_days": None, "op": "gte", "value": 500},
        ]
    },
    "registered 30-60 days ago, no first order": {
        "all": [{"kind": "registered_days_ago", "min": 30, "max": 60}, {"kind": "no_first_order"}]
    },
    "2+ orders in last 30 days (windowed, orders table)": {
        "kind": "order_count",
        "window_days": 30,
        "op": "gte",
        "value": 2,
    },
    "everyone": {"all": []},
}


def _ts(seconds: np.ndarray) -> list[str]:
    """SQLite's stored form of UTC timestamps (as SQLAlchemy writes them)."""
    text = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="us")
    return np.char.replace(text, "T", " ").astype(object)


def _url(target: str) -> str:
    """A database URL for ``target``: a URL (normalised as the app does), else a SQLite path."""
    from app.config import normalise_database_url

    return normalise_database_url(target) if "://" in target else f"sqlite:///{target}"


def generate(target: str, members: int, orders: int, seed: int = 1) -> None:
    """Create a migrated database at ``target`` (a SQLite path or a PostgreSQL URL) and fill it."""
    url = _url(target)
    postgres = url.startswith("postgresql")
    if not postgres and os.path.exists(target):
        os.remove(target)
    from flask_migrate import upgrade
    from sqlalchemy import text

    from app import create_app
    from app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SCHEDULER_ENABLED": False})
    with app.app_context():
        if postgres:
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    member_of = np.sort(rng.integers(1, members + 1, orders))
    paid = EPOCH_NOW - rng.integers(0, 730 * 86400, orders)
    amount = np.round(rng.gamma(2.0, 60.0, orders) + 5, 2)
    counts = np.bincount(member_of, minlength=members + 1)[1:]
    totals = np.round(np.bincount(member_of, weights=amount, minlength=members + 1)[1:], 2)
    first = np.full(members + 1, np.iinfo(np.int64).max)
    last = np.zeros(members + 1, dtype=np.int64)
    np.minimum.at(first, member_of, paid)
    np.maximum.at(last, member_of, paid)
    first, last = first[1:], last[1:]
    registered = EPOCH_NOW - rng.integers(0, 1000 * 86400, members)
    ids = np.arange(1, members + 1)
    reg_s, first_s, last_s = _ts(registered), _ts(first), _ts(last)
    city, tier = CITIES[rng.integers(0, len(CITIES), members)], TIERS[rng.integers(0, 5, members)]
    points = rng.integers(0, 10000, members)
    rows = (
        (
            int(i),
            f"m{i}",
            str(city[k]),
            str(tier[k]),
            int(points[k]),
            reg_s[k],
            first_s[k] if counts[k] else None,
            last_s[k] if counts[k] else None,
            int(counts[k]),
            float(totals[k]),
        )
        for k, i in enumerate(ids)
    )
    paid_s = _ts(paid)
    # Every generated order is paid in full: its net amount (what spend means) is its amount.
    order_rows = (
        (k + 1, f"o{k + 1}", int(member_of[k]), float(amount[k]), float(amount[k]), paid_s[k])
        for k in range(orders)
    )
    if postgres:
        _copy_postgres(url, rows, order_rows)
    else:
        _insert_sqlite(target, rows, order_rows)
    print(f"members: {members:,}, orders: {orders:,} in {time.perf_counter() - t0:.1f}s")


def _insert_sqlite(path: str, rows, order_rows) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.executemany(
        "INSERT INTO members (id, external_id, gender, city, tier, points_balance, registered_at, timezone, "
        "attributes, consent_email, consent_sms, consent_push, first_order_at, last_order_at, orders_count, "
        "total_spent, created_at, updated_at) VALUES (?, ?, 'unknown', ?, ?, ?, ?, 'Asia/Shanghai', '{}', 1, 1, 0, "
        "?, ?, ?, ?, '2025-01-01 00:00:00.000000', '2025-01-01 00:00:00.000000')",
        rows,
    )
    conn.commit()
    conn.executemany(
        "INSERT INTO orders (id, external_id, member_id, amount, net_amount, discount, paid_at, "
        "channel, created_at) VALUES (?, ?, ?, ?, ?, 0, ?, 'online', '2025-01-01 00:00:00.000000')",
        order_rows,
    )
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


#: Columns every generated row shares, loaded by COPY as temporary column defaults.
_CONSTANTS = {
    "members": {
        "gender": "'unknown'",
        "timezone": "'Asia/Shanghai'",
        "attributes": "'{}'",
        "consent_email": "true",
        "consent_sms": "true",
        "consent_push": "false",
        "created_at": "'2025-01-01 00:00:00+00'",
        "updated_at": "'2025-01-01 00:00:00+00'",
    },
    "orders": {"discount": "0", "channel": "'online'", "created_at": "'2025-01-01 00:00:00+00'"},
}


def _copy_postgres(url: str, rows, order_rows) -> None:
    """The same rows into PostgreSQL with COPY (timestamps are UTC, as on SQLite)."""
    import psycopg
    from sqlalchemy import make_url

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    loads = (
        (
            "members",
            "id, external_id, city, tier, points_balance, registered_at, first_order_at, "
            "last_order_at, orders_count, total_spent",
            rows,
        ),
        ("orders", "id, external_id, member_id, amount, net_amount, paid_at", order_rows),
    )
    with psycopg.connect(dsn) as conn:
        with conn.cursor() as cur:
            cur.execute("SET TIME ZONE 'UTC'")
            for table, columns, data in loads:
                constants = _CONSTANTS[table]
                cur.execute(
                    f"ALTER TABLE {table} "
                    + ", ".join(f"ALTER COLUMN {c} SET DEFAULT {v}" for c, v in constants.items())
                )
                with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in data:
                        copy.write_row(row)
                cur.execute(
                    f"ALTER TABLE {table} "
                    + ", ".join(f"ALTER COLUMN {c} DROP DEFAULT" for c in constants)
                )
            for table in ("members", "orders"):
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
                )
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE members")
        conn.execute("VACUUM ANALYZE orders")


def open_app(target: str):
    """The app on ``target``, brought to the newest migration (a reused database may be older)."""
    from flask_migrate import upgrade

    from app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": _url(target), "SCHEDULER_ENABLED": False})
    with app.app_context():
        upgrade()
    return app


def time_previews(target: str, repeats: int = 1) -> None:
    """Print the best-of-``repeats`` preview time for each tree."""
    from app.audiences.preview import preview
    from app.extensions import db

    app = open_app(target)
    with app.app_context():
        for name, tree in TREES.items():
            best, result = float("inf"), None
            for _ in range(repeats):
                t = time.perf_counter()
                result = preview(db.session, tree, NOW)
                best = min(best, time.perf_counter() - t)
            ov = result["order_value"]
            print(
                f"preview {name!r}: size {result['size']:,}, avg {ov['avg']}, median {ov['median']}  {best:.2f}s"
            )


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
    parser.add_argument("--reuse", action="store_true", help="use the existing database at --db")
    parser.add_argument("--repeats", type=int, default=1, help="time each preview best of N")
    args = parser.parse_args()
    if not args.reuse:
        generate(args.db, args.members, args.orders)
    time_previews(args.db, args.repeats)


if __name__ == "__main__":
    main()
