"""Export: a journey version as canonical JSON, optionally as a bundle with what it uses.

Two exports of the same version are byte-identical: keys and nodes are sorted and the
body holds no timestamps or database ids.
"""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.journeys.carried import MODELS, as_carried
from app.journeys.schema import SCHEMA_VERSION, JourneyDocument, canonical, dumps
from app.journeys.service import JourneyError, find_journey, versions_of
from app.journeys.validation.config import type_nodes

_SECTION_OF = {
    "audience": "audiences",
    "coupon_template": "coupon_templates",
    "message_template": "message_templates",
}


def _bundle(document: JourneyDocument) -> dict:
    typed, _ = type_nodes(document.nodes)
    wanted = {section: set() for section in MODELS}
    used_channels = set()
    for item in typed.values():
        if item.config is not None:
            for ref in item.type.references(item.config):
                wanted[_SECTION_OF[ref.kind]].add(ref.key)
            used_channels.update(item.type.sends(item.config))
    bundle = {"schema_version": SCHEMA_VERSION, "journey": canonical(document)}
    for section, keys in wanted.items():
        model = MODELS[section]
        rows = db.session.scalars(select(model).where(model.key.in_(keys)).order_by(model.key))
        bundle[section] = [as_carried(section, row) for row in rows]
    bundle["channels"] = sorted(used_channels)  # configured here or not: what it needs
    return bundle


def export_text(key: str, version: int | None = None, bundle: bool = False) -> str:
    """The canonical export of a journey's version (the latest when not given)."""
    journey = find_journey(key)
    versions = versions_of(journey)
    chosen = versions[-1] if version is None and versions else None
    if version is not None:
        chosen = next((v for v in versions if v.number == version), None)
    if chosen is None:
        what = f"version {version}" if version is not None else "versions"
        raise JourneyError(404, "not_found", f"Journey '{key}' has no {what}.")
    # Re-canonicalise: the database may hand JSON back with its keys reordered.
    document = JourneyDocument.model_validate(chosen.document)
    return dumps(_bundle(document) if bundle else canonical(document))
