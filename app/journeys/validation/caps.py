"""The frequency-cap check: can one path send a member too many messages in a day?

For each capped channel we find the most sends of that channel a member can meet within
24 hours of one of them, walking the graph and adding up the least time each node is sure
to hold a member (a wait.duration its length, a wait.event's timeout branch its timeout;
a wait.until or an arriving event may release a member at once, so they count as zero).
Paths are explored as (node, minutes elapsed) states, memoised, with an explicit stack so
a long chain cannot exhaust Python's recursion limit.
"""

from __future__ import annotations

from app.journeys.settings import Settings
from app.journeys.validation.config import TypedNode
from app.journeys.violations import Violation, violation

DAY_MINUTES = 24 * 60


def _sends(item: TypedNode, channel: str) -> int:
    if item.config is None:
        return 0
    return sum(1 for c in item.type.sends(item.config) if c == channel)


def _successors(graph, typed: dict[str, TypedNode], node_id: str, elapsed: int):
    item = typed[node_id]
    for _source, target, branch in graph.out_edges(node_id, data="branch"):
        delay = item.type.min_delay_minutes(item.config, branch) if item.config else 0
        if elapsed + delay < DAY_MINUTES:
            yield (target, elapsed + delay)


def _most_sends(graph, typed, channel: str, start: str, memo: dict) -> int:
    """Most sends of ``channel`` on a path starting at ``start`` within a day of it.

    ``memo`` maps (node, elapsed) states to their result and is shared between starts.
    """
    root = (start, 0)
    if root in memo:
        return memo[root]
    on_path: set[tuple[str, int]] = set()
    stack = [(root, iter(_successors(graph, typed, *root)), 0)]
    on_path.add(root)
    while stack:
        state, successors, best = stack[-1]
        advanced = False
        for nxt in successors:
            if nxt in memo:
                best = max(best, memo[nxt])
            elif nxt not in on_path:  # a loop back onto the path adds nothing new
                stack[-1] = (state, successors, best)
                on_path.add(nxt)
                stack.append((nxt, iter(_successors(graph, typed, *nxt)), 0))
                advanced = True
                break
        if advanced:
            continue
        stack.pop()
        on_path.discard(state)
        memo[state] = _sends(typed[state[0]], channel) + best
        if stack:
            parent, parent_successors, parent_best = stack[-1]
            stack[-1] = (parent, parent_successors, max(parent_best, memo[state]))
    return memo[root]


def check_caps(graph, typed: dict[str, TypedNode], settings: Settings) -> list[Violation]:
    """A warning per channel on which some path exceeds the journey's per-day cap."""
    out = []
    senders: dict[str, list[str]] = {}
    for node_id in sorted(typed):
        item = typed[node_id]
        if item.config is not None:
            for channel in item.type.sends(item.config):
                senders.setdefault(channel, []).append(node_id)
    for channel, starts in sorted(senders.items()):
        cap = settings.cap(channel)
        if cap is None:
            continue
        worst, worst_start, memo = 0, None, {}
        for start in starts:
            count = _most_sends(graph, typed, channel, start, memo)
            if count > worst:
                worst, worst_start = count, start
        if worst > cap:
            out.append(
                violation(
                    "frequency_cap_exceeded",
                    f"A member can get {worst} {channel} messages within a day on the path from "
                    f"here; the cap is {cap} per day.",
                    worst_start,
                )
            )
    return out
