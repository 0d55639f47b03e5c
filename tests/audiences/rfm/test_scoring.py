"""RFM scoring: quintiles with ties, and the segment table."""

from __future__ import annotations

import pandas as pd

from app.audiences.rfm.scoring import quintile_scores, score_members
from app.audiences.rfm.segments import (
    SEGMENT_NAMES,
    SEGMENT_RULES,
    segment_description,
    segment_for,
    segment_grid,
)


def test_quintiles_of_distinct_values():
    scores = quintile_scores(pd.Series(range(10)))
    assert scores.tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_equal_values_get_equal_scores():
    scores = quintile_scores(pd.Series([1, 1, 1, 1, 1, 1, 2, 3, 4, 5]))
    assert set(scores[:6]) == {1}
    assert scores.tolist()[6:] == [4, 4, 5, 5]


def test_lower_is_better_for_recency():
    assert quintile_scores(
        pd.Series([1.0, 50.0, 400.0, 3.0, 9.0]), higher_is_better=False
    ).tolist() == [5, 2, 1, 4, 3]


def test_every_cell_has_a_segment_and_all_ten_are_used():
    grid = segment_grid()
    assert len(grid) == 25
    assert set(grid.values()) == {r.segment for r in SEGMENT_RULES}
    assert len(set(grid.values())) == 10
    # Members without purchases in the window: lapsed or never bought, never in the grid.
    assert SEGMENT_NAMES[-2:] == ("Lost", "Never bought")
    assert not {"Lost", "Never bought", "No orders"} & set(grid.values())
    assert len(SEGMENT_NAMES) == 12


def test_segments_say_what_they_mean():
    assert segment_description("Lost", 180) == "Bought before the last 180 days, not in them"
    assert segment_description("Never bought", 180) == (
        "No purchase at all: placed, cancelled or refunded orders only, or none"
    )
    assert segment_description("Champions", 365) == "Bought in the last 365 days: R 4-5, FM 4-5"
    assert segment_description("At risk", 365) == (
        "Bought in the last 365 days: R 2, FM 3-5 or R 1, FM 3"
    )


def test_segment_examples():
    assert segment_for(5, 5, 5) == "Champions"
    assert segment_for(5, 1, 1) == "New"
    assert segment_for(1, 5, 5) == "Can't lose them"
    assert segment_for(1, 1, 1) == "Hibernating"
    assert segment_for(3, 1, 1) == "About to sleep"


def test_score_members_adds_scores_and_segment():
    now = pd.Timestamp("2025-06-15", tz="UTC")
    facts = pd.DataFrame(
        {
            "member_id": [1, 2, 3, 4, 5],
            "orders": [10, 1, 5, 1, 2],
            "revenue": [900.0, 20.0, 400.0, 10.0, 50.0],
            "last_paid_at": pd.to_datetime(
                ["2025-06-14", "2025-06-13", "2024-08-01", "2024-07-01", "2025-01-01"], utc=True
            ),
        }
    )
    out = score_members(facts, now).set_index("member_id")
    assert out.loc[1, ["r", "f", "m"]].tolist() == [5, 5, 5]
    assert out.loc[1, "segment"] == "Champions"
    assert out.loc[4, "segment"] == "Hibernating"
