"""Engine throughput on SQLite with a virtual clock, against raw sqlite3.executemany.

N members go through entry.audience -> split.condition -> action.coupon ->
action.send (in-app) -> wait.duration -> exit. The figure is member-steps per second of the
engine (every node a member passes, or is held at, is one step); in the same run it measures
how fast ``sqlite3.executemany`` writes the same number of rows to the same kind of
database, and prints the ratio. Then it lets the waits of all members expire at one moment
and measures how late each member is advanced: the time from that moment to the commit of
the batch that moved them on (p99 and median lateness). The expiry is played ``--expiries``
times (the members are held at the wait again in between) and the median p99 is printed
too, as one play varies by a quarter on a busy machine.

The engine runs beside the app's scheduled WAL checkpoint, as it does in the app.

The raw rate is taken as the median of ``--raw-runs`` runs, half before the engine runs and
half after, so a passing slowdown of the machine weighs on both sides of the ratio alike.

    .venv/bin/python bench/engine.py --members 100000
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select, update  # noqa: E402

from app import create_app, sqlite_wal  # noqa: E402
from app.engine import hooks, lifecycle  # noqa: E402
from app.engine.clock import VirtualClock  # noqa: E402
from app.engine.ticker import BATCH_SIZE, tick  # noqa: E402
from app.extensions import db  # noqa: E402
from app.journeys.schema import JourneyDocument, canonical, checksum  # noqa: E402
from app.models import (  # noqa: E402
    Audience,
    ChannelConfig,
    CouponTemplate,
    Journey,
    JourneyMember,
    JourneyStep,
    Member,
    MessageTemplate,
)

START = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)


def journey_document() -> dict:
    nodes = [
        ("enter", "entry.audience", {"audience": "everyone", "schedule": "once"}),
        ("new", "split.condition", {"rules": {"kind": "no_first_order"}}),
        ("coupon", "action.coupon", {"coupon_template": "welcome"}),
        ("inbox", "action.send", {"channel": "inapp", "template": "welcome-inapp"}),
        ("wait", "wait.duration", {"days": 3}),
        ("done", "exit", {}),
        ("skip", "exit", {}),
    ]
    edges = [
        ("enter", "new", "next"),
        ("new", "coupon", "yes"),
        ("new", "skip", "no"),
        ("coupon", "inbox", "granted"),
        ("coupon", "skip", "out_of_stock"),
        ("inbox", "wait", "next"),
        ("wait", "done", "next"),
    ]
    return canonical(
        JourneyDocument.model_validate(
            {
                "schema_version": 1,
                "key": "bench",
                "name": "bench",
                "nodes": [{"id": i, "type": t, "config": c} for i, t, c in nodes],
                "edges": [
                    {"id": f"e{n}", "source": s, "target": t, "branch": b}
                    for n, (s, t, b) in enumerate(edges)
                ],
            }
        )
    )


def seed(members: int) -> None:
    rows = [
        {
            "external_id": f"b{i}",
            "name": f"Member {i}",
            "registered_at": START - timedelta(days=1),
            "timezone": "Asia/Shanghai",
            "attributes": {},
        }
        for i in range(members)
    ]
    for start in range(0, members, 50_000):
        db.session.execute(insert(Member), rows[start : start + 50_000])
    db.session.add(Audience(key="everyone", name="Everyone", rules={"kind": "no_first_order"}))
    db.session.add(
        CouponTemplate(
            key="welcome",
            name="Welcome",
            kind="amount_off",
            terms={"threshold": 100, "amount": 20},
            validity={"days_after_grant": 7},
            stock_total=None,
            per_member_limit=1,
            channels=["online", "pos"],
        )
    )
    db.session.add(
        MessageTemplate(
            key="welcome-inapp",
            name="Welcome",
            channel="inapp",
            subject="Hi",
            body="Hello {{ member.name }}",
        )
    )
    db.session.add(ChannelConfig(channel="inapp", enabled=True, settings={}))
    doc = journey_document()
    journey = Journey(key="bench", name="bench", status="draft")
    db.session.add(journey)
    db.session.flush()
    from app.models import JourneyVersion

    db.session.add(
        JourneyVersion(
            journey_id=journey.id, number=1, status="draft", document=doc, checksum=checksum(doc)
        )
    )
    db.session.commit()


def raw_executemany_rate(path: str, rows: int) -> float:
    """Rows/s of plain sqlite3.executemany into a table shaped like the step log."""
    conn = sqlite3.connect(path)
    # The same kind of database as the app's: its page size, WAL and sync settings.
    cursor = conn.cursor()
    sqlite_wal.connection_pragmas(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    conn.execute(
        "CREATE TABLE raw_steps (id INTEGER PRIMARY KEY, run_id INTEGER, step_no INTEGER, "
        "journey_id INTEGER, version_id INTEGER, member_id INTEGER, node_id TEXT, branch TEXT, "
        "outcome TEXT, detail TEXT, at TEXT, UNIQUE (run_id, step_no))"
    )
    data = [
        (i, 1, 1, 1, i, "node", "next", "passed", None, "2026-06-01 01:00:00") for i in range(rows)
    ]
    started = time.perf_counter()
    for start in range(0, rows, 1000):
        conn.executemany(
            "INSERT INTO raw_steps (run_id, step_no, journey_id, version_id, member_id, node_id, "
            "branch, outcome, detail, at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            data[start : start + 1000],
        )
        conn.commit()
    elapsed = time.perf_counter() - started
    conn.close()
    return rows / elapsed


@contextmanager
def checkpointing() -> Iterator[None]:
    """The app's scheduled WAL checkpoint, beside the engine, as the scheduler runs it."""
    stop = threading.Event()
    engine = db.engine

    def loop() -> None:
        while not stop.wait(sqlite_wal.CHECKPOINT_SECONDS):
            sqlite_wal.checkpoint(engine)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run_until_idle(clock, batch_size: int) -> tuple[int, float]:
    steps, started = 0, time.perf_counter()
    while True:
        reports = tick(clock, batch_size=batch_size, max_seconds=3600)
        if not reports:
            break
        steps += sum(r.member_steps for r in reports)
    return steps, time.perf_counter() - started


