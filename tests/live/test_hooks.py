"""The dispatcher's hook: one report per recorded batch, only for messages journeys queued."""

from __future__ import annotations

from types import SimpleNamespace as Row

from app.engine import hooks
from tests.live.test_buffer import T0


def test_messages_settled_reports_the_journey_messages_of_a_batch_once():
    reports = []
    hooks.on_messages_settled(reports.append)
    try:
        rows = [
            Row(id=1, journey_id=7, node_id="inbox"),
            Row(id=2, journey_id=None, node_id=None),  # sent through the API
            Row(id=3, journey_id=7, node_id="inbox"),
        ]
        results = [Row(id=1, status="sent"), Row(id=2, status="sent"), Row(id=3, status="deferred")]
        hooks.messages_settled(rows, results, T0)
        hooks.messages_settled(rows[1:2], results[1:2], T0)
    finally:
        hooks.remove_listener(reports.append)
    assert reports == [
        hooks.MessageReport(T0, [(7, "inbox", 1, "sent"), (7, "inbox", 3, "deferred")])
    ]


def test_a_failing_listener_never_reaches_the_dispatcher():
    def broken(report):
        raise RuntimeError("listener bug")

    hooks.on_messages_settled(broken)
    try:
        hooks.messages_settled(
            [Row(id=1, journey_id=7, node_id="n")], [Row(id=1, status="sent")], T0
        )
    finally:
        hooks.remove_listener(broken)
