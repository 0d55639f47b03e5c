"""A journey version compiled for running: nodes by id with parsed configs, edges by branch."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from app.journeys.nodes import registry


@dataclass(frozen=True, slots=True)
class RunNode:
    id: str
    type: str
    config: Any
    raw_config: dict


@dataclass(frozen=True)
class RunGraph:
    """What the engine needs of a version's document; versions never change, so it is cached."""

    version_id: int
    nodes: dict[str, RunNode]
    #: ``(source node id, branch) -> target node id``
    edges: dict[tuple[str, str], str]
    entry_ids: tuple[str, ...]
    settings: dict

    def next_node(self, node_id: str, branch: str) -> str | None:
        return self.edges.get((node_id, branch))


def compile_document(version_id: int, document: dict) -> RunGraph:
    """Parse each node's config with its type's model; unknown types keep the raw config."""
    nodes: dict[str, RunNode] = {}
    entries: list[str] = []
    for node in document.get("nodes", []):
        node_type = registry.get(node["type"])
        raw = node.get("config") or {}
        config = node_type.config_model.model_validate(raw) if node_type else raw
        nodes[node["id"]] = RunNode(node["id"], node["type"], config, raw)
        if node_type is not None and node_type.group == "entry":
            entries.append(node["id"])
    edges = {(e["source"], e.get("branch", "next")): e["target"] for e in document.get("edges", [])}
    return RunGraph(version_id, nodes, edges, tuple(sorted(entries)), document.get("settings", {}))


@lru_cache(maxsize=256)
def _cached(version_id: int, checksum: str, document_json: str) -> RunGraph:
    import json

    return compile_document(version_id, json.loads(document_json))


def graph_from_text(version_id: int, checksum: str, document_json: str) -> RunGraph:
    """The compiled graph of a version whose document is given as the database stores it
    (JSON text): the hot event path reads it so, and decodes nothing when it is cached."""
    return _cached(version_id, checksum, document_json)


def graph_for(version_id: int, checksum: str, document: dict) -> RunGraph:
    """The compiled graph of a version, cached by id and checksum."""
    import json

    return _cached(version_id, checksum, json.dumps(document, sort_keys=True))