def expire_at_once(clock, batch_size: int) -> tuple[int, float, list[float]]:
    """Let every held member's wait end at one moment and advance them all.

    Returns the member-steps, the seconds taken and each member's lateness: the time from
    that moment to the commit of the batch that moved them on.
    """
    clock.set(db.session.scalar(select(func.max(JourneyMember.due_at))))
    db.session.rollback()
    # Days pass while the members wait: the scheduled checkpoint has long caught up.
    sqlite_wal.checkpoint(db.engine)
    committed: list[tuple[float, int]] = []
    listener = hooks.on_batch_processed(
        lambda report: committed.append((time.perf_counter(), report.runs))
    )
    started = time.perf_counter()
    steps = 0
    while True:
        reports = tick(clock, batch_size=batch_size, max_seconds=3600)
        if not reports:
            break
        steps += sum(r.member_steps for r in reports)
    seconds = time.perf_counter() - started
    hooks.remove_listener(listener)
    return steps, seconds, [at - started for at, runs in committed for _ in range(runs)]


def hold_again(clock) -> None:
    """Put every member back at the wait, due a day later, to replay the mass expiry."""
    due = clock.now() + timedelta(days=1)
    db.session.execute(
        update(JourneyMember).values(node_id="wait", status="waiting", due_at=due, finished_at=None)
    )
    db.session.commit()


def p99(late: list[float]) -> float:
    ordered = sorted(late)
    return ordered[max(int(len(ordered) * 0.99) - 1, 0)] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--raw-runs", type=int, default=4)
    parser.add_argument(
        "--expiries",
        type=int,
        default=3,
        help="times the mass expiry is played (the members held at the wait again between)",
    )
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="lc-bench-")
    db_path = os.path.join(workdir, "engine.db")
    # The engine writes 7 steps per member who gets a coupon; the raw runs write as many rows.
    raw_rows = 7 * args.members
    before = args.raw_runs // 2
    raws = [
        raw_executemany_rate(os.path.join(workdir, f"raw{i}.db"), raw_rows) for i in range(before)
    ]
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "SCHEDULER_ENABLED": False}
    )
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        seed(args.members)
        with checkpointing():
            journey = db.session.scalar(select(Journey))
            started = time.perf_counter()
            _, entered = lifecycle.publish(db.session, journey, clock.now())
            db.session.commit()
            enter_seconds = time.perf_counter() - started
            print(f"entered {entered} members in {enter_seconds:.2f} s")

            steps, seconds = run_until_idle(clock, args.batch_size)
            print(f"first pass: {steps} member-steps in {seconds:.2f} s")
            # Every member's wait ends at the same moment: the first time counts in the
            # ratio; the replays only measure lateness again.
            second_steps, second_seconds, late = expire_at_once(clock, args.batch_size)
            rounds = [late]
            replayed = 0
            for _ in range(args.expiries - 1):
                hold_again(clock)
                more, _, late = expire_at_once(clock, args.batch_size)
                replayed += more
                rounds.append(late)
            total_steps = steps + second_steps
            total_seconds = seconds + second_seconds
        db.session.rollback()
        logged = db.session.scalar(select(func.count()).select_from(JourneyStep))
        exited = db.session.scalar(select(func.count()).where(JourneyMember.status == "exited"))
        assert logged == total_steps + replayed, (logged, total_steps, replayed)
        assert exited == args.members, exited

    rate = total_steps / total_seconds
    raws += [
        raw_executemany_rate(os.path.join(workdir, f"raw{i}.db"), total_steps)
        for i in range(before, args.raw_runs)
    ]
    raw = statistics.median(raws)
    shutil.rmtree(workdir, ignore_errors=True)
    print(f"members: {args.members}  batch size: {args.batch_size}")
    print(
        f"engine: {total_steps} member-steps in {total_seconds:.2f} s = {rate:,.0f} member-steps/s"
    )
    print(
        f"raw sqlite3.executemany: {raw:,.0f} rows/s (median of "
        f"{', '.join(f'{r:,.0f}' for r in raws)})"
    )
    for n, late in enumerate(rounds, 1):
        print(
            f"wait expiry {n}: {len(late)} members due at one moment, p99 lateness "
            f"{p99(late):.2f} s, median {statistics.median(late) if late else 0:.2f} s"
        )
    print(f"p99 lateness: {statistics.median(p99(late) for late in rounds):.2f} s (median)")
    print(f"ratio: {rate / raw:.3f}")


if __name__ == "__main__":
    main()
