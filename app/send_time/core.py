"""Each member's most responsive hour of the week, as pure functions of arrays and frames.

A member's responses (opens, clicks, visits, orders — each with a weight) are counted per
hour of the week in the member's own timezone (168 cells, Monday 00:00 first), smoothed
over neighbouring hours (people answer around a time, not at one minute), and shrunk
towards their segment's hours:

    estimate[h] = (smoothed[h] + K · segment_share[h]) / (n + K)

with ``n`` the member's weighted responses and ``K`` (:data:`PRIOR_RESPONSES`) the weight
the segment carries. A member with little history gets their segment's best hour; with
more, their own. A segment's shares are shrunk the same way towards everyone's, so a small
segment does not decide on a handful of responses. The best hour is the estimate's
largest cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.timezones import zone

HOURS = 168
#: Responses, in weight, a member's own history needs to count as much as their segment's.
PRIOR_RESPONSES = 8.0
#: A segment's responses needed to count as much as everyone's hours.
SEGMENT_PRIOR_RESPONSES = 50.0
#: Smoothing over neighbouring hours of the week (offsets -2 … +2), wrapping round the week.
KERNEL = np.array([1.0, 3.0, 5.0, 3.0, 1.0]) / 13.0
#: What a response of each kind weighs: an order says more than an open.
WEIGHTS = {"open": 1.0, "click": 2.0, "visit": 0.5, "order": 3.0}
#: The segment of members without one.
NO_SEGMENT = ""
#: The key of everyone's shares, for segments not seen.
EVERYONE = "*"


def hours_of_week(at: pd.Series, timezones: pd.Series) -> np.ndarray:
    """Hour of the week (0–167) of each UTC timestamp in ``at``, in the matching timezone."""
    at = pd.to_datetime(pd.Series(at).reset_index(drop=True), utc=True)
    names = pd.Series(timezones).fillna("").astype(str).to_numpy()
    out = np.zeros(len(at), dtype=np.int16)
    for name in np.unique(names):
        where = np.flatnonzero(names == name)
        local = pd.DatetimeIndex(at.iloc[where]).tz_convert(zone(name, "Asia/Shanghai"))
        out[where] = local.day_of_week * 24 + local.hour
    return out


def counts_matrix(member_ids: np.ndarray, responses: pd.DataFrame) -> np.ndarray:
    """Weighted responses per member (rows in ``member_ids`` order) and hour of the week.

    ``responses`` has ``member_id``, ``hour`` and ``weight`` columns.
    """
    matrix = np.zeros((len(member_ids), HOURS))
    if len(responses):
        row = pd.Index(member_ids).get_indexer(responses["member_id"].to_numpy())
        keep = row >= 0
        np.add.at(
            matrix,
            (row[keep], responses["hour"].to_numpy()[keep].astype(int)),
            responses["weight"].to_numpy()[keep],
        )
    return matrix


def smooth(matrix: np.ndarray) -> np.ndarray:
    """Spread each hour's count over its neighbours; totals stay the same."""
    out = np.zeros_like(matrix)
    for offset, weight in zip(range(-2, 3), KERNEL, strict=True):
        out += weight * np.roll(matrix, offset, axis=-1)
    return out


def shrink(counts: np.ndarray, prior_share: np.ndarray, strength: float) -> np.ndarray:
    """``(counts + strength · prior) / (n + strength)`` row by row: shares of the hours."""
    totals = counts.sum(axis=-1, keepdims=True)
    return (counts + strength * prior_share) / (totals + strength)


@dataclass
class SegmentHours:
    """Smoothed weighted responses per segment, summed over every member of it."""

    counts: dict[str, np.ndarray]

    def add(self, segments: np.ndarray, smoothed: np.ndarray) -> None:
        for segment in np.unique(segments):
            part = smoothed[segments == segment].sum(axis=0)
            self.counts[segment] = self.counts.get(segment, np.zeros(HOURS)) + part

    def shares(self) -> dict[str, np.ndarray]:
        """Each segment's shares of the hours, shrunk towards everyone's (under ``EVERYONE``)."""
        everyone = sum(self.counts.values(), np.zeros(HOURS))
        total = everyone.sum()
        overall = everyone / total if total else np.full(HOURS, 1.0 / HOURS)
        out = {s: shrink(c, overall, SEGMENT_PRIOR_RESPONSES) for s, c in self.counts.items()}
        out[EVERYONE] = overall
        return out


def best_hours(
    member_ids: np.ndarray, segments: np.ndarray, smoothed: np.ndarray, shares: dict
) -> pd.DataFrame:
    """Each member's best hour, its estimated share and the weighted responses behind it;
    ``shares`` as :meth:`SegmentHours.shares` gives them."""
    prior = np.zeros((len(member_ids), HOURS))
    for segment in np.unique(segments):
        prior[segments == segment] = shares.get(segment, shares[EVERYONE])
    estimate = shrink(smoothed, prior, PRIOR_RESPONSES)
    best = estimate.argmax(axis=1)
    return pd.DataFrame(
        {
            "member_id": member_ids,
            "hour_of_week": best.astype(int),
            "share": estimate[np.arange(len(best)), best],
            "responses": smoothed.sum(axis=1),
            "segment": segments,
        }
    )
