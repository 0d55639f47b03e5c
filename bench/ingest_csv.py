"""Benchmark: import N generated rows from CSV into a fresh migrated database.

    .venv/bin/python bench/ingest_csv.py [--kind members|orders|events] [--rows 1000000]
        [--database-url URL] [--runs N] [--reimport] [--profile FILE] [--sample]

Uses the same code path as ``flask --app wsgi import KIND FILE`` (progress bar included) and
prints rows/s, the CPU seconds and the load average beside each figure: the machine is
shared, so compare CPU seconds when the load is high. Orders and events need members: a
members file of ``--rows / 5`` rows is imported first, untimed. Each run starts from an empty
database: a fresh SQLite file, or the given database with its members (and everything that
hangs off them) deleted. ``--reimport`` also times importing the same file again (every
row unchanged). ``--profile FILE`` runs the imports under cProfile and prints the top
functions; ``--sample`` prints a pyinstrument profile of the first run (``pip install
pyinstrument``), which does not slow the per-row work the way cProfile does.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CITIES = ("Shanghai", "Beijing", "Shenzhen", "Hangzhou", "Chengdu", "Wuhan")
TIERS = ("basic", "silver", "gold", "platinum", "diamond")
GENDERS = ("female", "male", "other", "unknown")
CHANNELS = ("online", "pos", "mini_program")
EVENT_TYPES = ("login", "page_view", "cart_add", "custom")


def write_members(path: Path, rows: int) -> None:
    """Write ``rows`` plausible members to a CSV file."""
    rng = random.Random(7)
    header = [
        "external_id", "name", "email", "phone", "gender", "city", "birthday",
        "registered_at", "timezone", "tier", "points_balance", "consent_email", "consent_sms",
        "consent_push",
    ]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        for i in range(rows):
            out.writerow(
                [
                    f"M{i:08d}", f"Member {i}", f"m{i}@example.com", f"138{i:08d}",
                    GENDERS[i % 4], CITIES[i % 6],
                    f"{1960 + i % 45}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:15:00+08:00",
                    "Asia/Shanghai", TIERS[i % 5], rng.randint(0, 50_000),
                    "true", "false" if i % 3 else "true", "1",
                ]
            )  # fmt: skip


def write_orders(path: Path, rows: int, members: int) -> None:
    """Write ``rows`` orders of the first ``members`` generated members."""
    rng = random.Random(11)
    header = ["external_id", "member_external_id", "amount", "discount", "paid_at", "channel"]
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        for i in range(rows):
            amount = rng.randint(1_000, 99_999)
            out.writerow(
                [
                    f"O{i:09d}", f"M{rng.randrange(members):08d}",
                    f"{amount // 100}.{amount % 100:02d}", "5" if i % 4 == 0 else "",
                    f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
                    CHANNELS[i % 3],
                ]
            )  # fmt: skip


def write_events(path: Path, rows: int, members: int) -> None:
    """Write ``rows`` events of the first ``members`` generated members."""
    rng = random.Random(13)
    header = ["external_id", "member_external_id", "type", "name", "occurred_at", "properties"]
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        for i in range(rows):
            kind = EVENT_TYPES[i % 4]
            out.writerow(
                [
                    f"E{i:09d}", f"M{rng.randrange(members):08d}", kind,
                    "quiz_done" if kind == "custom" else "",
                    f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
                    f'{{"page": "/p/{i % 500}"}}' if kind == "page_view" else "",
                ]
            )  # fmt: skip


def _empty() -> None:
    """Delete every member and everything that hangs off them."""
    from sqlalchemy import delete, text

    from app.extensions import db
    from app.models import Event, Member, MemberTag, Order, OrderItem

    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("TRUNCATE members RESTART IDENTITY CASCADE"))
    else:
        for model in (OrderItem, Order, Event, MemberTag, Member):
            db.session.execute(delete(model))
    db.session.commit()


def _timed(kind: str, csv_path: Path, profiler: cProfile.Profile | None, sample: bool = False):
    from app.ingestion.imports.cli import import_file

    sampler = None
    if sample:
        from pyinstrument import Profiler

        sampler = Profiler(interval=0.005)
        sampler.start()
    started = time.perf_counter()
    cpu = time.process_time()
    if profiler is not None:
        profiler.enable()
    report = import_file(kind, str(csv_path), dry_run=False)
    if profiler is not None:
        profiler.disable()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    if sampler is not None:
        sampler.stop()
        print(sampler.output_text(show_all=False, color=False))
    assert report.ok, report.errors[:5]
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"imported {report.rows} {kind} (created {report.created}, updated {report.updated}, "
        f"unchanged {report.unchanged}) in {elapsed:.1f}s ({cpu:.1f}s CPU): "
        f"{report.rows / elapsed:,.0f} rows/s (load average {load})"
    )
    return elapsed


def main() -> None:
    """Generate, migrate, import, report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kind", choices=("members", "orders", "events"), default="members")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--database-url",
        help="default: a fresh SQLite file in a temp dir; a given database's members are "
        "deleted before each run",
    )
    parser.add_argument("--runs", type=int, default=1, help="imports into an empty database")
    parser.add_argument(
        "--reimport", action="store_true", help="also time importing the same file again"
    )
    parser.add_argument("--profile", metavar="FILE", help="write cProfile stats to FILE")
    parser.add_argument(
        "--sample", action="store_true", help="print a pyinstrument profile of the first run"
    )
    args = parser.parse_args()

    from flask_migrate import upgrade

    from app import create_app
    from app.config import normalise_database_url
    from app.extensions import db
    from app.ingestion.imports.cli import import_file

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        members_path = Path(tmp) / "members.csv"
        members = args.rows if args.kind == "members" else max(args.rows // 5, 1)
        write_members(members_path, members)
        csv_path = members_path
        if args.kind != "members":
            csv_path = Path(tmp) / f"{args.kind}.csv"
            writer = write_orders if args.kind == "orders" else write_events
            writer(csv_path, args.rows, members)
        print(f"generated {args.rows} {args.kind} in {time.perf_counter() - started:.1f}s")
        profiler = cProfile.Profile() if args.profile else None
        for run in range(args.runs):
            url = normalise_database_url(args.database_url or f"sqlite:///{tmp}/bench{run}.db")
            app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SCHEDULER_ENABLED": False})
            with app.app_context():
                upgrade()
                if args.database_url:
                    _empty()
                if args.kind != "members":
                    assert import_file("members", str(members_path), False, progress=False).ok
                _timed(args.kind, csv_path, profiler, args.sample and run == 0)
                if args.reimport:
                    _timed(args.kind, csv_path, None)
                db.engine.dispose()
        if profiler is not None:
            profiler.dump_stats(args.profile)
            pstats.Stats(args.profile).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
