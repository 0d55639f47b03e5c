"""Benchmark: import N generated member rows from CSV into a fresh migrated SQLite database.

    .venv/bin/python bench/ingest_csv.py [--rows 1000000] [--database-url URL]

Uses the same code path as ``flask --app wsgi import members FILE`` and prints rows/s.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CITIES = ("Shanghai", "Beijing", "Shenzhen", "Hangzhou", "Chengdu", "Wuhan")
TIERS = ("basic", "silver", "gold", "platinum", "diamond")
GENDERS = ("female", "male", "other", "unknown")


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


def main() -> None:
    """Generate, migrate, import, report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from app import create_app
    from app.ingestion.imports.cli import import_file

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "members.csv"
        started = time.perf_counter()
        write_members(csv_path, args.rows)
        print(f"generated {args.rows} rows in {time.perf_counter() - started:.1f}s")
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SCHEDULER_ENABLED": False})
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            report = import_file("members", str(csv_path), dry_run=False)
            elapsed = time.perf_counter() - started
        assert report.ok, report.errors[:5]
        print(
            f"imported {report.rows} rows (created {report.created}) in {elapsed:.1f}s: "
            f"{report.rows / elapsed:,.0f} rows/s"
        )


if __name__ == "__main__":
    main()
