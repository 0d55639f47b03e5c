"""What handling a batch of events reads: the journeys now running or paused, and the runs of
the events' members, in two statements (a third only for a run of an older version).

Event posts handle their events inside the transaction that stores them, which on SQLite
holds the database's only write lock: every statement here is one every other writer waits
for. So the journeys come with their versions' documents as stored text (a compiled graph is
cached by it, nothing is decoded twice) and the runs in one query that serves goals, exit
criteria, wake-ups and the re-entry rules alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Text, and_, bindparam, case, cast, or_, select
from sqlalchemy.engine import Connection

from app.engine.graph import RunGraph, graph_from_text
from app.models.journeys import Journey, JourneyVersion
from app.models.runs import LIVE_STATUSES, JourneyMember

#: The longest goal window a journey may set (app.journeys.settings.Goal).
MAX_GOAL_DAYS = 365


@dataclass(slots=True)
class Run:
    """A run as event handling sees it; handling one effect updates it for the next."""

    id: int
    journey_id: int
    version_id: int
    member_id: int
    node_id: str
    step_no: int
    path: list | None
    entered_at: datetime
    is_test: bool
    status: str
    #: Live, or left recently enough for a goal window to be still open (see ``read_runs``).
    may_convert: bool


@dataclass(frozen=True, slots=True)
class LiveJourney:
    """A journey whose published version is running (or paused) now."""

    journey_id: int
    version_id: int
    graph: RunGraph


@dataclass
class Journeys:
    """The running and the paused journeys, and the compiled graph of every version read."""

    running: list[LiveJourney] = field(default_factory=list)
    paused: list[LiveJourney] = field(default_factory=list)
    graphs: dict[int, RunGraph] = field(default_factory=dict)


def _document_text():
    return cast(JourneyVersion.document, Text)


# The statements are built once: building and keying a statement costs more Python than
# running it, and an event post runs these inside the write lock.
_JOURNEYS = (
    select(Journey.id, Journey.status, JourneyVersion.id, JourneyVersion.checksum, _document_text())
    .join(JourneyVersion, JourneyVersion.journey_id == Journey.id)
    .where(Journey.status.in_(("published", "paused")), JourneyVersion.status == "published")
)
_VERSIONS = select(JourneyVersion.id, JourneyVersion.checksum, _document_text()).where(
    JourneyVersion.id.in_(bindparam("version_ids", expanding=True))
)


def read_journeys(connection: Connection) -> Journeys:
    """Every published or paused journey with its published version, compiled (one query)."""
    journeys = Journeys()
    for journey_id, status, version_id, checksum, text in connection.execute(_JOURNEYS):
        graph = graph_from_text(version_id, checksum, text)
        journeys.graphs[version_id] = graph
        live = LiveJourney(journey_id, version_id, graph)
        (journeys.running if status == "published" else journeys.paused).append(live)
    return journeys


def add_graphs(connection: Connection, journeys: Journeys, version_ids: set[int]) -> None:
    """Compile the versions not read yet (older versions that runs are still on)."""
    missing = version_ids - journeys.graphs.keys()
    if not missing:
        return
    for version_id, checksum, text in connection.execute(
        _VERSIONS, {"version_ids": sorted(missing)}
    ):
        journeys.graphs[version_id] = graph_from_text(version_id, checksum, text)


def needs_history(settings: dict) -> bool:
    """Whether a journey's re-entry rules can refuse a member for their earlier runs."""
    entry = (settings or {}).get("entry") or {}
    return (
        entry.get("reentry", "never") in ("never", "after_exit")
        or bool(entry.get("cooldown_days"))
        or bool(entry.get("max_entries_per_member"))
    )


def _runs_statement(with_history: bool):
    may_convert = or_(
        JourneyMember.status.in_(LIVE_STATUSES),
        and_(
            JourneyMember.status.in_(("exited", "completed")),
            JourneyMember.finished_at >= bindparam("since", type_=JourneyMember.finished_at.type),
        ),
    )
    wanted = may_convert
    if with_history:
        wanted = or_(
            may_convert,
            and_(
                JourneyMember.journey_id.in_(bindparam("history_of", expanding=True)),
                JourneyMember.is_test.is_(False),
            ),
        )
    return select(
        JourneyMember.id,
        JourneyMember.journey_id,
        JourneyMember.version_id,
        JourneyMember.member_id,
        JourneyMember.node_id,
        JourneyMember.step_no,
        JourneyMember.path,
        JourneyMember.entered_at,
        JourneyMember.is_test,
        JourneyMember.status,
        case((may_convert, 1), else_=0),
    ).where(JourneyMember.member_id.in_(bindparam("member_ids", expanding=True)), wanted)


_RUNS = {False: _runs_statement(False), True: _runs_statement(True)}


def read_runs(
    connection: Connection, member_ids: set[int], earliest: datetime, history_of: set[int]
) -> list[Run]:
    """The members' runs that the events may touch, in one query.

    Those that may convert: live ones, and those that left recently enough for a goal
    window (at most :data:`MAX_GOAL_DAYS` before the ``earliest`` event) to be still open;
    and every real run in the journeys of ``history_of``, for their re-entry rules.
    """
    parameters = {
        "member_ids": sorted(member_ids),
        "since": earliest - timedelta(days=MAX_GOAL_DAYS),
    }
    if history_of:
        parameters["history_of"] = sorted(history_of)
    rows = connection.execute(_RUNS[bool(history_of)], parameters)
    return [Run(*row[:-1], may_convert=bool(row[-1])) for row in rows]
