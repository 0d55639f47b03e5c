"""Pure decisions of a monitor: whether a value fires it, and the sentence that says so."""

from __future__ import annotations

COMPARISONS = ("falls_by", "rises_by", "below", "above")
#: Metrics whose alert concerns members: those counted before and not now.
MEMBER_METRICS = ("active_30", "active_90", "payers")
LABELS = {
    "active_30": "30-day active members",
    "active_90": "90-day active members",
    "new_members": "new members",
    "payers": "paying members",
    "repurchase_rate": "repurchase rate",
    "average_order_value": "average order value",
    "paid_orders": "paid orders",
    "paid_amount": "paid amount",
}


def fires(comparison: str, threshold: float, value: float | None, previous: float | None) -> bool:
    """``falls_by``/``rises_by``: the change against ``previous`` reaches ``threshold``
    percent; ``below``/``above``: ``value`` is strictly beyond ``threshold``."""
    if value is None:
        return False
    if comparison == "below":
        return value < threshold
    if comparison == "above":
        return value > threshold
    if not previous:
        return False
    change = (value - previous) / previous * 100
    if comparison == "falls_by":
        return change <= -threshold
    return change >= threshold


def sentence(name: str, metric: str, comparison: str, threshold: float, value, previous) -> str:
    def show(v):
        return (
            "—"
            if v is None
            else f"{v:,.4g}"
            if isinstance(v, float) and v < 1
            else f"{v:,.2f}".rstrip("0").rstrip(".")
        )

    metric = LABELS.get(metric, metric)
    if comparison in ("falls_by", "rises_by"):
        change = (value - previous) / previous * 100 if previous else 0.0
        return (
            f"{name}: {metric} {'fell' if change < 0 else 'rose'} {abs(change):.1f}% "
            f"({show(previous)} → {show(value)}), beyond {threshold:g}%"
        )
    word = "below" if comparison == "below" else "above"
    return f"{name}: {metric} is {show(value)}, {word} {show(threshold)}"
