"""Graph checks with networkx: entries, dangling edges, reachability, branches, loops."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from app.journeys.schema import Edge
from app.journeys.validation.config import TypedNode
from app.journeys.validation.wording import node_name
from app.journeys.violations import Violation, violation


def build_graph(typed: dict[str, TypedNode], edges: list[Edge], known_ids: set[str]):
    """The journey as a MultiDiGraph, and violations for edges that cannot be part of it.

    Edges touching a malformed node (in ``known_ids`` but not ``typed``) are left out
    without a violation: the malformed node has been reported already.
    """
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(typed)
    violations = []
    for edge in edges:
        missing = [end for end in (edge.source, edge.target) if end not in known_ids]
        if missing:
            ends = " and ".join(f"'{m}'" for m in missing)
            violations.append(
                violation(
                    "dangling_edge",
                    f"The edge points at {ends}, which is no node.",
                    edge_id=edge.id,
                )
            )
        elif edge.source in typed and edge.target in typed:
            graph.add_edge(edge.source, edge.target, key=edge.id, branch=edge.branch)
    return graph, violations


def _is_entry(item: TypedNode) -> bool:
    return item.type is not None and item.type.group == "entry"


def check_entries(graph, typed: dict[str, TypedNode]) -> list[Violation]:
    entries = [n for n, item in typed.items() if _is_entry(item)]
    if not entries:
        return [violation("no_entry", "The journey has no entry node, so no member can enter it.")]
    out = []
    for source, target, edge_id in graph.in_edges(entries, keys=True):
        out.append(
            violation(
                "edge_into_entry",
                f"The edge from '{source}' leads into entry node '{target}'; members only start at an entry.",
                node_id=target,
                edge_id=edge_id,
            )
        )
    reached = set(entries)
    for entry in entries:
        reached |= nx.descendants(graph, entry)
    for node_id in typed:
        if node_id not in reached:
            out.append(
                violation(
                    "unreachable_node",
                    "No entry node leads here, so no member will reach this node.",
                    node_id,
                )
            )
    return out


def check_branches(graph, typed: dict[str, TypedNode]) -> list[Violation]:
    out = []
    for node_id, item in typed.items():
        expected = item.branches
        out_edges = list(graph.out_edges(node_id, keys=True, data="branch"))
        if not out_edges:
            if expected or (expected is None and item.type is not None):
                out.append(
                    violation(
                        "dead_end",
                        f"{node_name(item.node, item.type)}: members reaching it have nowhere to go; connect it or end the path with an exit.",
                        node_id,
                    )
                )
            continue
        if expected is None:
            continue
        by_branch = defaultdict(list)
        for _source, _target, edge_id, branch in out_edges:
            by_branch[branch].append(edge_id)
        for branch, edge_ids in sorted(by_branch.items()):
            if branch not in expected:
                offered = ", ".join(expected) or "none"
                for edge_id in edge_ids:
                    out.append(
                        violation(
                            "extra_branch",
                            f"{node_name(item.node, item.type)} has no branch '{branch}' (its branches: {offered}).",
                            node_id,
                            edge_id,
                        )
                    )
                continue
            for edge_id in sorted(edge_ids)[1:]:
                out.append(
                    violation(
                        "duplicate_branch",
                        f"Branch '{branch}' already has an edge; a member can only take one.",
                        node_id,
                        edge_id,
                    )
                )
        for branch in expected:
            if branch not in by_branch:
                out.append(
                    violation(
                        "missing_branch",
                        f"{node_name(item.node, item.type)}: branch '{branch}' leads nowhere.",
                        node_id,
                    )
                )
    return out


def check_loops(graph, typed: dict[str, TypedNode]) -> list[Violation]:
    """Every loop must pass through a waiting node, or members would cycle without pause."""
    moving = {n for n, item in typed.items() if not (item.type and item.type.waits)}
    # A plain DiGraph of the non-waiting part: far faster to search than a subgraph view.
    busy = nx.DiGraph()
    busy.add_nodes_from(moving)
    busy.add_edges_from((u, v) for u, v in graph.edges() if u in moving and v in moving)
    out = []
    for component in nx.strongly_connected_components(busy):
        first = min(component)
        if len(component) == 1 and not busy.has_edge(first, first):
            continue
        loop = ", ".join(sorted(component)[:8]) + (" …" if len(component) > 8 else "")
        out.append(
            violation(
                "cycle_without_wait",
                f"The loop through {loop} has no wait; members would go round it forever.",
                first,
            )
        )
    return sorted(out, key=lambda v: v.node_id)
