"""The attribution rule on hand-made rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from app.attribution.credit import credit

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def touches(*rows) -> pd.DataFrame:
    """``(touch_id, journey_id, member_id, node_id, hours after T0)``."""
    return pd.DataFrame(
        [(t, j, 100 + t, m, n, T0 + timedelta(hours=h)) for t, j, m, n, h in rows],
        columns=["touch_id", "journey_id", "journey_member_id", "member_id", "node_id", "at"],
    )


def orders(*rows) -> pd.DataFrame:
    """``(order_id, member_id, hours after T0)``."""
    return pd.DataFrame(
        [(o, m, T0 + timedelta(hours=h)) for o, m, h in rows],
        columns=["order_id", "member_id", "paid_at"],
    )


def credited(o, t, windows=None) -> set[tuple]:
    out = credit(o, t, windows or {1: 7, 2: 2})
    return set(zip(out.order_id, out.journey_id, out.node_id, strict=True))


def test_the_last_touch_before_payment_takes_the_order():
    t = touches((1, 1, 7, "email", 0), (2, 1, 7, "coupon", 48), (3, 1, 7, "sms", 100))
    assert credited(orders((10, 7, 50)), t) == {(10, 1, "coupon")}


def test_window_counts_from_the_last_touch_and_includes_its_end():
    t = touches((1, 1, 7, "email", 0), (2, 1, 7, "sms", 24))
    o = orders((10, 7, 24 + 7 * 24), (11, 7, 24 + 7 * 24 + 0.01), (12, 7, -1))
    assert credited(o, t) == {(10, 1, "sms")}


def test_each_journey_credits_by_its_own_window_and_members_do_not_mix():
    t = touches((1, 1, 7, "a", 0), (2, 2, 7, "b", 0), (3, 1, 8, "c", 0))
    o = orders((10, 7, 72), (11, 8, 1), (12, 9, 1))
    assert credited(o, t) == {(10, 1, "a"), (11, 1, "c")}


def test_a_touch_at_the_moment_of_payment_counts_and_a_tie_goes_to_the_later_step():
    t = touches((1, 1, 7, "coupon", 5), (2, 1, 7, "send", 5))
    assert credited(orders((10, 7, 5)), t) == {(10, 1, "send")}


def test_the_worked_example_of_docs_attribution():
    # Lin entered 1 March 10:00 (coupon and email then), SMS on 4 March 09:00.
    t = touches((1, 1, 7, "coupon", 0), (2, 1, 7, "email", 0), (3, 1, 7, "sms", 71))
    o = orders((1, 7, -16), (2, 7, 26), (3, 7, 9 * 24 + 10), (4, 7, 10 * 24))
    assert credited(o, t) == {(2, 1, "email"), (3, 1, "sms")}
