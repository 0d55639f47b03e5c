"""On the shipped examples that enter at publishing, on dates or on schedules, what the
engine does after publishing on the demo falls inside the forecast's 90% intervals for at
least 90% of the nodes (how: ``tests/forecast/examples.py``)."""

from __future__ import annotations

from tests.engine.test_examples_run import EXAMPLES
from tests.forecast.examples import entry_events, forecast_then_run, share_inside


def test_the_examples_run_inside_their_forecasts(app, admin_client):
    nodes = []
    for path in EXAMPLES:
        if not entry_events(path):
            nodes += forecast_then_run(path, app, admin_client)
    assert sum(n[2] for n in nodes) > 0, "nothing ran"
    share, outside = share_inside(nodes)
    assert share >= 0.9, outside
