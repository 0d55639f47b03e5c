"""Small journey documents for tests, valid unless a test breaks them on purpose."""

from __future__ import annotations

import copy
import json
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "journeys"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.json"))


def node(node_id: str, type_: str, **config) -> dict:
    return {"id": node_id, "type": type_, "config": config}


def edge(source: str, target: str, branch: str = "next", edge_id: str | None = None) -> dict:
    return {
        "id": edge_id or f"{source}-{branch}-{target}",
        "source": source,
        "target": target,
        "branch": branch,
    }


def document(nodes: list[dict], edges: list[dict], **settings) -> dict:
    return {
        "schema_version": 1,
        "key": "test-journey",
        "name": "Test journey",
        "settings": settings,
        "nodes": nodes,
        "edges": edges,
    }


def simple() -> dict:
    """entry.api -> action.tag -> exit: the smallest valid journey."""
    return document(
        [node("start", "entry.api"), node("tag", "action.tag", tag="vip"), node("end", "exit")],
        [edge("start", "tag"), edge("tag", "end")],
    )


def load_example(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def with_key(bundle: dict, key: str) -> dict:
    out = copy.deepcopy(bundle)
    out["journey"]["key"] = key
    return out
