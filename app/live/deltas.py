"""Pure conversions between the engine's batch reports and the live counters a browser shows.

Counters are ``{node_id: {counter: n}}``. A batch report counts what each node did
(``entered``, ``passed``, ``exited``, ``errors`` and the tallies of actions such as
``messages_queued``); how many wait at a node *now* follows from them: every arrival that
neither passed, left nor failed is still waiting there, and a resumed member who leaves
takes one away.

Edge counters (``{node_id: {branch: n}}``, members who left a node by a branch) come straight
from the report. Message outcomes per send node (sent, deferred, suppressed, failed) come
from the delivery dispatcher.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

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


#: Edge counters: how many members left each node by each branch, ``{node_id: {branch: n}}``.
#: They have the shape of node counters, so :func:`merge` adds them up the same way.
EdgeCounters = dict[str, dict[str, int]]

#: Outbox statuses and the counter of the send node that queued the message. Messages still
#: on their way (``pending``, ``sending``, ``retry``) count only as ``messages_queued``.
MESSAGE_COUNTERS = {
    "sent": "messages_sent",
    "delivered": "messages_sent",
    "opened": "messages_sent",
    "clicked": "messages_sent",
    "deferred": "messages_deferred",
    "suppressed": "messages_suppressed",
    "failed": "messages_failed",
    "bounced": "messages_failed",
}


def message_deltas(
    outcomes: Iterable[tuple], previous: Mapping[tuple[int, datetime], str | None]
) -> dict[int, NodeCounters]:
    """Per-journey deltas from the dispatcher's outcomes ``(journey_id, node_id, message_id,
    status, at)``; ``previous[(message_id, at)]`` is the message's status before that outcome
    (``None`` for a first try). A deferred message that is now sent stops counting as deferred.
    """
    out: dict[int, NodeCounters] = {}
    for journey_id, node_id, message_id, status, at in outcomes:
        new = MESSAGE_COUNTERS.get(status)
        old = MESSAGE_COUNTERS.get(previous.get((message_id, at)) or "")
        if new == old:
            continue
        change = {name: amount for name, amount in ((new, 1), (old, -1)) if name}
        merge(out.setdefault(journey_id, {}), {node_id: change})
        if not out[journey_id]:
            del out[journey_id]
    return out
