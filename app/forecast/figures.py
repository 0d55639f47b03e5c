"""The forecast's figures, read from the sandbox after the run: one value per draw, scaled
to the base, then summed up as a mean and a 90% interval for the run to come: the 5th to
95th percentiles of the draws, widened to the normal-theory prediction interval
``mean ± t(0.95, n−1) · sd · √(1 + 1/n)`` where that is wider (with the default 20 draws or
fewer, the draws' own percentiles would cover a new run less than nine times in ten).

Counts per node are the live view's counters (``app.engine.counters``): members arriving
(``entered``), leaving by a branch (``passed``), leaving the journey (``exited``), still
waiting at the end of the horizon. Message figures come from the box's outbox and delivery
events: sent per channel and day, deferrals by reason (quiet hours, caps), the channel's
cost per message. Coupons are the ones the box granted; their liability is each coupon's
face value times its template's historic redemption rate. Attributed orders are the drawn
orders of members within the journey's attribution window after it touched them.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
from scipy import stats
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.engine.counters import _OUTCOME_COUNTER
from app.forecast.sandbox import Sandbox
from app.forecast.simulate import ORDER_PREFIX
from app.frames import rows_frame
from app.models.coupons import CouponTemplate

#: The interval's quantiles.
LOW, HIGH = 5, 95


def interval(array: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 90% interval, along the first axis, of the figure one more run would show, from
    the draws in ``array``: their 5th–95th percentiles, widened to the prediction interval
    of their mean and spread; never below zero for a figure that never is."""
    low = np.percentile(array, LOW, axis=0)
    high = np.percentile(array, HIGH, axis=0)
    n = array.shape[0]
    if n >= 2:
        half = stats.t.ppf(HIGH / 100, n - 1) * array.std(axis=0, ddof=1) * np.sqrt(1 + 1 / n)
        low = np.minimum(low, array.mean(axis=0) - half)
        high = np.maximum(high, array.mean(axis=0) + half)
    if array.size and array.min() >= 0:
        low = np.maximum(low, 0)
    return low, high


def summary(values, scale: float, digits: int = 0) -> dict:
    """``{"value", "low", "high"}`` of per-draw ``values`` times ``scale``."""
    array = np.asarray(values, dtype=float) * scale
    if array.size == 0:
        array = np.zeros(1)

    def rounded(x: float):
        return int(round(x)) if digits == 0 else round(float(x), digits)

    low, high = interval(array)
    return {"value": rounded(array.mean()), "low": rounded(low), "high": rounded(high)}


def expected_summary(expected, drawn, scale: float) -> dict:
    """``{"value", "low", "high"}``: the mean of ``expected`` and the 90% interval of
    ``drawn`` (per draw), times ``scale``."""
    value = summary(expected, scale)["value"]
    spread = summary(drawn, scale)
    return {"value": value, "low": min(spread["low"], value), "high": max(spread["high"], value)}


class Tally:
    """Per-draw values of named figures: ``tally[name][draw] += n``."""

    def __init__(self, draws: int):
        self.draws = draws
        self.values: dict[tuple, np.ndarray] = {}

    def add(self, key: tuple, draw: int, amount: float) -> None:
        if draw < 0 or draw >= self.draws:
            return
        if key not in self.values:
            self.values[key] = np.zeros(self.draws)
        self.values[key][draw] += amount

    def get(self, key: tuple) -> np.ndarray:
        return self.values.get(key, np.zeros(self.draws))


def _rows(conn, sql: str, **params):
    return conn.execute(text(sql), params).all()


def _frame(conn, sql: str, columns: list[str], **params) -> pd.DataFrame:
    return rows_frame(_rows(conn, sql, **params), columns)


def _utc(values: pd.Series) -> pd.Series:
    """The sandbox's stored times (SQLite's ISO 8601 text, UTC) as UTC timestamps."""
    return pd.to_datetime(values, utc=True, format="ISO8601")


