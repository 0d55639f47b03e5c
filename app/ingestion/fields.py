"""Field types shared by the ingestion schemas: timestamps, dates, time zones, money."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Annotated
from zoneinfo import available_timezones

from pydantic import AfterValidator, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from app.models.base import utcnow

#: Timestamps later than this ahead of the server clock are refused as implausible.
MAX_FUTURE = timedelta(days=1)
EARLIEST_YEAR = 1900
EXAMPLE_TIMESTAMP = "2024-05-01T09:30:00+08:00"


def parse_timestamp(value: object) -> datetime:
    """An ISO 8601 string with a timezone, as an aware UTC datetime; refuse anything else."""
    if not isinstance(value, str):
        raise PydanticCustomError(
            "timestamp_type",
            "must be an ISO 8601 string with a timezone, e.g. {example}",
            {"example": EXAMPLE_TIMESTAMP},
        )
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError(
            "timestamp_format",
            "'{value}' is not an ISO 8601 timestamp, e.g. {example}",
            {"value": value[:40], "example": EXAMPLE_TIMESTAMP},
        ) from None
    if parsed.tzinfo is None:
        raise PydanticCustomError(
            "timestamp_naive",
            "'{value}' has no timezone; add Z or an offset such as +08:00",
            {"value": value[:40]},
        )
    parsed = parsed.astimezone(UTC)
    if parsed > utcnow() + MAX_FUTURE:
        raise PydanticCustomError(
            "timestamp_future", "'{value}' is in the future", {"value": value[:40]}
        )
    if parsed.year < EARLIEST_YEAR:
        raise PydanticCustomError(
            "timestamp_past", "'{value}' is before {year}", {"value": value[:40], "year": 1900}
        )
    return parsed


def parse_birthday(value: object) -> date:
    """A calendar date ``YYYY-MM-DD`` between 1900 and today."""
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "must be a date string such as 1990-05-17")
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError(
            "date_format", "'{value}' is not a date such as 1990-05-17", {"value": value[:40]}
        ) from None
    if parsed.year < EARLIEST_YEAR or parsed > utcnow().date():
        raise PydanticCustomError(
            "date_range", "'{value}' is not a plausible birthday", {"value": value[:40]}
        )
    return parsed


@cache
def timezone_names() -> frozenset[str]:
    """Every IANA time zone name this server knows."""
    return frozenset(available_timezones())


def check_timezone(value: str) -> str:
    """Refuse names that are not IANA time zones (``Asia/Shanghai``, ``Europe/Berlin``)."""
    if value not in timezone_names():
        raise PydanticCustomError(
            "timezone", "'{value}' is not an IANA time zone such as Asia/Shanghai", {"value": value}
        )
    return value


Timestamp = Annotated[
    datetime,
    PlainValidator(parse_timestamp),
    WithJsonSchema({"type": "string", "format": "date-time", "example": EXAMPLE_TIMESTAMP}),
]
Birthday = Annotated[
    date, PlainValidator(parse_birthday), WithJsonSchema({"type": "string", "format": "date"})
]
TimezoneName = Annotated[str, Field(max_length=64), AfterValidator(check_timezone)]
ExternalId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"\S")]
Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
