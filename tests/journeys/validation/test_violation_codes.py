"""Each violation code, triggered alone by a journey that has exactly that problem."""

import pytest

from app.journeys.catalog import ReferenceCatalog
from app.journeys.validation import CODES, validate
from tests.journeys.builders import document, edge, node, simple

EMPTY = ReferenceCatalog(
    audiences=frozenset(),
    coupon_templates=frozenset(),
    message_templates={},
    channels=frozenset(),
)
KNOWN = ReferenceCatalog(
    audiences=frozenset({"vips"}),
    coupon_templates=frozenset({"ten-off"}),
    message_templates={"hello-sms": "sms", "hello-push": "push"},
    channels=frozenset({"sms"}),
)


def _with(extra_nodes=(), extra_edges=(), **changes):
    doc = simple()
    doc["nodes"] += list(extra_nodes)
    doc["edges"] += list(extra_edges)
    return doc | changes


def _send(channel, template, catalog):
    doc = document(
        [
            node("start", "entry.api"),
            node("send", "action.send", channel=channel, template=template),
            node("end", "exit"),
        ],
        [edge("start", "send"), edge("send", "end")],
    )
    return doc, catalog


def _split():
    nodes = [
        node("start", "entry.api"),
        node("check", "split.condition", rules={"kind": "no_first_order"}),
        node("tag", "action.tag", tag="new"),
        node("end", "exit"),
    ]
    return nodes


CASES = {
    "document_too_large": (_with(description="x" * 1_000_001), None),
    "too_many_nodes": (
        _with([node(f"n{i}", "action.tag", tag="x") for i in range(500)]),
        None,
    ),
    "too_many_edges": (
        _with(extra_edges=[edge("tag", "end", edge_id=f"e{i}") for i in range(2000)]),
        None,
    ),
    "unsupported_schema_version": (_with(schema_version=7), None),
    "invalid_document": (_with(name=""), None),
    "duplicate_node_id": (_with([node("tag", "action.points", points=5, reason="x")]), None),
    "duplicate_edge_id": (_with(extra_edges=[edge("tag", "end")]), None),
    "unknown_node_type": (
        document(
            [node("start", "entry.api"), node("tag", "action.teleport"), node("end", "exit")],
            [edge("start", "tag"), edge("tag", "end")],
        ),
        None,
    ),
    "invalid_config": (
        document(
            [
                node("start", "entry.api"),
                node("tag", "action.tag", tag="no spaces!"),
                node("end", "exit"),
            ],
            [edge("start", "tag"), edge("tag", "end")],
        ),
        None,
    ),
    "metric_not_measurable": (
        document(
            [
                node("start", "entry.api"),
                node(
                    "test",
                    "split.experiment",
                    sample_percent=20,
                    variants=[{"key": "a", "weight": 50}, {"key": "b", "weight": 50}],
                    metric="conversion",
                    decision_after_hours=48,
                ),
                node("end", "exit"),
            ],
            [edge("start", "test"), edge("test", "end", "a"), edge("test", "end", "b")],
        ),
        None,
    ),
    "weights_not_100": (
        document(
            [
                node("start", "entry.api"),
                node(
                    "ab",
                    "split.random",
                    variants=[{"key": "a", "weight": 50}, {"key": "b", "weight": 40}],
                ),
                node("end", "exit"),
            ],
            [edge("start", "ab"), edge("ab", "end", "a"), edge("ab", "end", "b")],
        ),
        None,
    ),
    "no_entry": (document([node("end", "exit")], []), None),
    "edge_into_entry": (
        document(
            [node("first", "entry.api"), node("second", "entry.api"), node("end", "exit")],
            [edge("first", "second"), edge("second", "end")],
        ),
        None,
    ),
    "dangling_edge": (_with(extra_edges=[edge("ghost", "end")]), None),
    "unreachable_node": (
        _with([node("orphan", "action.tag", tag="x")], [edge("orphan", "end")]),
        None,
    ),
    "missing_branch": (
        document(
            [
                node("start", "entry.api"),
                node("wait", "wait.event", event_type="order_paid", timeout={"days": 1}),
                node("end", "exit"),
            ],
            [edge("start", "wait"), edge("wait", "end", "event")],
        ),
        None,
    ),
    "extra_branch": (_with(extra_edges=[edge("tag", "end", "sideways")]), None),
    "duplicate_branch": (_with(extra_edges=[edge("tag", "end", edge_id="again")]), None),
    "dead_end": (
        document(
            _split(),
            [edge("start", "check"), edge("check", "tag", "yes"), edge("check", "end", "no")],
        ),
        None,
    ),
    "cycle_without_wait": (
        document(
            _split(),
            [
                edge("start", "check"),
                edge("check", "tag", "yes"),
                edge("tag", "check"),
                edge("check", "end", "no"),
            ],
        ),
        None,
    ),
    "unknown_audience": (
        document(
            [node("start", "entry.audience", audience="ghosts"), node("end", "exit")],
            [edge("start", "end")],
        ),
        EMPTY,
    ),
    "unknown_coupon_template": (
        document(
            [
                node("start", "entry.api"),
                node("gift", "action.coupon", coupon_template="nope"),
                node("end", "exit"),
            ],
            [
                edge("start", "gift"),
                edge("gift", "end", "granted"),
                edge("gift", "end", "out_of_stock"),
            ],
        ),
        EMPTY,
    ),
    "unknown_message_template": _send("sms", "nope", KNOWN),
    "template_channel_mismatch": _send("sms", "hello-push", KNOWN),
    "channel_not_configured": _send("push", "hello-push", KNOWN),
    "frequency_cap_exceeded": (
        document(
            [
                node("start", "entry.api"),
                node("one", "action.send", channel="sms", template="hello-sms"),
                node("two", "action.send", channel="sms", template="hello-sms"),
                node("end", "exit"),
            ],
            [edge("start", "one"), edge("one", "two"), edge("two", "end")],
        ),
        KNOWN,
    ),
}
#: Codes that come from outside validate(): tested in test_journey_cli and test_journey_import.
ELSEWHERE = {"invalid_json", "bundle_conflict"}


