"""The worked-case journeys in ``journeys/`` imported as drafts, so a demo has something to open."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.journeys import files, service
from app.models import Journey

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "journeys"


def import_examples(directory: Path = EXAMPLES_DIR) -> list[str]:
    """Import every example whose journey key is not taken yet; returns the keys imported.

    Each bundle brings its audiences, coupon and message templates. Existing journeys are
    left alone, so running the seed again changes nothing.
    """
    taken = set(db.session.scalars(select(Journey.key)))
    imported = []
    for path in sorted(directory.glob("*.json")):
        data, problems = files.load(path)
        if problems:
            continue
        document = data.get("journey", data) if isinstance(data, dict) else None
        if not isinstance(document, dict) or document.get("key") in taken:
            continue
        result = service.import_payload(data, user_id=None)
        imported.append(result.journey_key)
    db.session.commit()
    return imported
