"""Entering journeys: members are placed on an entry node as new runs, set-based.

Entering is idempotent: a run is unique per (journey, member, entry key), and the entry key
names what caused it (the publish, a cron cycle, an event, an API call), so a retry of the
same cause never enters a member twice. Re-entry rules of the journey's settings apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, exists, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.database import insert_ignoring_duplicates
from app.models.journeys import Journey, JourneyVersion
from app.models.members import Member
from app.models.runs import LIVE_STATUSES, JourneyMember
from app.reports.entry_days import count_entries

CHUNK = 5000


def reentry_filter(journey_id: int, settings: dict, now: datetime):
    """Conditions on ``Member.id`` that keep out members the re-entry rules refuse."""
    entry = (settings or {}).get("entry") or {}
    reentry = entry.get("reentry", "never")
    earlier = select(JourneyMember.id).where(
        JourneyMember.journey_id == journey_id,
        JourneyMember.member_id == Member.id,
        JourneyMember.is_test.is_(False),
    )
    conditions = []
    if reentry == "never":
        conditions.append(~exists(earlier))
    elif reentry == "after_exit":
        conditions.append(~exists(earlier.where(JourneyMember.status.in_(LIVE_STATUSES))))
    if reentry != "never" and entry.get("cooldown_days"):
        since = now - timedelta(days=entry["cooldown_days"])
        conditions.append(~exists(earlier.where(JourneyMember.entered_at > since)))
    if reentry != "never" and entry.get("max_entries_per_member"):
        count = (
            select(func.count(JourneyMember.id))
            .where(
                JourneyMember.journey_id == journey_id,
                JourneyMember.member_id == Member.id,
                JourneyMember.is_test.is_(False),
            )
            .scalar_subquery()
        )
        conditions.append(count < entry["max_entries_per_member"])
    return and_(True, *conditions)


def enter_from_select(
    session: Session,
    version: JourneyVersion,
    entry_node_id: str,
    members: Select,
    entry_key: str,
    now: datetime,
    due_at: datetime | None = None,
    is_test: bool = False,
) -> int:
    """Enter every member id ``members`` selects, in one INSERT ... SELECT. Returns the count.

    ``members`` must select ``Member.id`` (it may join or filter anything).
    """
    journey_id = version.journey_id
    settings = version.document.get("settings", {})
    candidates = members.subquery()
    source = select(
        literal(journey_id),
        literal(version.id),
        Member.id,
        literal(entry_key),
        literal(entry_node_id),
        literal("active"),
        literal(due_at or now, JourneyMember.due_at.type),
        literal(0),
        literal(0),
        literal([], JourneyMember.path.type),
        literal(is_test),
        literal(now, JourneyMember.entered_at.type),
        literal(now, JourneyMember.updated_at.type),
    ).where(Member.id.in_(select(candidates.c[0])))
    if not is_test:
        source = source.where(reentry_filter(journey_id, settings, now))
    columns = [
        "journey_id",
        "version_id",
        "member_id",
        "entry_key",
        "node_id",
        "status",
        "due_at",
        "step_no",
        "attempts",
        "path",
        "is_test",
        "entered_at",
        "updated_at",
    ]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(JourneyMember)
        .from_select(columns, source)
        .on_conflict_do_nothing(index_elements=["journey_id", "member_id", "entry_key"])
        .returning(JourneyMember.id)
    )
    entered = len(session.execute(statement).all())
    if not is_test:
        count_entries(session, journey_id, now, entered)
    return entered


def enter_members(
    session: Session,
    version: JourneyVersion,
    entry_node_id: str,
    member_ids: Iterable[int],
    entry_key: str,
    now: datetime,
    is_test: bool = False,
) -> int:
    """Enter the given members (API enrolment, events, test mode), in chunks."""
    ids = sorted(set(member_ids))
    entered = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        entered += enter_from_select(
            session,
            version,
            entry_node_id,
            select(Member.id).where(Member.id.in_(chunk)),
            entry_key,
            now,
            is_test=is_test,
        )
    return entered


def live_version(session: Session, journey: Journey) -> JourneyVersion | None:
    """The published version new members enter."""
    return session.scalar(
        select(JourneyVersion).where(
            JourneyVersion.journey_id == journey.id, JourneyVersion.status == "published"
        )
    )


def _allowed(settings: dict, history: list[tuple[str, datetime]], now: datetime) -> bool:
    """Whether the re-entry rules let a member with these earlier runs enter again."""
    if not history:
        return True
    entry = (settings or {}).get("entry") or {}
    reentry = entry.get("reentry", "never")
    if reentry == "never":
        return False
    if reentry == "after_exit" and any(status in LIVE_STATUSES for status, _ in history):
        return False
    cooldown = entry.get("cooldown_days")
    if cooldown and any(entered > now - timedelta(days=cooldown) for _, entered in history):
        return False
    limit = entry.get("max_entries_per_member")
    return not (limit and len(history) >= limit)


def enter_rows(
    session: Session,
    version: JourneyVersion,
    entry_node_id: str,
    rows: list[tuple[int, str]],
    now: datetime,
) -> int:
    """Enter ``(member_id, entry_key)`` pairs, e.g. one per matching event, in one insert.

    The re-entry rules are checked against each member's earlier runs (one query) and the
    entries this call has made already, in order: under ``always`` each matching event is its
    own entry; under ``never``, ``after_exit`` or a cooldown the first one wins.
    """
    if not rows:
        return 0
    member_ids = {member_id for member_id, _ in rows}
    history: dict[int, list] = {}
    for member_id, status, entered_at in session.execute(
        select(JourneyMember.member_id, JourneyMember.status, JourneyMember.entered_at).where(
            JourneyMember.journey_id == version.journey_id,
            JourneyMember.member_id.in_(member_ids),
            JourneyMember.is_test.is_(False),
        )
    ):
        history.setdefault(member_id, []).append((status, entered_at))
    settings = version.document.get("settings", {})
    chosen = choose_entries(settings, history, rows, now)
    values = entry_values(version.journey_id, version.id, entry_node_id, chosen, now)
    if not values:
        return 0
    insert_ignoring_duplicates(
        session, JourneyMember, values, ["journey_id", "member_id", "entry_key"]
    )
    return len(values)


def choose_entries(
    settings: dict,
    history: dict[int, list[tuple[str, datetime]]],
    rows: list[tuple[int, str]],
    now: datetime,
) -> list[tuple[int, str]]:
    """The ``(member_id, entry_key)`` pairs the re-entry rules let in, in order.

    ``history`` holds each member's earlier ``(status, entered_at)`` in the journey (real
    runs); each pair let in is added to it, so it counts for the member's next pairs.
    """
    chosen: list[tuple[int, str]] = []
    keys_taken: set[tuple[int, str]] = set()
    for member_id, entry_key in rows:
        if (member_id, entry_key) in keys_taken:
            continue
        earlier = history.setdefault(member_id, [])
        if _allowed(settings, earlier, now):
            chosen.append((member_id, entry_key))
            keys_taken.add((member_id, entry_key))
            earlier.append(("active", now))  # this entry counts for the member's next rows
    return chosen


def entry_values(
    journey_id: int,
    version_id: int,
    entry_node_id: str,
    chosen: list[tuple[int, str]],
    now: datetime,
) -> list[dict]:
    """The ``journey_members`` rows of new runs on an entry node, due at once."""
    return [
        {
            "journey_id": journey_id,
            "version_id": version_id,
            "member_id": member_id,
            "entry_key": entry_key,
            "node_id": entry_node_id,
            "status": "active",
            "due_at": now,
            "step_no": 0,
            "attempts": 0,
            "path": [],
            "is_test": False,
            "entered_at": now,
            "updated_at": now,
        }
        for member_id, entry_key in chosen
    ]
