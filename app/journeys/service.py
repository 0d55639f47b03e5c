"""Storing journeys: validate a payload against this environment, import it, look it up.

Import never overwrites: a new key becomes a journey with draft version 1, an existing key
gets a new draft version (or none, when the document is identical to the latest version).
Carried audiences and templates are created when their key is new; an existing one is kept
as it is, and a difference is reported as a ``bundle_conflict`` warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.journeys.bundle import Payload, read_payload
from app.journeys.carried import MODELS, differences
from app.journeys.catalog import ReferenceCatalog
from app.journeys.schema import JourneyDocument, canonical, checksum
from app.journeys.upgrades import upgrade
from app.journeys.validation import validate
from app.journeys.violations import Violation, has_errors, violation
from app.models import Journey, JourneyVersion
from app.models.base import utcnow

#: Problems that leave no well-formed document to store, whatever ``allow_errors`` says.
UNSTORABLE = frozenset(
    {
        "invalid_json",
        "document_too_large",
        "too_many_nodes",
        "too_many_edges",
        "unsupported_schema_version",
        "invalid_document",
        "duplicate_node_id",
        "duplicate_edge_id",
    }
)


class JourneyError(Exception):
    """A request about journeys that cannot be done; carries an HTTP status and violations."""

    def __init__(self, status: int, code: str, message: str, violations=()):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.violations = list(violations)


@dataclass
class ImportResult:
    journey_key: str
    version: int
    created: bool
    dry_run: bool
    violations: list[Violation] = field(default_factory=list)
    created_objects: list[str] = field(default_factory=list)


def database_catalog() -> ReferenceCatalog:
    return ReferenceCatalog.from_database(db.session)


def check_payload(data: Any) -> tuple[Payload, list[Violation]]:
    """Every violation of a document or bundle, checked against this environment.

    A bundle's carried objects count as existing, since importing it would create them.
    """
    payload = read_payload(data)
    catalog = database_catalog()
    carried = payload.carried_catalog()
    if carried is not None:
        catalog = catalog.with_carried(carried)
    return payload, payload.violations + validate(payload.document, catalog)


def find_journey(key: str) -> Journey:
    journey = db.session.scalar(select(Journey).where(Journey.key == key))
    if journey is None:
        raise JourneyError(404, "not_found", f"No journey with the key '{key}'.")
    return journey


def versions_of(journey: Journey) -> list[JourneyVersion]:
    return list(
        db.session.scalars(
            select(JourneyVersion)
            .where(JourneyVersion.journey_id == journey.id)
            .order_by(JourneyVersion.number)
        )
    )


def _plan_carried(payload: Payload) -> tuple[list, list[Violation]]:
    """Carried objects to create, and a conflict warning for each that differs from ours."""
    to_create, conflicts = [], []
    for section, objects in payload.carried.items():
        model = MODELS[section]
        for obj in objects:
            existing = db.session.scalar(select(model).where(model.key == obj.key))
            if existing is None:
                to_create.append((section, obj))
                continue
            changed = differences(section, existing, obj)
            if changed:
                conflicts.append(
                    violation(
                        "bundle_conflict",
                        f"{section[:-1].replace('_', ' ').capitalize()} '{obj.key}' exists with a "
                        f"different {', '.join(changed)}; the existing one is kept.",
                    )
                )
    return to_create, conflicts


def import_payload(
    data: Any, *, user_id: int | None, dry_run: bool = False, allow_errors: bool = False
) -> ImportResult:
    """Import a document or bundle as a draft version; see the module docstring for the rules.

    Raises :class:`JourneyError` (422) with every violation when the document has errors,
    unless ``allow_errors`` is set and the errors still leave a well-formed document.
    """
    payload, violations = check_payload(data)
    to_create, conflicts = _plan_carried(payload)
    violations += conflicts
    unstorable = any(v.code in UNSTORABLE for v in violations)
    if unstorable or (has_errors(violations) and not allow_errors):
        raise JourneyError(
            422, "invalid_journey", "The journey has errors and was not imported.", violations
        )
    try:
        document = JourneyDocument.model_validate(upgrade(payload.document)[0])
    except ValidationError as exc:
        # Checks that let a malformed field through must not turn it into a server error.
        problems = [
            violation(
                "invalid_document",
                f"{'.'.join(str(p) for p in e['loc']) or 'document'}: {e['msg']}",
            )
            for e in exc.errors(include_url=False, include_input=False)
        ]
        raise JourneyError(
            422, "invalid_journey", "The journey has errors and was not imported.", problems
        ) from None
    stored = canonical(document)
    digest = checksum(stored)

    journey = db.session.scalar(select(Journey).where(Journey.key == document.key))
    latest = versions_of(journey)[-1] if journey is not None else None
    if latest is not None and latest.checksum == digest:
        return ImportResult(document.key, latest.number, False, dry_run, violations)
    number = latest.number + 1 if latest is not None else 1
    created_objects = [f"{section}:{obj.key}" for section, obj in to_create]
    result = ImportResult(document.key, number, True, dry_run, violations, created_objects)
    if dry_run:
        return result
    for section, obj in to_create:
        db.session.add(MODELS[section](**obj.model_dump(mode="json")))
    if journey is None:
        journey = Journey(key=document.key, owner_id=user_id, status="draft")
        db.session.add(journey)
    journey.name, journey.description = document.name, document.description
    journey.updated_at = utcnow()
    db.session.flush()
    db.session.add(
        JourneyVersion(
            journey_id=journey.id,
            number=number,
            status="draft",
            document=stored,
            checksum=digest,
            created_by_id=user_id,
        )
    )
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise JourneyError(
            409, "conflict", f"Journey '{document.key}' changed while importing; try again."
        ) from exc
    return result
