"""The pure parts: batch report counters become live deltas; the buffer throttles flushes."""

from __future__ import annotations

from app.live.buffer import LiveBuffer
from app.live.deltas import merge, report_deltas, without_zeros


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
