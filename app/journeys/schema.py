"""The journey document (schema_version 1) and its canonical serialisation.

This is the one definition of a journey that import, export, the API, validation, the
examples and the frontend share. Node configs are plain objects here; each node type
checks its own (app/journeys/nodes), so one bad node never hides the rest of the graph.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import Field, field_validator

from app.journeys.settings import Settings
from app.journeys.types import StableKey, Strict

SCHEMA_VERSION = 1
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
#: Keys that would clash with the API's own paths under /api/journeys/.
RESERVED_KEYS = frozenset({"schema", "validate", "import"})


class Position(Strict):
    x: float = Field(default=0.0, ge=-1e6, le=1e6)
    y: float = Field(default=0.0, ge=-1e6, le=1e6)


class Node(Strict):
    id: str = Field(pattern=ID_PATTERN)
    type: str = Field(min_length=1, max_length=64, description="A type from GET /api/node-types")
    label: str = Field(default="", max_length=200)
    position: Position = Field(default_factory=Position, description="Where the canvas draws it")
    config: dict[str, Any] = Field(default_factory=dict)


class Edge(Strict):
    id: str = Field(pattern=ID_PATTERN)
    source: str = Field(pattern=ID_PATTERN)
    target: str = Field(pattern=ID_PATTERN)
    branch: str = Field(
        default="next",
        min_length=1,
        max_length=64,
        description="Which outgoing branch (handle) of the source node this edge leaves by",
    )


class DocumentHeader(Strict):
    """Everything in a document except its nodes and edges."""

    schema_version: Literal[1] = Field(description="Bumped on incompatible changes")
    key: StableKey = Field(description="Stable id of the journey across environments")
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    settings: Settings = Field(default_factory=Settings)

    @field_validator("key")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_KEYS:
            raise ValueError(f"'{value}' is reserved; choose another key")
        return value


class JourneyDocument(DocumentHeader):
    """A whole journey: header, nodes and edges."""

    nodes: list[Node] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)


def canonical(document: JourneyDocument) -> dict:
    """The document as plain JSON data, nodes and edges sorted by id, every default spelled out."""
    data = document.model_dump(mode="json", by_alias=True)
    data["nodes"].sort(key=lambda node: node["id"])
    data["edges"].sort(key=lambda edge: edge["id"])
    return data


def dumps(data: Any) -> str:
    """Canonical JSON text: sorted keys, two-space indent, UTF-8 kept, one final newline.

    Two exports of the same journey are byte-identical, and a change is a small diff.
    """
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def checksum(data: Any) -> str:
    """SHA-256 of the canonical text, to tell at a glance whether two versions differ."""
    return hashlib.sha256(dumps(data).encode()).hexdigest()
