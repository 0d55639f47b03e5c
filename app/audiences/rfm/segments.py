"""The mapping from RFM scores to named segments, as data.

A member's ``fm`` score is the mean of F and M rounded half up: ``(f + m + 1) // 2``.
Rules are tried in order and the first whose R range and FM range both hold names the
segment. The table covers all 25 (R, FM) cells; change it here (or pass another table to
the refresh) to change the segmentation. Members without orders in the window get
:data:`NO_ORDERS` and no scores.
"""

from __future__ import annotations

from typing import NamedTuple


class SegmentRule(NamedTuple):
    segment: str
    r: tuple[int, int]
    fm: tuple[int, int]


SEGMENT_RULES: tuple[SegmentRule, ...] = (
    SegmentRule("Champions", (4, 5), (4, 5)),
    SegmentRule("Loyal", (3, 5), (3, 5)),
    SegmentRule("New", (5, 5), (1, 1)),
    SegmentRule("Promising", (4, 4), (1, 1)),
    SegmentRule("Potential loyalist", (4, 5), (2, 2)),
    SegmentRule("Need attention", (3, 3), (2, 2)),
    SegmentRule("About to sleep", (3, 3), (1, 1)),
    SegmentRule("Can't lose them", (1, 1), (4, 5)),
    SegmentRule("At risk", (1, 2), (3, 5)),
    SegmentRule("Hibernating", (2, 2), (1, 2)),
    SegmentRule("Lost", (1, 1), (1, 2)),
)

NO_ORDERS = "No orders"

SEGMENT_NAMES: tuple[str, ...] = tuple(dict.fromkeys(r.segment for r in SEGMENT_RULES)) + (
    NO_ORDERS,
)


def fm_score(f: int, m: int) -> int:
    """The combined frequency-monetary score used by the segment table."""
    return (f + m + 1) // 2


def segment_for(r: int, f: int, m: int, rules: tuple[SegmentRule, ...] = SEGMENT_RULES) -> str:
    """The segment of one (R, F, M) score triple."""
    fm = fm_score(f, m)
    for rule in rules:
        if rule.r[0] <= r <= rule.r[1] and rule.fm[0] <= fm <= rule.fm[1]:
            return rule.segment
    raise ValueError(f"no segment rule covers r={r}, fm={fm}")


def segment_grid(rules: tuple[SegmentRule, ...] = SEGMENT_RULES) -> dict[tuple[int, int], str]:
    """The segment of every (R, FM) cell, for vectorised lookup and documentation."""
    grid = {}
    for r in range(1, 6):
        for fm in range(1, 6):
            grid[(r, fm)] = next(
                (x.segment for x in rules if x.r[0] <= r <= x.r[1] and x.fm[0] <= fm <= x.fm[1]),
                None,
            )
            if grid[(r, fm)] is None:
                raise ValueError(f"no segment rule covers r={r}, fm={fm}")
    return grid
