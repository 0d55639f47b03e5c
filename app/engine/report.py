"""What one batch did, per journey, node and branch: the input of the live counters."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class BatchReport:
    """Counters, edges and a few sample steps of one batch, real and test runs apart."""

    runs: int = 0
    member_steps: int = 0
    #: ``{journey_id: {node_id: {counter: delta}}}``
    counters: dict[int, dict[str, dict[str, int]]] = field(default_factory=dict)
    #: A few ``(journey_id, member_id, node_id, outcome, branch)`` for the live feed.
    samples: list[tuple] = field(default_factory=list)
    #: Members who left a node by a branch: ``{journey_id: {node_id: {branch: n}}}``.
    edges: dict[int, dict[str, dict[str, int]]] = field(default_factory=dict)
    #: The same counters and edges for test-mode runs, kept apart: live views show real
    #: members only (the test-run list follows test members on its own).
    test_counters: dict[int, dict[str, dict[str, int]]] = field(default_factory=dict)
    test_edges: dict[int, dict[str, dict[str, int]]] = field(default_factory=dict)

    def add(
        self, journey_id: int, node_id: str, counter: str, amount: int = 1, test: bool = False
    ) -> None:
        nodes = (self.test_counters if test else self.counters).setdefault(journey_id, {})
        bucket = nodes.setdefault(node_id, {})
        bucket[counter] = bucket.get(counter, 0) + amount

    def add_edge(
        self, journey_id: int, node_id: str, branch: str, amount: int = 1, test: bool = False
    ) -> None:
        edges = self.test_edges if test else self.edges
        branches = edges.setdefault(journey_id, {}).setdefault(node_id, {})
        branches[branch] = branches.get(branch, 0) + amount
