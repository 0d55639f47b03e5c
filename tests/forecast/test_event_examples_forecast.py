"""On the shipped examples that enter on events (abandoned carts, invite a friend), what the
engine does after publishing on the demo, with carts left and friends registered the demo
shop's way at the rate of the demo's history, falls inside the forecast's 90% intervals for
at least 90% of the nodes (how: ``tests/forecast/examples.py``). A file of its own, so the
examples' runs share the test workers."""

from __future__ import annotations

import json

from tests.engine.test_examples_run import EXAMPLES
from tests.forecast.examples import entry_events, forecast_then_run, share_inside


def test_the_examples_entering_on_events_run_inside_their_forecasts(app, admin_client):
    paths = [p for p in EXAMPLES if entry_events(p)]
    keys = {json.loads(p.read_text())["journey"]["key"] for p in paths}
    assert keys == {"abandoned-cart", "invite-a-friend"}, keys
    nodes = []
    for path in paths:
        nodes += forecast_then_run(path, app, admin_client)
    carts = [n for n in nodes if n[0] == "abandoned-cart"]
    assert any(n[2] > 0 for n in carts), "nobody entered on a cart"
    friends = [n for n in nodes if n[0] == "invite-a-friend"]
    assert any(n[2] > 0 for n in friends), "nobody entered on a friend's registration"
    share, outside = share_inside(nodes)
    assert share >= 0.9, outside
