"""The pure core of best send times: hours of the week in the member's timezone, smoothing
that keeps totals, and shrinkage that lets little history defer to the segment."""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.send_time.core import (
    HOURS,
    PRIOR_RESPONSES,
    SegmentHours,
    best_hours,
    counts_matrix,
    hours_of_week,
    smooth,
)


def test_hours_of_the_week_are_local_and_start_on_monday():
    at = pd.Series(
        pd.to_datetime(["2026-03-02T16:30:00Z", "2026-03-02T16:30:00Z", "2026-03-08T23:59:00Z"])
    )
    zones = pd.Series(["Asia/Shanghai", "Europe/Berlin", "UTC"])
    # 16:30 UTC on Monday is Tuesday 00:30 in Shanghai, Monday 17:30 in Berlin.
    assert hours_of_week(at, zones).tolist() == [24, 17, HOURS - 1]


def test_smoothing_keeps_totals_and_wraps_round_the_week():
    matrix = counts_matrix(
        np.array([7, 9]),
        pd.DataFrame({"member_id": [7, 7, 9], "hour": [0, 0, 100], "weight": [1.0, 2.0, 0.5]}),
    )
    smoothed = smooth(matrix)
    assert np.allclose(smoothed.sum(axis=1), [3.0, 0.5])
    assert smoothed[0, HOURS - 1] > 0 and smoothed[0, 0] == smoothed[0].max()


def test_little_history_defers_to_the_segment_and_more_history_wins():
    segment = np.zeros(HOURS)
    segment[40] = 100.0
    hours = SegmentHours({})
    hours.add(np.array(["night-owls"]), smooth(segment[None, :]))
    shares = hours.shares()
    one_open = np.zeros((1, HOURS))
    one_open[0, 100] = 1.0
    many = np.zeros((1, HOURS))
    many[0, 100] = PRIOR_RESPONSES * 2
    found = best_hours(
        np.array([1, 2, 3, 4]),
        np.array(["night-owls", "night-owls", "night-owls", "unknown"]),
        smooth(np.vstack([one_open, many, np.zeros((1, HOURS)), np.zeros((1, HOURS))])),
        shares,
    )
    assert found["hour_of_week"].tolist() == [40, 100, 40, 40]
    assert found["responses"].round(6).tolist() == [1.0, PRIOR_RESPONSES * 2, 0.0, 0.0]
