"""What validation reports: a violation with a code, a severity, where, and a plain sentence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

#: Every code validation or import can report, its severity and what it means.
#: docs/journey-schema.md shows this table; each code has a test that triggers only it.
CODES: dict[str, tuple[Severity, str]] = {
    "invalid_json": ("error", "The file or body is not JSON."),
    "document_too_large": ("error", "The document is over 1 MB."),
    "too_many_nodes": ("error", "The journey has more than 500 nodes."),
    "too_many_edges": ("error", "The journey has more than 2,000 edges."),
    "unsupported_schema_version": ("error", "schema_version is missing, unknown or newer."),
    "invalid_document": ("error", "A field of the document, a node or an edge is malformed."),
    "duplicate_node_id": ("error", "Two nodes share an id."),
    "duplicate_edge_id": ("error", "Two edges share an id."),
    "unknown_node_type": ("error", "A node's type is not in the registry."),
    "invalid_config": ("error", "A node's config fails its type's config schema."),
    "weights_not_100": ("error", "Random or experiment weights do not add up to 100."),
    "metric_not_measurable": (
        "error",
        "An experiment decides on a metric the journey cannot measure (a goal, coupon or "
        "message it lacks).",
    ),
    "no_entry": ("error", "The journey has no entry node."),
    "edge_into_entry": ("error", "An edge leads into an entry node."),
    "dangling_edge": ("error", "An edge starts or ends at a node that does not exist."),
    "unreachable_node": ("error", "No entry node leads to this node."),
    "missing_branch": ("error", "A branch of the node's type has no edge."),
    "extra_branch": ("error", "An edge leaves by a branch the node's type does not have."),
    "duplicate_branch": ("error", "Two edges leave by the same branch."),
    "dead_end": ("error", "A node other than exit has no outgoing edge."),
    "cycle_without_wait": ("error", "A loop has no wait in it, so it would spin forever."),
    "unknown_audience": ("error", "A referenced audience key does not exist."),
    "unknown_coupon_template": ("error", "A referenced coupon template key does not exist."),
    "unknown_message_template": ("error", "A referenced message template key does not exist."),
    "template_channel_mismatch": ("error", "A message template is for another channel."),
    "channel_not_configured": (
        "warning",
        "A send uses a channel that is not configured; the journey can be drafted and "
        "imported, but not published until the channel is set up.",
    ),
    "frequency_cap_exceeded": (
        "warning",
        "A path can send one member more messages of a channel in a day than the cap.",
    ),
    "bundle_conflict": (
        "warning",
        "An imported bundle carries an object whose key exists with other content; "
        "the existing one is kept.",
    ),
}


#: Warnings about this environment rather than the drawing: they block publishing only.
BLOCKS_PUBLISHING = frozenset({"channel_not_configured"})


@dataclass(frozen=True)
class Violation:
    """One problem, located on a node and/or an edge when it has a place on the canvas."""

    code: str
    severity: Severity
    message: str
    node_id: str | None = None
    edge_id: str | None = None

    @property
    def blocks_publishing(self) -> bool:
        return self.severity == "error" or self.code in BLOCKS_PUBLISHING

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "blocks_publishing": self.blocks_publishing,
            "node_id": self.node_id,
            "edge_id": self.edge_id,
            "message": self.message,
        }


def violation(
    code: str, message: str, node_id: str | None = None, edge_id: str | None = None
) -> Violation:
    """A violation whose severity comes from :data:`CODES`."""
    return Violation(code, CODES[code][0], message, node_id, edge_id)


def has_errors(violations: list[Violation]) -> bool:
    return any(v.severity == "error" for v in violations)


def describe_errors(exc, prefix: str = "") -> list[str]:
    """Plain sentences from a pydantic ValidationError: 'where: what is wrong'."""
    out = []
    for err in exc.errors(include_url=False, include_input=False):
        where = ".".join(str(p) for p in (prefix, *err["loc"]) if p != "")
        message = err["msg"].removeprefix("Value error, ")
        out.append(f"{where}: {message}" if where else message)
    return out
