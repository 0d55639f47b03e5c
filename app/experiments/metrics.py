"""The metrics an experiment can decide on: what each one counts, and what it needs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    key: str
    #: ``rate``: a share of members (two-proportion test); ``mean``: a figure per member
    #: (Welch's t-test).
    kind: str
    label: str
    #: What the journey must have for the metric to mean anything.
    needs: str | None = None


METRICS = {
    m.key: m
    for m in (
        Metric("conversion", "rate", "members who reached the journey's goal", "goal"),
        Metric("orders", "mean", "credited purchases per member"),
        Metric("revenue", "mean", "credited paid amount per member"),
        Metric("coupon_redemption", "rate", "members who used a coupon it granted", "coupon"),
        Metric("click", "rate", "members who clicked a message it sent", "send"),
        Metric("open", "rate", "members who opened a message it sent", "send"),
    )
}