def test_every_code_has_a_case():
    assert set(CASES) | ELSEWHERE == set(CODES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_case_triggers_exactly_its_code(code):
    doc, catalog = CASES[code]
    violations = validate(doc, catalog)
    assert {v.code for v in violations} == {code}, [v.message for v in violations]
    assert all(v.severity == CODES[code][0] and v.message.endswith(".") for v in violations)


def test_a_valid_journey_has_no_violations():
    assert validate(simple(), KNOWN) == []


def test_every_problem_is_reported_at_once():
    doc = _with(
        [node("orphan", "action.tag", tag="x"), node("odd", "action.zap")],
        [edge("ghost", "end"), edge("tag", "end", "sideways")],
        name="",
    )
    codes = {v.code for v in validate(doc)}
    assert {
        "invalid_document",
        "unreachable_node",
        "unknown_node_type",
        "dangling_edge",
        "extra_branch",
    } <= codes


def test_violations_say_where():
    (v,) = validate(_with(extra_edges=[edge("tag", "end", "sideways", edge_id="bad")]))
    assert (v.node_id, v.edge_id) == ("tag", "bad")
    assert v.to_json() == {
        "code": "extra_branch",
        "severity": "error",
        "blocks_publishing": True,
        "node_id": "tag",
        "edge_id": "bad",
        "message": v.message,
    }


@pytest.mark.parametrize(
    ("type_", "config", "fragment"),
    [
        ("wait.duration", {"days": -1}, "This Wait node: days must be at least 0."),
        ("wait.duration", {"days": 400}, "days must be at most 365"),
        ("wait.duration", {"days": 365, "hours": 1}, "may not exceed 365 days"),
        ("wait.duration", {}, "longer than zero"),
        ("wait.until", {"time_of_day": "25:00"}, "time of day must be a time like 10:00"),
        ("wait.until", {"time_of_day": "10:00", "date": "2026-02-30"}, "YYYY-MM-DD"),
    ],
)
def test_bad_durations_and_times_name_the_field(type_, config, fragment):
    doc = document(
        [
            node("start", "entry.api"),
            {"id": "w", "type": type_, "config": config},
            node("end", "exit"),
        ],
        [edge("start", "w"), edge("w", "end")],
    )
    (v,) = validate(doc)
    assert v.code == "invalid_config" and v.node_id == "w"
    assert fragment in v.message


@pytest.mark.parametrize("cron", ["not a cron", "61 * * * *", "* * * *", "0 0 * * * *"])
def test_invalid_cron_is_an_invalid_config(cron):
    doc = document(
        [
            node("start", "entry.audience", audience="vips", schedule="recurring", cron=cron),
            node("end", "exit"),
        ],
        [edge("start", "end")],
    )
    assert [v.code for v in validate(doc)] == ["invalid_config"]


def test_a_loop_through_a_wait_is_fine():
    doc = document(
        [
            node("start", "entry.api"),
            node("check", "split.condition", rules={"kind": "no_first_order"}),
            node("wait", "wait.duration", days=1),
            node("end", "exit"),
        ],
        [
            edge("start", "check"),
            edge("check", "wait", "yes"),
            edge("wait", "check"),
            edge("check", "end", "no"),
        ],
    )
    assert validate(doc) == []