def node_figures(conn, box: Sandbox, draws: int) -> tuple[Tally, Tally]:
    """Per draw: ``(node, counter)`` counts and ``(node, branch)`` edge counts."""
    nodes, edges = Tally(draws), Tally(draws)
    params = {"stride": box.stride, "version": box.version_id}
    for slot, node_id, outcome, branch, n in _rows(
        conn,
        "SELECT member_id / :stride, node_id, outcome, branch, count(*) FROM journey_steps "
        "WHERE version_id = :version GROUP BY 1, 2, 3, 4",
        **params,
    ):
        name = _OUTCOME_COUNTER.get(outcome)
        if name:
            nodes.add((node_id, name), slot, n)
            nodes.add((node_id, "entered"), slot, n)
        if outcome == "passed":
            edges.add((node_id, branch or "next"), slot, n)
    for slot, node_id, n in _rows(
        conn,
        "SELECT member_id / :stride, node_id, count(*) FROM journey_members "
        "WHERE version_id = :version AND status IN ('waiting', 'waiting_event') GROUP BY 1, 2",
        **params,
    ):
        nodes.add((node_id, "waiting"), slot, n)
        nodes.add((node_id, "entered"), slot, n)
    for slot, node_id, n in _rows(
        conn,
        "SELECT member_id / :stride, node_id, count(*) FROM journey_conversions "
        "WHERE version_id = :version GROUP BY 1, 2",
        **params,
    ):
        nodes.add((node_id, "converted"), slot, n)
    return nodes, edges


#: Step outcomes that mark a member at a node (held there, or leaving it): the first of them
#: is when the member arrived.
ARRIVAL_OUTCOMES = (*_OUTCOME_COUNTER, "waiting")


def arrivals_by_day(conn, box: Sandbox, draws: int, start, days: int) -> dict[str, np.ndarray]:
    """``{node_id: array (draws, days)}``: per draw, the members who arrived at the node by the
    end of each day of the horizon (day ``d`` ends ``d`` × 24 hours after ``start``); a run
    arrives at a node when its first step there is logged."""
    outcomes = ", ".join(f"'{o}'" for o in ARRIVAL_OUTCOMES)
    frame = _frame(
        conn,
        "SELECT member_id / :stride, node_id, min(at) FROM journey_steps "
        f"WHERE version_id = :version AND outcome IN ({outcomes}) "
        "GROUP BY journey_member_id, member_id, node_id",
        ["slot", "node_id", "at"],
        stride=box.stride,
        version=box.version_id,
    )
    out: dict[str, np.ndarray] = {}
    if frame.empty:
        return out
    at = _utc(frame["at"])
    elapsed = (at - pd.Timestamp(start)).dt.total_seconds().to_numpy()
    # Arriving at second s counts from the end of day floor(s / 86400) + 1 on.
    frame["day"] = np.clip(np.floor(elapsed / 86400).astype(int), 0, days)
    counts = frame.groupby(["node_id", "slot", "day"]).size()
    for (node_id, slot, day), n in counts.items():
        if not 0 <= slot < draws or day >= days:
            continue
        grid = out.setdefault(node_id, np.zeros((draws, days)))
        grid[int(slot), int(day)] += n
    return {node_id: grid.cumsum(axis=1) for node_id, grid in out.items()}


def by_day_summary(grid: np.ndarray | None, scale: float, days: int) -> dict[str, list[int]]:
    """``{"value", "low", "high"}``, each a list over the days: the mean and 90% interval of
    the draws' cumulative arrivals by the end of each day."""
    if grid is None:
        zeros = [0] * days
        return {"value": zeros, "low": zeros, "high": list(zeros)}
    scaled = grid * scale
    low, high = interval(scaled)
    return {
        "value": [int(round(x)) for x in scaled.mean(axis=0)],
        "low": [int(round(x)) for x in low],
        "high": [int(round(x)) for x in high],
    }


def message_figures(conn, box: Sandbox, draws: int) -> dict[str, Tally]:
    stride = box.stride
    sent, cost, queued, deferred = (Tally(draws) for _ in range(4))
    for slot, channel, day, n, spent in _rows(
        conn,
        "SELECT member_id / :stride, channel, substr(sent_at, 1, 10), count(*), "
        "coalesce(sum(cost), 0) FROM outbox WHERE journey_id = :journey AND sent_at IS NOT NULL "
        "GROUP BY 1, 2, 3",
        stride=stride,
        journey=box.journey_id,
    ):
        sent.add((channel, day), slot, n)
        sent.add((channel,), slot, n)
        cost.add((channel,), slot, float(spent))
    for slot, channel, n in _rows(
        conn,
        "SELECT member_id / :stride, channel, count(*) FROM outbox WHERE journey_id = :journey "
        "GROUP BY 1, 2",
        stride=stride,
        journey=box.journey_id,
    ):
        queued.add((channel,), slot, n)
    for slot, channel, reason, n in _rows(
        conn,
        "SELECT o.member_id / :stride, o.channel, d.reason, count(*) FROM delivery_events d "
        "JOIN outbox o ON o.id = d.message_id WHERE d.status = 'deferred' "
        "AND o.journey_id = :journey GROUP BY 1, 2, 3",
        stride=stride,
        journey=box.journey_id,
    ):
        deferred.add((channel, (reason or "").split(":")[0]), slot, n)
    return {"sent": sent, "cost": cost, "queued": queued, "deferred": deferred}


