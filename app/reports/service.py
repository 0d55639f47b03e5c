"""Build a journey's effect report: check the parameters, load the frames, assemble."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.attribution.windows import MAX_WINDOW_DAYS, window_of
from app.engine.counters import node_counters
from app.engine.split_passes import SPLIT_TYPES
from app.errors import ApiError, pydantic_errors, validation_error
from app.experiments.panel import experiment_panels
from app.models import Journey, JourneyVersion
from app.reports import effect, frames
from app.reports.arms import arm_totals, kept_arm_totals
from app.reports.by_source import source_block
from app.reports.coupon_days import coupon_groups
from app.reports.credit_days import credit_days
from app.reports.cross_sell import cross_sell_block
from app.reports.days import whole_days
from app.reports.lift import holdout_lift
from app.reports.message_days import message_days


class PeriodQuery(BaseModel):
    """A report's optional period."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    since: date | datetime | None = Field(
        default=None, alias="from", description="First day (or moment) counted, UTC"
    )
    until: date | datetime | None = Field(
        default=None, alias="to", description="Last day counted (a moment: up to it), UTC"
    )

    @model_validator(mode="after")
    def _ordered(self):
        if self.since and self.until and _start(self.since) >= _end(self.until):
            raise ValueError("'from' must be before 'to'")
        return self

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The period as UTC moments: from the start of ``from`` to the end of ``to``."""
        return (
            _start(self.since) if self.since else None,
            _end(self.until) if self.until else None,
        )


class ReportQuery(PeriodQuery):
    """A journey report's optional period and attribution window."""

    window_days: int | None = Field(
        default=None,
        ge=1,
        le=MAX_WINDOW_DAYS,
        description="Attribution window in days; the journey's own when left out",
    )


def _start(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time.min, UTC)


def _end(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time.max, UTC)


def parse_query(args: dict, model: type[PeriodQuery] = ReportQuery) -> PeriodQuery:
    """The query parameters checked, or a 400 naming each wrong one."""
    try:
        return model.model_validate(args)
    except ValidationError as exc:
        named = {"since": "from", "until": "to", "(body)": "from"}
        errors, seen = [], set()
        for error in pydantic_errors(exc):
            # A date-or-time field reports each form it tried; one line per field will do.
            field = error["field"].split(".")[0]
            field = named.get(field, field)
            if field not in seen:
                seen.add(field)
                errors.append(error | {"field": field})
        raise validation_error(errors) from None


def find_journey(session: Session, key: str) -> Journey:
    journey = session.scalar(select(Journey).where(Journey.key == key))
    if journey is None:
        raise ApiError(404, "not_found", f"No journey with the key '{key}'.")
    return journey


def _document(session: Session, journey: Journey) -> dict:
    """The latest published version's document, else the latest draft's."""
    versions = session.execute(
        select(JourneyVersion.document, JourneyVersion.published_at)
        .where(JourneyVersion.journey_id == journey.id)
        .order_by(JourneyVersion.number.desc())
    ).all()
    for document, published_at in versions:
        if published_at is not None:
            return document
    return versions[0][0] if versions else {"nodes": [], "settings": {}}


def credited_orders(
    session: Session,
    journey_id: int,
    window: int,
    own_window: int,
    since: datetime | None,
    until: datetime | None,
) -> pd.DataFrame:
    """The orders credited to the journey in the period: as stored under its own window,
    recomputed under another."""
    if window == own_window:
        return frames.credited_orders(session, journey_id, since, until)
    return frames.credited_under_window(session, journey_id, window, since, until)


def source_report(session: Session, journey: Journey, query: ReportQuery) -> dict:
    """The member-side figures split by the members' registration channel
    (``GET /api/journeys/<key>/report/by-source``): a report of its own, since it reads
    every credited order and entrant where the journey report reads kept sums."""
    own_window = window_of(_document(session, journey))
    window = query.window_days or own_window
    since, until = query.bounds()
    credited = credited_orders(session, journey.id, window, own_window, since, until)
    return {
        "journey": {"key": journey.key, "window_days": window},
        "by_source": source_block(session, journey.id, credited, since, until),
    }


def journey_report(session: Session, journey: Journey, query: ReportQuery) -> dict:
    """The whole report of one journey (``docs/attribution.md`` defines its figures)."""
    document = _document(session, journey)
    own_window = window_of(document)
    window = query.window_days or own_window
    since, until = query.bounds()
    j = journey.id
    if window == own_window and since is None and until is None:
        member, by_node, by_day = _kept_credits(session, j)
        credited = None
    else:
        credited = credited_orders(session, j, window, own_window, since, until)
        member = effect.member_block(credited)
        by_node, by_day = effect.paid_by(credited, "node_id"), effect.paid_by(credited, "day")
    coupon_counts, coupon_sales = coupon_groups(session, j, since, until)
    days = whole_days(since, until)
    if days is None:
        messages = frames.message_groups(session, j, since, until)
    else:
        messages = message_days(session, j, days, since, until)

    coupons = effect.coupon_block(coupon_counts, coupon_sales)
    channels = effect.channel_block(messages, member["paid_amount"], member["coupon_discount"])
    nodes = document.get("nodes") or []
    labels = {n["id"]: n.get("label") or n["id"] for n in nodes}
    arms, holdout = _arms(session, j, window, labels, nodes)
    return {
        "journey": {
            "key": journey.key,
            "name": journey.name,
            "status": journey.status,
            "window_days": window,
            "from": since.isoformat() if since else None,
            "to": until.isoformat() if until else None,
        },
        "member": member,
        "coupons": coupons,
        "channels": channels,
        "nodes": effect.node_block(nodes, node_counters(session, j), by_node, messages),
        "arms": arms,
        "experiments": experiment_panels(session, j, nodes),
        "holdout": holdout,
        "cross_sell": cross_sell_block(session, j, nodes, credited),
        "daily": effect.daily_block(
            by_day, frames.entries_per_day(session, j, since, until), messages, coupon_counts
        ),
    }


def _kept_credits(session: Session, journey_id: int):
    """The member block and the purchases per node and per day, from the kept rows
    (``app.reports.credit_days``): the journey's own window over all time."""
    kept = credit_days(session, journey_id)
    everything = kept[(kept["node_id"] == "") & (kept["day"] == "")]
    member = effect.member_figures(everything.iloc[0].to_dict() if len(everything) else {})
    paid = kept[kept["paid_orders"] != 0]
    by_node = paid[(paid["node_id"] != "") & (paid["day"] == "")].set_index("node_id")
    by_day = paid[(paid["node_id"] == "") & (paid["day"] != "")].set_index("day")
    return member, by_node[effect.PAID_FIGURES], by_day[effect.PAID_FIGURES]


def _arms(session, journey_id, window, labels, nodes) -> tuple[list, list]:
    splits = [n["id"] for n in nodes if n["type"] in SPLIT_TYPES]
    if not splits:
        return [], []
    arms = kept_arm_totals(session, journey_id, splits, window)
    if arms is None:
        arms = arm_totals(session, journey_id, splits, window)
    holdouts = [
        holdout_lift(arms[arms["node_id"] == n["id"]], n["id"], labels[n["id"]])
        for n in nodes
        if n["type"] == "split.random"
        and (n.get("config") or {}).get("holdout_percent")
        and (arms["node_id"] == n["id"]).any()
    ]
    return effect.arm_block(arms, labels), holdouts
