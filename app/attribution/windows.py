"""Each journey's attribution window, from its published settings."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import JourneyVersion

#: The default and the largest window a journey may set (app.journeys.settings).
DEFAULT_WINDOW_DAYS = 7
MAX_WINDOW_DAYS = 90


def window_of(document: dict | None) -> int:
    """The attribution window of a journey document, in days."""
    settings = (document or {}).get("settings") or {}
    return int(settings.get("attribution_window_days") or DEFAULT_WINDOW_DAYS)


def windows_of(session: Session, journey_ids: Iterable) -> dict[int, int]:
    """Days per journey id, from each journey's latest published version."""
    ids = [int(i) for i in journey_ids]
    rows = session.execute(
        select(JourneyVersion.journey_id, JourneyVersion.document)
        .where(JourneyVersion.journey_id.in_(ids), JourneyVersion.published_at.is_not(None))
        .order_by(JourneyVersion.journey_id, JourneyVersion.number)
    ).all()
    windows = {journey_id: DEFAULT_WINDOW_DAYS for journey_id in ids}
    for journey_id, document in rows:
        windows[journey_id] = window_of(document)
    return windows
