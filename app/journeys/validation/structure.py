"""First pass: size limits, then the document's own fields, each node and each edge.

Nodes and edges are parsed one by one so a malformed node is reported without hiding
the problems of the rest of the graph.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from app.journeys.schema import DocumentHeader, Edge, Node
from app.journeys.violations import Violation, describe_errors, violation

MAX_BYTES = 1_000_000
MAX_NODES = 500
MAX_EDGES = 2_000


@dataclass
class Parsed:
    """The well-formed parts of a document."""

    header: DocumentHeader | None
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    #: Ids of malformed nodes, so edges to them are not also called dangling.
    malformed_node_ids: set[str] = field(default_factory=set)


def _size_violations(document: dict) -> list[Violation]:
    try:
        size = len(json.dumps(document, ensure_ascii=False, allow_nan=False).encode())
    except (ValueError, TypeError, RecursionError):
        return [
            violation(
                "invalid_document",
                "The document holds values JSON cannot carry (NaN, Infinity) or is nested too deeply.",
            )
        ]
    if size > MAX_BYTES:
        return [
            violation(
                "document_too_large", f"The document is {size:,} bytes; the limit is {MAX_BYTES:,}."
            )
        ]
    out = []
    nodes, edges = document.get("nodes"), document.get("edges")
    if isinstance(nodes, list) and len(nodes) > MAX_NODES:
        out.append(
            violation(
                "too_many_nodes", f"The journey has {len(nodes)} nodes; the limit is {MAX_NODES}."
            )
        )
    if isinstance(edges, list) and len(edges) > MAX_EDGES:
        out.append(
            violation(
                "too_many_edges", f"The journey has {len(edges)} edges; the limit is {MAX_EDGES}."
            )
        )
    return out


def _raw_id(item: Any) -> str | None:
    value = item.get("id") if isinstance(item, dict) else None
    return value if isinstance(value, str) else None


def _parse_items(raw: Any, model, what: str, violations: list[Violation]) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list):
        violations.append(violation("invalid_document", f"{what}s must be a list."))
        return []
    parsed, seen = [], set()
    for index, item in enumerate(raw):
        item_id = _raw_id(item)
        where = {"node_id": item_id} if what == "node" else {"edge_id": item_id}
        try:
            obj = model.model_validate(item)
        except ValidationError as exc:
            for sentence in describe_errors(exc, f"{what}s.{index}"):
                violations.append(
                    violation("invalid_document", f"The {what} is malformed: {sentence}.", **where)
                )
            continue
        if obj.id in seen:
            violations.append(
                violation(
                    f"duplicate_{what}_id",
                    f"Another {what} already has the id '{obj.id}'.",
                    **where,
                )
            )
            continue
        seen.add(obj.id)
        parsed.append(obj)
    return parsed


def parse(document: Any) -> tuple[Parsed | None, list[Violation]]:
    """The well-formed parts of ``document`` and a violation for each malformed part.

    Returns no parts when the document is not an object or breaks a size limit, since
    looking further into an oversized document is what the limit is there to prevent.
    """
    if not isinstance(document, dict):
        return None, [violation("invalid_document", "A journey must be a JSON object.")]
    violations = _size_violations(document)
    if violations:
        return None, violations
    header = None
    try:
        header = DocumentHeader.model_validate(
            {k: v for k, v in document.items() if k not in ("nodes", "edges")}
        )
    except ValidationError as exc:
        violations += [violation("invalid_document", f"{s}.") for s in describe_errors(exc)]
    nodes = _parse_items(document.get("nodes"), Node, "node", violations)
    edges = _parse_items(document.get("edges"), Edge, "edge", violations)
    good = {n.id for n in nodes}
    malformed = (
        {i for i in map(_raw_id, document.get("nodes") or []) if i and i not in good}
        if isinstance(document.get("nodes"), list)
        else set()
    )
    return Parsed(header, nodes, edges, malformed), violations
