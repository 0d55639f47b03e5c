"""A member's best moment within N hours, on hand-picked cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.send_time.timing import best_moment

# Wednesday 2026-06-03 07:30 UTC = 15:30 in Shanghai.
NOW = datetime(2026, 6, 3, 7, 30, tzinfo=UTC)
WED_20H = 2 * 24 + 20
MON_09H = 9


def test_the_hour_of_the_week_when_it_comes_in_time():
    got = best_moment(NOW, WED_20H, "Asia/Shanghai", 6)
    assert got == datetime(2026, 6, 3, 12, 0, tzinfo=UTC)  # 20:00 in Shanghai


def test_the_same_hour_another_day_when_the_weekday_is_too_far():
    got = best_moment(NOW, MON_09H, "Asia/Shanghai", 24)
    assert got == datetime(2026, 6, 4, 1, 0, tzinfo=UTC)  # Thursday 09:00 in Shanghai


def test_the_cap_when_neither_comes_in_time():
    assert best_moment(NOW, MON_09H, "Asia/Shanghai", 3) == NOW + timedelta(hours=3)
