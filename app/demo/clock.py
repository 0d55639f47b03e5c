"""Time arithmetic for the demo generator: epoch seconds in numpy, local calendar days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

DAY = 86_400
HOME_TZ = ZoneInfo("Asia/Shanghai")


def epoch(moment: datetime) -> int:
    """Whole seconds since 1970 for an aware datetime."""
    return int(moment.astimezone(UTC).timestamp())


def local_today(now: datetime) -> date:
    """Today's date in Asia/Shanghai, where most members live."""
    return now.astimezone(HOME_TZ).date()


def local_midnight(day: date) -> int:
    """Epoch seconds of midnight starting ``day`` in Asia/Shanghai."""
    return epoch(datetime(day.year, day.month, day.day, tzinfo=HOME_TZ))


def days_ago_local(now: datetime, days: int) -> date:
    """The Asia/Shanghai calendar date ``days`` before today."""
    return local_today(now) - timedelta(days=days)


def iso_strings(seconds: np.ndarray, aware: bool) -> list[str | None]:
    """Format epoch seconds as the timestamp text the database stores; negative means null.

    SQLite keeps naive UTC text in SQLAlchemy's layout (``YYYY-MM-DD HH:MM:SS.ffffff``), so
    string comparisons made by queries agree with it; PostgreSQL gets an explicit offset.
    """
    seconds = np.asarray(seconds, dtype=np.int64)
    text = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")
    text = np.char.add(np.char.replace(text, "T", " "), ".000000+00:00" if aware else ".000000")
    out = text.astype(object)
    out[seconds < 0] = None
    return out.tolist()


def date_parts(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Month and day of month for ``datetime64[D]`` values."""
    months = days.astype("datetime64[M]")
    month = (months - days.astype("datetime64[Y]")).astype(int) + 1
    day = (days - months).astype(int) + 1
    return month, day
