"""Pure conversions between the engine's batch reports and the live counters a browser shows.

Counters are ``{node_id: {counter: n}}``. A batch report counts what each node did
(``entered``, ``passed``, ``exited``, ``errors`` and the tallies of actions such as
``messages_queued``); how many wait at a node *now* follows from them: every arrival that
neither passed, left nor failed is still waiting there, and a resumed member who leaves
takes one away.
"""

from __future__ import annotations

from collections.abc import Mapping

NodeCounters = dict[str, dict[str, int]]

#: The flow counters every node has, in display order.
FLOW = ("entered", "waiting", "passed", "exited", "converted", "errors")


def report_deltas(nodes: Mapping[str, Mapping[str, int]]) -> NodeCounters:
    """Live deltas of one journey from a batch report's ``{node_id: {counter: delta}}``."""
    out: NodeCounters = {}
    for node_id, counts in nodes.items():
        delta = {name: amount for name, amount in counts.items() if amount}
        waiting = counts.get("entered", 0) - sum(
            counts.get(name, 0) for name in ("passed", "exited", "errors")
        )
        if waiting:
            delta["waiting"] = waiting
        if delta:
            out[node_id] = delta
    return out


def merge(into: NodeCounters, deltas: Mapping[str, Mapping[str, int]]) -> NodeCounters:
    """Add ``deltas`` to ``into`` (in place) and return it; zero results are dropped."""
    for node_id, counts in deltas.items():
        bucket = into.setdefault(node_id, {})
        for name, amount in counts.items():
            total = bucket.get(name, 0) + amount
            if total:
                bucket[name] = total
            else:
                bucket.pop(name, None)
        if not bucket:
            del into[node_id]
    return into


def without_zeros(counters: Mapping[str, Mapping[str, int]]) -> NodeCounters:
    """The same counters with zero entries left out, for comparing snapshots and sums."""
    return merge({}, counters)
