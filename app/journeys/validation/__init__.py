"""validate(document) -> every problem of a journey at once, each a :class:`Violation`.

The passes run in order and each reports all it finds: schema version, size and
structure, node types and configs, audience rule trees (by the audiences' grammar), the
graph, references (when a catalog is given) and frequency caps. Validation never raises on bad input, whatever its shape.
"""

from __future__ import annotations

from typing import Any

from app.journeys.catalog import ReferenceCatalog
from app.journeys.settings import Settings
from app.journeys.upgrades import upgrade
from app.journeys.validation.caps import check_caps
from app.journeys.validation.config import type_nodes
from app.journeys.validation.experiments import check_experiments
from app.journeys.validation.graph import build_graph, check_branches, check_entries, check_loops
from app.journeys.validation.references import check_references
from app.journeys.validation.rules import check_node_rules, check_settings_rules
from app.journeys.validation.structure import parse
from app.journeys.violations import CODES, Violation, has_errors, violation

__all__ = ["CODES", "Violation", "has_errors", "validate", "violation"]


def validate(document: Any, catalog: ReferenceCatalog | None = None) -> list[Violation]:
    """Every problem of ``document``, a journey document of any schema_version.

    ``catalog`` says which audiences, templates and channels exist; without one, references
    and channels are not checked (see :mod:`app.journeys.catalog`).
    """
    document, violations = upgrade(document)
    if document is None and violations:
        return violations
    parsed, found = parse(document)
    violations += found
    if parsed is None:
        return violations
    if parsed.header is not None:
        violations += check_settings_rules(parsed.header.settings)
    typed, found = type_nodes(parsed.nodes)
    violations += found
    violations += check_node_rules(typed)
    graph, found = build_graph(typed, parsed.edges, set(typed) | parsed.malformed_node_ids)
    violations += found
    violations += check_entries(graph, typed)
    violations += check_branches(graph, typed)
    violations += check_loops(graph, typed)
    if catalog is not None:
        violations += check_references(typed, catalog)
    settings = parsed.header.settings if parsed.header else Settings()
    violations += check_experiments(typed, settings)
    violations += check_caps(graph, typed, settings)
    return violations
