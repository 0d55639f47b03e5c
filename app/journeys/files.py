"""Reading journey files from disk and checking them offline, without a database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.journeys.bundle import read_payload
from app.journeys.validation import validate
from app.journeys.violations import Violation, violation


def load(path: Path) -> tuple[Any, list[Violation]]:
    """The parsed JSON of a file, or None and an ``invalid_json`` violation."""
    try:
        return json.loads(path.read_text(encoding="utf-8")), []
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return None, [violation("invalid_json", f"{path.name} is not UTF-8 JSON: {exc}.")]


def check_offline(data: Any) -> tuple[list[Violation], str | None]:
    """Violations of a document or bundle using only what the file itself carries.

    A bundle's carried objects and "channels" list are the catalog. A plain document has
    no catalog, so its references and channels are not checked; the note says so.
    """
    payload = read_payload(data)
    catalog = payload.carried_catalog()
    violations = payload.violations + validate(payload.document, catalog)
    if catalog is None:
        return violations, "a plain document: references and channels not checked"
    if catalog.channels is None:
        return violations, "the bundle lists no channels: channels not checked"
    return violations, None
