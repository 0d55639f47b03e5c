"""The pure parts: batch report counters become live deltas; the buffer throttles flushes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.live.buffer import LiveBuffer
from app.live.deltas import merge, message_deltas, report_deltas, without_zeros

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_arrivals_that_do_not_leave_are_waiting_and_resumed_leavers_stop_waiting():
    arrived = report_deltas({"wait": {"entered": 10}, "tag": {"entered": 10, "passed": 10}})
    assert arrived == {"wait": {"entered": 10, "waiting": 10}, "tag": {"entered": 10, "passed": 10}}
    left = report_deltas({"wait": {"passed": 4}, "done": {"entered": 4, "exited": 4}})
    assert left == {"wait": {"passed": 4, "waiting": -4}, "done": {"entered": 4, "exited": 4}}
    assert merge(arrived, left)["wait"] == {"entered": 10, "waiting": 6, "passed": 4}


def test_action_tallies_pass_through():
    deltas = report_deltas({"send": {"entered": 3, "passed": 3, "messages_queued": 2}})
    assert deltas == {"send": {"entered": 3, "passed": 3, "messages_queued": 2}}


def test_merge_drops_counters_that_return_to_zero():
    assert merge({"a": {"waiting": 2}}, {"a": {"waiting": -2}}) == {}
    assert without_zeros({"a": {"entered": 0}, "b": {"entered": 1, "errors": 0}}) == {
        "b": {"entered": 1}
    }


def test_reports_between_flushes_are_summed_into_one_flush():
    buffer = LiveBuffer(interval=0.25)
    buffer.add({7: {"start": {"entered": 5, "passed": 5}}}, [(7, 1, "start", "passed", "next")])
    first = buffer.take(now=100.0)
    assert first.counters == {7: {"start": {"entered": 5, "passed": 5}}}
    assert first.samples == {7: [(7, 1, "start", "passed", "next")]}

    buffer.add({7: {"start": {"entered": 2, "passed": 2}}})
    buffer.add({7: {"start": {"entered": 3, "passed": 3}}, 8: {"x": {"entered": 1}}})
    assert buffer.take(now=100.1) is None  # too soon: held, not lost
    assert buffer.wait_time(100.1) > 0
    second = buffer.take(now=100.3)
    assert second.counters == {
        7: {"start": {"entered": 5, "passed": 5}},
        8: {"x": {"entered": 1, "waiting": 1}},
    }
    assert buffer.take(now=200.0) is None  # nothing pending


def test_the_feed_keeps_the_newest_samples():
    buffer = LiveBuffer(feed_limit=3)
    buffer.add({}, [(1, member, "n", "passed", None) for member in range(10)])
    assert [s[1] for s in buffer.take(now=0).samples[1]] == [7, 8, 9]


def test_busy_journeys_and_stale_ones_get_a_fresh_snapshot():
    buffer = LiveBuffer(interval=0.25, resync_every=15)
    buffer.add({1: {"a": {"entered": 1, "passed": 1}}})
    assert buffer.take(now=0).resync == set()
    buffer.add({1: {"a": {"entered": 1, "passed": 1}}})
    assert buffer.take(now=10).resync == set()
    buffer.add({1: {"a": {"entered": 1, "passed": 1}}})
    assert buffer.take(now=15).resync == {1}

    buffer.mark_stale(2)
    flush = buffer.take(now=16)
    assert flush.resync == {2} and flush.counters == {}


def test_edge_deltas_are_summed_per_journey_node_and_branch():
    buffer = LiveBuffer(interval=0.25)
    buffer.add({}, edges={7: {"ab": {"a": 3, "b": 2}, "start": {"next": 5}}})
    buffer.add({}, edges={7: {"ab": {"a": 1}}, 8: {"start": {"next": 1}}})
    flush = buffer.take(now=0)
    assert flush.edges == {
        7: {"ab": {"a": 4, "b": 2}, "start": {"next": 5}},
        8: {"start": {"next": 1}},
    }
    assert flush.journey_ids() == {7, 8}


def test_message_outcomes_count_once_and_a_deferred_message_sent_later_moves_over():
    first = [(7, "inbox", 1, "deferred", T0), (7, "inbox", 2, "suppressed", T0)]
    assert message_deltas(first, {}) == {
        7: {"inbox": {"messages_deferred": 1, "messages_suppressed": 1}}
    }
    later = T0 + timedelta(hours=2)
    second = [(7, "inbox", 1, "sent", later), (7, "inbox", 3, "sent", later)]
    assert message_deltas(second, {(1, later): "deferred", (3, later): None}) == {
        7: {"inbox": {"messages_sent": 2, "messages_deferred": -1}}
    }
    # Deferred again, or a retry after a temporary failure: nothing visible changes.
    again = [(7, "inbox", 1, "deferred", later), (7, "inbox", 4, "retry", later)]
    assert message_deltas(again, {(1, later): "deferred", (4, later): None}) == {}
    # Given up after retries: failed.
    assert message_deltas([(7, "inbox", 4, "failed", later)], {(4, later): "retry"}) == {
        7: {"inbox": {"messages_failed": 1}}
    }


def test_message_outcomes_wait_in_the_buffer_and_keep_the_journey_in_sync():
    buffer = LiveBuffer(interval=0.25, resync_every=15)
    buffer.add_messages([(9, "inbox", 1, "sent")], T0)
    flush = buffer.take(now=0)
    assert flush.messages == [(9, "inbox", 1, "sent", T0)]
    assert flush.journey_ids() == {9}
    buffer.add_messages([(9, "inbox", 2, "sent")], T0)
    assert buffer.take(now=15).resync == {9}
