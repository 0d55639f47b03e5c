"""The send rules a journey adds to its messages: quiet hours, per-day caps, priority.

Read once per channel batch from the journeys' live versions (the published one, or the
newest version of a journey that has none, such as a draft under test).
"""

from __future__ import annotations

from datetime import time

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.journeys.settings import Settings
from app.messaging.rules import JourneyRules
from app.models.journeys import JourneyVersion


def journey_rules(settings: Settings, channel: str) -> JourneyRules:
    """The rules ``settings`` set for messages on ``channel``."""
    quiet = settings.quiet_hours
    hours = None
    if quiet is not None:
        hours = (time.fromisoformat(quiet.start), time.fromisoformat(quiet.end))
    return JourneyRules(
        quiet_hours=hours, day_cap=settings.cap(channel), priority=settings.priority
    )


def load_journey_rules(
    session: Session, channel: str, journey_ids: set[int]
) -> dict[int, JourneyRules]:
    """``{journey_id: JourneyRules}`` for the journeys that queued a batch's messages."""
    if not journey_ids:
        return {}
    documents = dict(
        session.execute(
            select(JourneyVersion.journey_id, JourneyVersion.document).where(
                JourneyVersion.journey_id.in_(journey_ids), JourneyVersion.status == "published"
            )
        ).all()
    )
    unpublished = journey_ids - documents.keys()
    if unpublished:  # drafts under test: their newest version
        newest = (
            select(JourneyVersion.journey_id, func.max(JourneyVersion.number).label("n"))
            .where(JourneyVersion.journey_id.in_(unpublished))
            .group_by(JourneyVersion.journey_id)
            .subquery()
        )
        documents.update(
            session.execute(
                select(JourneyVersion.journey_id, JourneyVersion.document).join(
                    newest,
                    (newest.c.journey_id == JourneyVersion.journey_id)
                    & (newest.c.n == JourneyVersion.number),
                )
            ).all()
        )
    out = {}
    for journey_id, document in documents.items():
        try:
            settings = Settings.model_validate((document or {}).get("settings") or {})
        except ValidationError:
            settings = Settings()
        out[journey_id] = journey_rules(settings, channel)
    return out
