"""Reading the next batch ahead (SQLite): used when nobody else wrote, never when someone did."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, update

from app.engine import hooks
from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.engine.ticker import tick
from app.extensions import db
from app.models import JourneyMember, JourneyStep
from tests.engine.factories import START, document, make_members, node, publish

KEYSET = "(jm.due_at, jm.id) >"


def _twelve_waiting() -> list[int]:
    """Twelve runs held at a one-day wait, due together at ``START`` + 1 day."""
    member_ids = make_members(12)
    version = publish(
        document(
            "ahead",
            [
                node("start", "entry.api"),
                node("wait", "wait.duration", days=1),
                node("done", "exit"),
            ],
            [("start", "wait"), ("wait", "done")],
        )
    )
    enter_members(db.session, version, "start", member_ids, "api:1", START)
    db.session.commit()
    assert [r.runs for r in tick(VirtualClock(START), batch_size=5)] == [5, 5, 2]
    return list(db.session.scalars(select(JourneyMember.id).order_by(JourneyMember.id)))


@pytest.fixture
def claim_reads():
    """Counts the claim queries: ``plain`` ones and ``ahead`` (after a given run)."""
    counts = {"plain": 0, "ahead": 0}

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("SELECT jm.id, jm.journey_id"):
            counts["ahead" if KEYSET in statement else "plain"] += 1

    event.listen(db.engine, "before_cursor_execute", count)
    yield counts
    event.remove(db.engine, "before_cursor_execute", count)


def _steps_per_run() -> dict[int, int]:
    rows = db.session.execute(
        select(JourneyStep.journey_member_id, func.count()).group_by(JourneyStep.journey_member_id)
    )
    return dict(rows.all())


def test_a_mass_expiry_reads_each_next_batch_while_the_last_one_works(app, claim_reads):
    run_ids = _twelve_waiting()
    claim_reads.update(plain=0, ahead=0)

    reports = tick(VirtualClock(START + timedelta(days=1)), batch_size=5)
    db.session.rollback()

    assert [r.runs for r in reports] == [5, 5, 2]
    if db.engine.dialect.name == "sqlite":
        # The first batch claims; the next two take what their predecessor read ahead.
        assert claim_reads == {"plain": 1, "ahead": 2}
    else:
        assert claim_reads == {"plain": 3, "ahead": 0}
    # Entry and hold before, wait passed and exit now: four steps each, none twice.
    assert _steps_per_run() == dict.fromkeys(run_ids, 4)
    assert set(db.session.scalars(select(JourneyMember.status))) == {"exited"}


def test_a_write_by_anyone_else_between_batches_makes_the_next_batch_claim_afresh(app, claim_reads):
    run_ids = _twelve_waiting()
    # The first of the runs the first batch reads ahead for the second.
    gone = run_ids[5]
    claim_reads.update(plain=0, ahead=0)

    def leave_after_first_batch(report):
        # Between two batches, another connection takes a run out that the second batch
        # would have read ahead (as a goal reached with "exit on goal" would).
        hooks.remove_listener(leave_after_first_batch)
        with db.engine.begin() as connection:
            connection.execute(
                update(JourneyMember)
                .where(JourneyMember.id == gone)
                .values(status="exited", due_at=None, finished_at=START)
            )

    hooks.on_batch_processed(leave_after_first_batch)
    try:
        reports = tick(VirtualClock(START + timedelta(days=1)), batch_size=5)
    finally:
        hooks.remove_listener(leave_after_first_batch)
    db.session.rollback()

    assert [r.runs for r in reports] == [5, 5, 1]
    if db.engine.dialect.name == "sqlite":
        # The second batch saw the other write and claimed; it then read the third ahead.
        assert claim_reads == {"plain": 2, "ahead": 2}
    steps = _steps_per_run()
    assert steps.pop(gone) == 2
    assert steps == {run: 4 for run in run_ids if run != gone}
    run = db.session.get(JourneyMember, gone)
    assert (run.status, run.path) == ("exited", [["start", "next"]])
