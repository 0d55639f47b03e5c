"""Problems read as a marketer would say them: node labels, setting names, plain limits; no
node type names, ids or API routes."""

from __future__ import annotations

import re

from app.journeys.catalog import ReferenceCatalog
from app.journeys.defaults import fitted_default
from app.journeys.nodes import all_types, get
from app.journeys.validation import validate
from tests.journeys.validation.test_violation_codes import document, edge, node

TYPE_NAME = re.compile(r"\b(entry|wait|split|action)\.[a-z_]+\b")


def test_a_labelled_node_is_named_by_its_label_and_the_setting_in_words():
    doc = document(
        [
            node("start", "entry.api"),
            {"id": "w", "type": "wait.duration", "label": "Two days", "config": {"days": -3}},
            node("end", "exit"),
        ],
        [edge("start", "w"), edge("w", "end")],
    )
    (v,) = validate(doc)
    assert v.message == "“Two days”: days must be at least 0."


def test_no_message_names_a_type_an_id_or_an_api_route():
    doc = document(
        [
            node("start", "entry.api"),
            {"id": "gift_1", "type": "action.coupon", "config": {}},
            {"id": "w_1", "type": "wait.duration", "config": {"days": 2, "colour": "red"}},
            {"id": "what_1", "type": "entry.nothing", "config": {}},
        ],
        [edge("start", "gift_1"), edge("gift_1", "w_1", "granted")],
    )
    messages = [v.message for v in validate(doc)]
    assert "This Grant coupon node: choose a coupon template." in messages
    assert "This Wait node: “colour” is not a setting of this node." in messages
    for message in messages:
        assert not TYPE_NAME.search(message.replace("('entry.nothing')", "")), message
        assert "/api/" not in message and "config" not in message, message
        assert "gift_1" not in message and "w_1" not in message, message


def test_new_nodes_point_at_what_exists_or_ask():
    empty = ReferenceCatalog(frozenset(), frozenset(), {}, frozenset())
    for node_type in all_types():
        config = fitted_default(node_type, empty)
        for value in config.values():
            assert value not in ("all-members", "welcome-coupon", "welcome-inapp"), node_type.type
    stocked = ReferenceCatalog(
        frozenset({"vips"}), frozenset({"ten-off"}), {"hi-sms": "sms", "hi-app": "inapp"}, None
    )
    assert fitted_default(get("entry.audience"), stocked)["audience"] == "vips"
    assert fitted_default(get("action.coupon"), stocked) == {"coupon_template": "ten-off"}
    assert fitted_default(get("action.send"), stocked) == {"channel": "inapp", "template": "hi-app"}
    assert "coupon_template" not in fitted_default(get("action.coupon"), empty)


def test_negative_counts_and_amounts_are_refused(admin_client):
    for kind, value in [("order_count", -3), ("total_spend", -0.5), ("order_count", 1.5)]:
        tree = {"all": [{"kind": kind, "op": "gte", "value": value}]}
        answer = admin_client.post(
            "/api/audiences", json={"key": "odd", "name": "Odd", "rules": tree}
        )
        assert answer.status_code in (400, 422), (kind, value, answer.get_json())
        assert "value" in str(answer.get_json()), answer.get_json()
    assert admin_client.get("/api/audiences/odd").status_code == 404
    tree = {"all": [{"kind": "order_count", "op": "gte", "value": 0}]}
    answer = admin_client.post(
        "/api/audiences", json={"key": "fine", "name": "Fine", "rules": tree}
    )
    assert answer.status_code == 201, answer.get_json()
