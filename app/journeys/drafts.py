"""Drafts: create a journey, save its draft as the editor changes it, read a version, duplicate.

A draft may be incomplete (graph and config violations are saved and reported), but it must be
a well-formed document; published versions are never changed. Saving updates the newest
version in place while it is a draft, otherwise it starts the next version number.

Saves are optimistic: the editor sends the revision it loaded (``revision_of``, the newest
version's number and checksum), and a save based on anything older is refused with
:class:`StaleDraft`, which names who saved last and when, so nobody overwrites a colleague's
edit without knowing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.journeys.schema import SCHEMA_VERSION, JourneyDocument, canonical, checksum
from app.journeys.service import UNSTORABLE, JourneyError, check_payload, versions_of
from app.journeys.upgrades import upgrade
from app.journeys.violations import Violation, violation
from app.models import Journey, JourneyVersion, User
from app.models.base import utcnow


@dataclass
class SavedDraft:
    journey: Journey
    version: JourneyVersion
    created: bool
    violations: list[Violation]


class StaleDraft(JourneyError):
    """The draft changed since the editor loaded it; ``current`` says how it is now."""

    def __init__(self, journey: Journey, latest: JourneyVersion):
        saver = db.session.get(User, latest.created_by_id) if latest.created_by_id else None
        self.current = {
            "revision": revision_of(latest),
            "number": latest.number,
            "status": latest.status,
            "saved_by": saver.email if saver else None,
            "saved_at": journey.updated_at.isoformat() if journey.updated_at else None,
        }
        who = self.current["saved_by"] or "someone else"
        super().__init__(
            409,
            "stale_draft",
            f"Journey '{journey.key}' was changed by {who} after you opened it "
            f"(now version {latest.number}); reload it or keep your version.",
        )


def revision_of(version: JourneyVersion) -> str:
    """The token a save must carry to replace ``version``: its number and checksum."""
    return f"{version.number}:{version.checksum}"


def empty_document(key: str, name: str, description: str = "") -> dict:
    """The smallest well-formed document: no nodes, default settings."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "key": key,
        "name": name,
        "description": description,
        "nodes": [],
        "edges": [],
    }
    try:
        return canonical(JourneyDocument.model_validate(document))
    except ValidationError as exc:
        problems = [
            violation("invalid_document", f"{'.'.join(map(str, e['loc']))}: {e['msg']}")
            for e in exc.errors(include_url=False, include_input=False)
        ]
        raise JourneyError(
            400, "invalid_document", "The journey's key or name is not valid.", problems
        ) from exc


def _commit(key: str) -> None:
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise JourneyError(
            409, "conflict", f"Journey '{key}' changed meanwhile; try again."
        ) from exc


def _add_journey(document: dict, user_id: int | None) -> tuple[Journey, JourneyVersion]:
    key = document["key"]
    if db.session.scalar(select(Journey.id).where(Journey.key == key)) is not None:
        raise JourneyError(409, "key_taken", f"A journey with the key '{key}' already exists.")
    journey = Journey(
        key=key,
        name=document["name"],
        description=document["description"],
        owner_id=user_id,
        status="draft",
    )
    db.session.add(journey)
    db.session.flush()
    version = JourneyVersion(
        journey_id=journey.id,
        number=1,
        status="draft",
        document=document,
        checksum=checksum(document),
        created_by_id=user_id,
    )
    db.session.add(version)
    _commit(key)
    return journey, version


def create_journey(
    key: str, name: str, description: str, user_id: int | None
) -> tuple[Journey, JourneyVersion]:
    """A new journey whose draft version 1 has no nodes."""
    return _add_journey(empty_document(key, name, description), user_id)


def find_version(journey: Journey, number: int) -> JourneyVersion:
    version = db.session.scalar(
        select(JourneyVersion).where(
            JourneyVersion.journey_id == journey.id, JourneyVersion.number == number
        )
    )
    if version is None:
        raise JourneyError(404, "not_found", f"Journey '{journey.key}' has no version {number}.")
    return version


def save_draft(
    journey: Journey, data: Any, user_id: int | None, base_revision: str | None = None
) -> SavedDraft:
    """Store ``data`` as the newest draft of ``journey``; see the module docstring.

    With ``base_revision``, the save is refused (:class:`StaleDraft`) unless the newest
    version is still that revision.
    """
    if journey.status == "archived":
        raise JourneyError(409, "archived", f"Journey '{journey.key}' is archived; duplicate it.")
    if not isinstance(data, dict) or "journey" in data:
        raise JourneyError(
            400, "invalid_document", "The draft must be a journey document, not a bundle."
        )
    _payload, violations = check_payload(data)
    structural = [v for v in violations if v.code in UNSTORABLE]
    if structural:
        raise JourneyError(
            400, "invalid_document", "The draft is malformed and was not saved.", structural
        )
    document = canonical(JourneyDocument.model_validate(upgrade(data)[0]))
    if document["key"] != journey.key:
        raise JourneyError(
            400,
            "key_mismatch",
            f"The document's key '{document['key']}' is not the journey's key '{journey.key}'.",
            [violation("invalid_document", "key: must equal the journey's key.")],
        )
    digest = checksum(document)
    latest = versions_of(journey)[-1]
    if base_revision is not None and base_revision != revision_of(latest):
        raise StaleDraft(journey, latest)
    created = latest.status != "draft"
    if created:
        version = JourneyVersion(
            journey_id=journey.id,
            number=latest.number + 1,
            status="draft",
            document=document,
            checksum=digest,
            created_by_id=user_id,
        )
        db.session.add(version)
    else:
        version = latest
        if version.checksum != digest:
            # Only if nobody replaced it since it was read: concurrent saves cannot both win.
            changed = db.session.execute(
                update(JourneyVersion)
                .where(JourneyVersion.id == version.id, JourneyVersion.checksum == latest.checksum)
                .values(document=document, checksum=digest, created_by_id=user_id)
                .execution_options(synchronize_session=False)
            ).rowcount
            if not changed:
                db.session.rollback()
                db.session.refresh(journey)
                raise StaleDraft(journey, versions_of(journey)[-1])
            db.session.refresh(version)
    journey.name, journey.description = document["name"], document["description"]
    journey.updated_at = utcnow()
    _commit(journey.key)
    return SavedDraft(journey, version, created, violations)


def duplicate(journey: Journey, key: str, name: str, user_id: int | None):
    """A new journey whose draft version 1 copies the newest version of ``journey``."""
    empty_document(key, name)
    source = versions_of(journey)[-1].document
    document = canonical(JourneyDocument.model_validate({**source, "key": key, "name": name}))
    return _add_journey(document, user_id)
