"""The pure decisions of a monitor."""

import pytest

from app.alerts.core import fires, sentence


@pytest.mark.parametrize(
    "comparison, threshold, value, previous, expected",
    [
        ("falls_by", 5, 95, 100, True),
        ("falls_by", 5, 95.1, 100, False),
        ("falls_by", 5, 50, 0, False),
        ("rises_by", 10, 110, 100, True),
        ("rises_by", 10, 109, 100, False),
        ("below", 150, 149.99, None, True),
        ("below", 150, 150, None, False),
        ("above", 0.5, 0.51, None, True),
        ("above", 0.5, None, None, False),
    ],
)
def test_fires(comparison, threshold, value, previous, expected):
    assert fires(comparison, threshold, value, previous) is expected


def test_sentences_say_what_moved():
    said = sentence("Drop", "active_30", "falls_by", 5, 90, 100)
    assert said == "Drop: 30-day active members fell 10.0% (100 → 90), beyond 5%"
    assert sentence("AOV", "average_order_value", "below", 150, 120.5, None) == (
        "AOV: average order value is 120.5, below 150"
    )
