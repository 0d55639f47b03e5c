"""The run aggregate: each member's place in a journey, the step log and conversions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, JsonDoc, UtcDateTime, utcnow

#: ``active``: due to step at ``due_at``; ``waiting``: held by a wait node until ``due_at``;
#: ``waiting_event``: held until an event or the timeout at ``due_at``; the rest are final.
#: ``held_out``: in the global control group, left at entry (app.control_group).
RUN_STATUSES = (
    "active", "waiting", "waiting_event", "exited", "completed", "parked", "held_out",
)  # fmt: skip
LIVE_STATUSES = ("active", "waiting", "waiting_event")


class JourneyMember(Base):
    """One member's pass through one journey (an entry instance), as a durable row."""

    __tablename__ = "journey_members"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("journey_versions.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    #: What made this entry: ``publish``, a cron cycle, an event id, an API call; with the
    #: journey and member it makes entering idempotent.
    entry_key: Mapped[str] = mapped_column(String(100))
    node_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="active")
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    step_no: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    #: ``[[node_id, branch], ...]`` in the order the member went.
    path: Mapped[list] = mapped_column(JsonDoc, default=list)
    is_test: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("journey_id", "member_id", "entry_key", name="uq_journey_members_entry"),
        # Finished runs have no due time and are left out: the index holds live runs only,
        # and a run that leaves only has its entry removed.
        Index(
            "ix_journey_members_due_at",
            "due_at",
            sqlite_where=text("due_at IS NOT NULL"),
            postgresql_where=text("due_at IS NOT NULL"),
        ),
        Index("ix_journey_members_journey_status", "journey_id", "status"),
        Index("ix_journey_members_member", "member_id"),
    )


class JourneyStep(Base):
    """The step log: one row per node a member passed, keyed so a retry cannot log twice.

    The log has no foreign keys: each row is written in the transaction that moves the run
    it names, with the run, journey, version and member taken from that run's row, and runs
    are never deleted; a key would check nothing and cost a lookup on each of millions of
    rows.
    """

    __tablename__ = "journey_steps"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    journey_member_id: Mapped[int] = mapped_column(BigId)
    step_no: Mapped[int] = mapped_column(Integer)
    journey_id: Mapped[int] = mapped_column(BigId)
    version_id: Mapped[int] = mapped_column(BigId)
    member_id: Mapped[int] = mapped_column(BigId)
    node_id: Mapped[str] = mapped_column(String(64))
    branch: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    detail: Mapped[dict | None] = mapped_column(JsonDoc)
    at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("journey_member_id", "step_no", name="uq_journey_steps_step"),
    )


class JourneyStepCount(Base):
    """How many steps real (not test) runs logged at a node, by outcome and branch.

    Kept up to date in the transactions that log the steps, so the live counters read a
    few rows per node instead of counting a step log of millions of rows, and the step log
    needs no index by journey and node. ``branch`` is ``''`` for steps without one.
    """

    __tablename__ = "journey_step_counts"

    journey_id: Mapped[int] = mapped_column(
        ForeignKey("journeys.id", ondelete="CASCADE"), primary_key=True
    )
    node_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16), primary_key=True)
    branch: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger)


class JourneySplitMember(Base):
    """A real member who left a split node by a branch, and when they first did.

    Written with the batch that logged the split step, so a report compares arms from a
    few rows per member who passed the split rather than from the step log.
    """

    __tablename__ = "journey_split_members"

    journey_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    node_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    branch: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_journey_split_members_member", "journey_id", "member_id"),
        # A member's arms in every journey, when their orders change.
        Index("ix_journey_split_members_member_id", "member_id"),
        # Rows are kept in key order, so an arm's members are counted without a lookup each.
        {"sqlite_with_rowid": False},
    )


class JourneyConversion(Base):
    """A goal reached by a member inside a journey, credited to the node they were at."""

    __tablename__ = "journey_conversions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    journey_member_id: Mapped[int] = mapped_column(
        ForeignKey("journey_members.id", ondelete="CASCADE"), unique=True
    )
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("journey_versions.id"))
    member_id: Mapped[int] = mapped_column(BigId)
    node_id: Mapped[str] = mapped_column(String(64))
    event_id: Mapped[int | None] = mapped_column(BigId)
    value: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_journey_conversions_journey", "journey_id"),)


class JourneyHeldEvent(Base):
    """An event that met an event entry of a journey while it was paused.

    Kept until the journey resumes, when the members enter as if the event had just come
    (the journey setting ``paused_events: drop`` keeps none); the entry key stays
    ``event:<event id>``, so holding never enters anyone twice.
    """

    __tablename__ = "journey_held_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    node_id: Mapped[str] = mapped_column(String(64))
    event_id: Mapped[int] = mapped_column(BigId)
    member_id: Mapped[int] = mapped_column(BigId)
    held_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("journey_id", "node_id", "event_id", name="uq_journey_held_events"),
    )


class JourneyExperiment(Base):
    """An experiment node's test window and, once decided, its winner and statistics."""

    __tablename__ = "journey_experiments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    node_id: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decide_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    winner: Mapped[str | None] = mapped_column(String(64))
    #: Per variant: members, conversions, rate, value; and the test's p-value.
    stats: Mapped[dict | None] = mapped_column(JsonDoc)

    __table_args__ = (
        UniqueConstraint("journey_id", "node_id", name="uq_journey_experiments_node"),
    )
