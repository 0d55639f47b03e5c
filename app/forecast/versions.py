"""Which version of a journey a forecast runs: a given number, else the newest draft, else
the published version."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.engine.lifecycle import latest_draft, live_version
from app.errors import ApiError
from app.models.journeys import Journey, JourneyVersion


def version_to_forecast(session: Session, journey: Journey, number: int | None) -> JourneyVersion:
    if number is not None:
        version = session.scalar(
            select(JourneyVersion).where(
                JourneyVersion.journey_id == journey.id, JourneyVersion.number == number
            )
        )
        if version is None:
            raise ApiError(
                404,
                "not_found",
                f"Journey '{journey.key}' has no version {number}.",
                [{"field": "version", "message": f"no version {number}"}],
            )
        return version
    version = latest_draft(session, journey) or live_version(session, journey)
    if version is None:
        raise ApiError(409, "no_version", f"Journey '{journey.key}' has no draft or live version.")
    return version
