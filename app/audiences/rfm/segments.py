"""The mapping from RFM scores to named segments, as data.

A member's ``fm`` score is the mean of F and M rounded half up: ``(f + m + 1) // 2``.
Rules are tried in order and the first whose R range and FM range both hold names the
segment. The table covers all 25 (R, FM) cells; change it here (or pass another table to
the refresh) to change the segmentation.

Members without purchases in the window get no scores and one of two segments that say
why: :data:`LOST` when they bought before the window (and not in it), :data:`NEVER_BOUGHT`
when they have never bought (as of the scoring date).
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
    SegmentRule("Hibernating", (1, 2), (1, 2)),
)

#: Bought before the window, not in it: no scores.
LOST = "Lost"
#: No purchase at all up to the scoring date: no scores.
NEVER_BOUGHT = "Never bought"
UNSCORED_SEGMENTS: tuple[str, ...] = (LOST, NEVER_BOUGHT)

SEGMENT_NAMES: tuple[str, ...] = (
    tuple(dict.fromkeys(r.segment for r in SEGMENT_RULES)) + UNSCORED_SEGMENTS
)

#: Names that rules saved before the split may still carry, and what they stand for now.
#: ``No orders`` held both lapsed and never-buying members.
LEGACY_SEGMENTS: dict[str, tuple[str, ...]] = {"No orders": UNSCORED_SEGMENTS}


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


def _span(values: list[int]) -> str:
    """``3``, ``1-3`` for a run, ``1, 3`` otherwise."""
    low, high = min(values), max(values)
    if len(set(values)) != high - low + 1:
        return ", ".join(str(v) for v in sorted(set(values)))
    return str(low) if low == high else f"{low}-{high}"


def segment_description(
    name: str, window_days: int, rules: tuple[SegmentRule, ...] = SEGMENT_RULES
) -> str:
    """What a segment means, in a sentence: its (R, FM) cells of the table, or why it has
    no scores. Adjacent rows of R with the same FM range are merged (``R 4-5, FM 3``)."""
    if name == LOST:
        return f"Bought before the last {window_days} days, not in them"
    if name == NEVER_BOUGHT:
        return "No purchase at all: placed, cancelled or refunded orders only, or none"
    by_r: dict[int, list[int]] = {}
    for (r, fm), segment in segment_grid(rules).items():
        if segment == name:
            by_r.setdefault(r, []).append(fm)
    runs: list[tuple[str, list[int]]] = []
    for r in sorted(by_r, reverse=True):
        fms = _span(by_r[r])
        if runs and runs[-1][0] == fms and runs[-1][1][-1] == r + 1:
            runs[-1][1].append(r)
        else:
            runs.append((fms, [r]))
    if not runs:
        return ""
    cells = " or ".join(f"R {_span(rs)}, FM {fms}" for fms, rs in runs)
    return f"Bought in the last {window_days} days: {cells}"
