"""The dashboard's period: whole UTC days ``from``..``to``, and the previous period of equal
length that ends the day before ``from``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.errors import validation_error

#: The longest period the dashboard compares.
MAX_PERIOD_DAYS = 366
#: The default period: the last 30 days, today included.
DEFAULT_DAYS = 30
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def to_json(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "days": self.days}


def _day(args: dict, field: str, errors: list[dict]) -> date | None:
    raw = args.get(field)
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        errors.append({"field": field, "message": "must be a date YYYY-MM-DD"})
        return None


def parse_period(args: dict, today: date) -> Period:
    """``from`` and ``to`` checked, or a 400 naming each wrong one. ``to`` defaults to
    today, ``from`` to 30 days before ``to``."""
    errors = [
        {"field": name, "message": "unknown parameter"}
        for name in sorted(args)
        if name not in ("from", "to")
    ]
    start, end = _day(args, "from", errors), _day(args, "to", errors)
    if end and end > today:
        errors.append({"field": "to", "message": f"must not be after today ({today})"})
    if start and start < EARLIEST:
        errors.append({"field": "from", "message": f"must not be before {EARLIEST}"})
    if errors:
        raise validation_error(errors)
    end = end or today
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise validation_error([{"field": "from", "message": "must not be after 'to'"}])
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise validation_error(
            [{"field": "from", "message": f"the period is at most {MAX_PERIOD_DAYS} days"}]
        )
    return Period(start, end)
