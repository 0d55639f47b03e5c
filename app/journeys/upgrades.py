"""Bring documents written for an older schema_version up to the current one.

Each step takes a document of version N and returns it as version N+1; import and
validation run the steps in order, so an old export keeps working after the schema
moves on. Version 1 is the first, so there are no steps yet: the next incompatible
change adds ``STEPS[1] = _v1_to_v2`` and bumps ``schema.SCHEMA_VERSION``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from app.journeys import schema
from app.journeys.violations import Violation, violation

Step = Callable[[dict], dict]

#: ``STEPS[n]`` turns a version-n document into a version-n+1 one.
STEPS: dict[int, Step] = {}


def check_version(version: Any) -> list[Violation]:
    """An ``unsupported_schema_version`` violation unless this server reads ``version``."""
    current = schema.SCHEMA_VERSION
    if isinstance(version, bool) or not isinstance(version, int):
        message = f"schema_version must be a whole number; this server reads up to {current}."
    elif version > current or version < 1:
        message = f"schema_version {version} is not one this server reads (1 to {current})."
    else:
        return []
    return [violation("unsupported_schema_version", message)]


def upgrade(document: Any) -> tuple[Any, list[Violation]]:
    """The document at the current schema version, or None and why it cannot be read.

    Anything that is not an object is passed through untouched for the structure check
    to describe. The input is never modified.
    """
    if not isinstance(document, dict):
        return document, []
    current = schema.SCHEMA_VERSION
    version = document.get("schema_version")
    problems = check_version(version)
    if problems:
        return None, problems
    if version == current:
        return document, []
    upgraded = copy.deepcopy(document)
    while version < current:
        step = STEPS.get(version)
        if step is None:
            return None, [
                violation(
                    "unsupported_schema_version",
                    f"There is no upgrade from schema_version {version} to {version + 1}.",
                )
            ]
        try:
            upgraded = step(upgraded)
        except Exception as exc:  # steps meet documents of any shape; report, never raise
            return None, [
                violation(
                    "invalid_document",
                    f"The document could not be upgraded from schema_version {version}: {exc!r}.",
                )
            ]
        version += 1
        upgraded["schema_version"] = version
    return upgraded, []
