"""Pure figures of the dashboard: ratios, changes against the previous period, movements."""

from __future__ import annotations


def ratio(part: float, whole: float) -> float | None:
    return None if not whole else part / whole


def change_pct(value: float | None, previous: float | None) -> float | None:
    """The change from ``previous`` to ``value`` in percent; none from nothing."""
    if value is None or previous is None or previous == 0:
        return None
    return round((value - previous) / previous * 100, 2)


def figure(value: float | None, previous: float | None, digits: int = 2) -> dict:
    """A figure with its previous-period value and the change in percent."""
    rounded = None if value is None else round(value, digits)
    before = None if previous is None else round(previous, digits)
    return {"value": rounded, "previous": before, "change_pct": change_pct(value, previous)}


def movement(now: dict[str, int], before: dict[str, int] | None, order=()) -> list[dict]:
    """Members per key now and before, keys in ``order`` first, then by size."""
    keys = [k for k in order if k in now or (before and k in before)]
    rest = sorted(set(now) | set(before or {}), key=lambda k: (-now.get(k, 0), k))
    keys += [k for k in rest if k not in keys]
    return [
        {
            "key": key,
            "members": now.get(key, 0),
            "previous": None if before is None else before.get(key, 0),
            "change": None if before is None else now.get(key, 0) - before.get(key, 0),
        }
        for key in keys
    ]
