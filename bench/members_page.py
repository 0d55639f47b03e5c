"""Benchmark the member list and profile routes on a large demo population.

Seeds ``--members`` (default 1,000,000) demo members into a fresh, migrated SQLite database
in a temporary directory, or reuses the database at ``--database-url`` (seeding it only if
it has no members), then signs in and times, through the Flask test client, the first page
of ``GET /api/members``, a page deep in the list via a cursor, searches, and a profile.
Prints the median milliseconds of ``--runs`` runs after one warm-up run each.

    .venv/bin/python bench/members_page.py
    .venv/bin/python bench/members_page.py --database-url sqlite:////tmp/big.db

``--code DIR`` runs the same requests against the app in ``DIR`` (an export of an earlier
commit, ``git archive REV | tar -x -C DIR``), for a baseline measured in the same sitting.
``--search-only`` times only the searches.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
if "--code" in sys.argv:
    ROOT = Path(sys.argv[sys.argv.index("--code") + 1]).resolve()
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "bench"))

from seed import prepare as seeded_database  # noqa: E402
from sqlalchemy import select  # noqa: E402

from app.auth.cli import ensure_user  # noqa: E402
from app.extensions import db  # noqa: E402
from app.members.cursors import encode  # noqa: E402
from app.models import Member  # noqa: E402

PASSWORD = "benchmark password"


def prepare(url: str, members: int):
    """The app on ``url``, migrated and seeded, with the benchmark's viewer user."""
    app = seeded_database(url, members)
    with app.app_context():
        ensure_user("bench@example.com", "viewer", PASSWORD)
    return app


def signed_in_client(app):
    client = app.test_client()
    client.get("/api/auth/session")
    token = client.get_cookie("csrf_token").value
    response = client.post(
        "/api/auth/login",
        json={"email": "bench@example.com", "password": PASSWORD},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200, response.get_json()
    return client


def median_ms(client, url: str, runs: int) -> tuple[float, float, dict]:
    """Median wall-clock and CPU milliseconds of ``runs`` requests, and the last body.

    CPU time (this process, which includes SQLite's work) is shown as well because it
    barely moves when other processes compete for the machine, while wall time does.
    """
    client.get(url)  # warm-up
    wall, cpu, body = [], [], None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.get_json())
        body = response.get_json()
    return statistics.median(wall), statistics.median(cpu), body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="Reuse this database instead of a fresh one.")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--code", help="Run against the app in this directory instead.")
    parser.add_argument("--search-only", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        app = prepare(url, args.members)
        client = signed_in_client(app)
        with app.app_context():
            count = db.session.scalar(select(db.func.max(Member.id)))
            champion = db.session.scalar(
                select(Member.id).where(Member.rfm_segment == "champions").limit(1)
            )
            db.session.remove()
        cases = {
            "first page": "/api/members",
            "later page (cursor at the middle)": f"/api/members?after={encode(count // 2)}",
            "name prefix 王 (broad)": "/api/members?q=王",
            "name prefix 王伟 (narrow)": "/api/members?q=王伟",
            "phone prefix 1380000": "/api/members?q=1380000",
            "phone prefix 1380 (thousands)": "/api/members?q=1380",
            "email prefix wei.zhang1": "/api/members?q=wei.zhang1",
            "tier=diamond": "/api/members?tier=diamond",
        }
        if champion is not None:
            cases[f"profile of champion {champion}"] = f"/api/members/{champion}"
        searches = {
            "1 char 王 (broad)": "王",
            "1 char 7 (broad)": "7",
            "1 char 龘 (nobody)": "龘",
            "2 chars 小明 (given name)": "小明",
            "2 chars 王伟": "王伟",
            "2 chars 芳王 (nobody)": "芳王",
            "2 chars 鑫龘 (nobody)": "鑫龘",
            "2 chars zq (nobody)": "zq",
            "2 chars 78 (broad)": "78",
            "3+ gmail": "gmail",
            "3+ 5678 (phone suffix)": "5678",
            "3+ xiaoming": "xiaoming",
        }
        if args.search_only:
            cases = {}
        for label, q in searches.items():
            cases[f"search {label}"] = f"/api/members?q={quote(q)}"
        print(f"{url}: {count} members, code in {ROOT}, median of {args.runs} runs")
        print(f"load before: {_load()}")
        for label, path in cases.items():
            ms, cpu_ms, body = median_ms(client, path, args.runs)
            shown = len(body.get("members", body.get("orders", [])))
            print(
                f"  {label:<36} {ms:7.1f} ms wall {cpu_ms:7.1f} ms cpu"
                f"  ({shown} rows, total={body.get('total')})"
            )
        print(f"load after: {_load()}")


def _load() -> str:
    return Path("/proc/loadavg").read_text().strip()


if __name__ == "__main__":
    main()