def face_value(template: CouponTemplate, typical_order: float) -> float:
    """What one coupon of ``template`` takes off an order, by its terms."""
    terms = template.terms or {}
    if template.kind == "amount_off":
        return float(terms.get("amount") or 0)
    if template.kind == "percent_off":
        off = (
            float(terms.get("percent") or 0)
            / 100
            * max(typical_order, float(terms.get("threshold") or 0))
        )
        cap = terms.get("cap")
        return min(off, float(cap)) if cap else off
    return 0.0


def redemption_rates(session: Session) -> tuple[dict[int, float], float, dict[int, float]]:
    """Per template: the share of its coupons redeemed (of those granted before the last 30
    days, which had time to be used), the base's share, and the mean discount given."""
    rows = session.execute(
        text(
            "SELECT template_id, count(*), "
            "sum(CASE WHEN redeemed_at IS NOT NULL THEN 1 ELSE 0 END), "
            "avg(CASE WHEN redeemed_at IS NOT NULL THEN discount END) "
            "FROM coupons GROUP BY template_id"
        )
    ).all()
    rates, discounts = {}, {}
    total = redeemed = 0
    for template_id, n, used, discount in rows:
        total, redeemed = total + n, redeemed + (used or 0)
        rates[template_id] = (used or 0) / n if n else 0.0
        if discount is not None:
            discounts[template_id] = float(discount)
    return rates, (redeemed / total if total else 0.0), discounts


def coupon_figures(conn, box: Sandbox, draws: int, session: Session, typical_order: float):
    """Per draw: coupons issued and their liability, per template key and in total."""
    issued, liability = Tally(draws), Tally(draws)
    rates, base_rate, discounts = redemption_rates(session)
    templates = {t.id: t for t in session.query(CouponTemplate)}
    for slot, template_id, n in _rows(
        conn,
        "SELECT member_id / :stride, template_id, count(*) FROM coupons "
        "WHERE source LIKE :source GROUP BY 1, 2",
        stride=box.stride,
        source=f"journey:{box.journey_id}:%",
    ):
        template = templates.get(template_id)
        if template is None:
            continue
        face = discounts.get(template_id) or face_value(template, typical_order)
        rate = rates.get(template_id, base_rate)
        issued.add((template.key,), slot, n)
        issued.add(("total",), slot, n)
        liability.add((template.key,), slot, n * face * rate)
        liability.add(("total",), slot, n * face * rate)
    return issued, liability


def order_figures(conn, box: Sandbox, draws: int, window_days: int) -> tuple[Tally, Tally]:
    """Drawn orders within ``window_days`` after a touch of the journey, per draw."""
    orders_n, paid = Tally(draws), Tally(draws)
    touches = _frame(
        conn,
        "SELECT member_id, min(at) FROM journey_touches WHERE journey_id = :journey "
        "GROUP BY member_id",
        ["member_id", "at"],
        journey=box.journey_id,
    )
    orders = _frame(
        conn,
        "SELECT member_id, paid_at, net_amount FROM orders WHERE external_id LIKE :prefix",
        ["member_id", "paid_at", "net_amount"],
        prefix=f"{ORDER_PREFIX}%",
    )
    if touches.empty or orders.empty:
        return orders_n, paid
    merged = orders.merge(touches, on="member_id")
    at = _utc(merged["at"])
    paid_at = _utc(merged["paid_at"])
    kept = merged[(paid_at >= at) & (paid_at <= at + pd.Timedelta(days=window_days))]
    for slot, group in kept.groupby(kept["member_id"] // box.stride):
        orders_n.add(("orders",), int(slot), len(group))
        paid.add(("paid",), int(slot), float(group["net_amount"].astype(float).sum()))
    return orders_n, paid


def sends_by_day(sent: Tally, scale: float) -> list[dict]:
    days: dict[str, dict] = defaultdict(dict)
    for key, values in sent.values.items():
        if len(key) == 2 and key[1]:
            days[key[1]][key[0]] = summary(values, scale)
    return [{"day": day, "channels": channels} for day, channels in sorted(days.items())]
