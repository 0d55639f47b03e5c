"""Two workers advance the same journey at once on PostgreSQL; no member is stepped twice."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.engine.ticker import tick
from app.extensions import db
from app.models import JourneyMember, JourneyStep, Member, PointsEntry
from tests.engine.factories import START, document, make_members, node, publish

MEMBERS = 4000


@pytest.mark.postgres
def test_two_workers_share_the_work_and_step_nobody_twice(app):
    member_ids = make_members(MEMBERS)
    version = publish(
        document(
            "shared",
            [
                node("start", "entry.api"),
                node("points", "action.points", points=10, reason="shared"),
                node("tag", "action.tag", tag="done"),
                node("end", "exit"),
            ],
            [("start", "points"), ("points", "tag"), ("tag", "end")],
        )
    )
    enter_members(db.session, version, "start", member_ids, "api:1", START)
    db.session.commit()
    clock = VirtualClock(START + timedelta(minutes=1))
    runs_by_worker: Counter = Counter()
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            with app.app_context():
                for report in tick(clock, batch_size=200, max_seconds=120):
                    runs_by_worker[name] += report.runs
        except BaseException as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)

    workers = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    db.session.rollback()

    assert errors == []
    assert sum(runs_by_worker.values()) == MEMBERS
    assert all(runs_by_worker[f"w{i}"] > 0 for i in range(2)), runs_by_worker
    assert set(db.session.scalars(select(JourneyMember.status))) == {"exited"}
    assert db.session.scalar(select(func.count()).select_from(JourneyStep)) == MEMBERS * 4
    assert db.session.scalar(select(func.count()).select_from(PointsEntry)) == MEMBERS
    assert set(db.session.scalars(select(Member.points_balance))) == {10}
