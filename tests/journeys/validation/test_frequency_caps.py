from app.journeys.validation import validate
from tests.journeys.builders import document, edge, node


def _two_sends(channel, between=None, **settings):
    nodes = [
        node("start", "entry.api"),
        node("one", "action.send", channel=channel, template="t"),
        node("two", "action.send", channel=channel, template="t"),
        node("end", "exit"),
    ]
    edges = [edge("two", "end"), edge("start", "one")]
    if between is None:
        edges.append(edge("one", "two"))
    else:
        nodes.append(between)
        edges += [edge("one", between["id"]), edge(between["id"], "two")]
    return document(nodes, edges, **settings)


def _codes(doc):
    return [v.code for v in validate(doc)]


def test_default_caps_per_channel():
    assert _codes(_two_sends("sms")) == ["frequency_cap_exceeded"]
    assert _codes(_two_sends("email")) == []  # two a day allowed
    assert _codes(_two_sends("inapp")) == []  # no cap


def test_a_journey_can_raise_or_lift_a_cap():
    assert _codes(_two_sends("sms", frequency_caps={"sms": 2})) == []
    assert _codes(_two_sends("sms", frequency_caps={"sms": None})) == []
    assert _codes(_two_sends("email", frequency_caps={"email": 1})) == ["frequency_cap_exceeded"]


def test_a_wait_of_a_day_separates_sends_a_shorter_one_does_not():
    day = node("pause", "wait.duration", days=1)
    hours = node("pause", "wait.duration", hours=23)
    assert _codes(_two_sends("sms", between=day)) == []
    assert _codes(_two_sends("sms", between=hours)) == ["frequency_cap_exceeded"]


def test_wait_until_may_release_at_once_so_it_does_not_separate():
    until = node("pause", "wait.until", time_of_day="10:00")
    assert _codes(_two_sends("sms", between=until)) == ["frequency_cap_exceeded"]


def test_only_the_timeout_branch_of_a_wait_event_counts_its_timeout():
    doc = document(
        [
            node("start", "entry.api"),
            node("one", "action.send", channel="sms", template="t"),
            node("wait", "wait.event", event_type="order_paid", timeout={"days": 2}),
            node("two", "action.send", channel="sms", template="t"),
            node("end", "exit"),
        ],
        [
            edge("start", "one"),
            edge("one", "wait"),
            edge("wait", "two", "timeout"),
            edge("wait", "end", "event"),
            edge("two", "end"),
        ],
    )
    assert _codes(doc) == []
    doc["edges"] = [e for e in doc["edges"] if e["branch"] == "next"] + [
        edge("wait", "two", "event"),
        edge("wait", "end", "timeout"),
    ]
    (v,) = validate(doc)
    assert v.code == "frequency_cap_exceeded" and v.node_id == "one"


def test_a_short_loop_through_a_wait_counts_its_rounds():
    doc = document(
        [
            node("start", "entry.api"),
            node("send", "action.send", channel="push", template="t"),
            node("check", "split.condition", rules={"kind": "no_first_order"}),
            node("wait", "wait.duration", hours=2),
            node("end", "exit"),
        ],
        [
            edge("start", "send"),
            edge("send", "check"),
            edge("check", "wait", "yes"),
            edge("wait", "send"),
            edge("check", "end", "no"),
        ],
    )
    (v,) = validate(doc)
    assert v.code == "frequency_cap_exceeded"
    assert "12 push messages" in v.message
