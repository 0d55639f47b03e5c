"""Rule trees in journeys follow the audiences' one grammar (app/audiences/rules).

Whatever a saved audience (and so the rule builder) accepts, a split, a multi-split branch,
an exit criterion and a carried audience accept; whatever it refuses, they refuse, with the
problem's path in the violation.
"""

import json

import jsonschema
import pytest

from app.audiences.rules.conditions import all_conditions
from app.audiences.rules.validation import validate_rule_tree
from app.journeys import nodes
from app.journeys.bundle import read_payload
from app.journeys.files import check_offline
from app.journeys.json_schema import document_schema
from app.journeys.rules import PropertyCondition, rule_problems
from app.journeys.schema import JourneyDocument, canonical
from app.journeys.validation import validate
from app.journeys.validation.wording import rule_place
from tests.audiences.rules.test_equivalence import TREES
from tests.journeys.builders import document, edge, node

#: Forms the audiences API accepts and the rule builder writes, which journeys once refused.
ONCE_REFUSED = {
    "typed attribute": {"kind": "attribute", "key": "vip", "type": "boolean", "op": "eq", "value": True},
    "typed date attribute": {"kind": "attribute", "key": "seen", "type": "date", "op": "between", "value": ["2025-01-01", "2025-02-01"]},
    "typed where row": {"kind": "event_count", "event_type": "order_paid", "window_days": 30, "where": [{"property": "amount", "type": "number", "op": "gte", "value": 200}], "op": "gte", "value": 1},
    "named custom event": {"kind": "event_count", "event_type": "custom", "name": "quiz", "window_days": 90, "op": "gte", "value": 1},
    "between on an event count": {"kind": "event_count", "event_type": "login", "window_days": 7, "op": "between", "value": [1, 3]},
    "between on orders": {"kind": "order_count", "window_days": 180, "op": "between", "value": [1, 2]},
    "between on total spend": {"kind": "total_spend", "window_days": None, "op": "between", "value": [100, 500.5]},
    "between on average spend": {"kind": "avg_spend", "window_days": 90, "op": "between", "value": [50, 150]},
    "between on days since order": {"kind": "days_since_last_order", "op": "between", "value": [10, 40]},
    "window of 3651 days": {"kind": "cart_abandoned", "window_days": 3651},
    "window of 3660 days": {"kind": "order_count", "window_days": 3660, "op": "gte", "value": 1},
    "empty all": {"all": []},
    "empty nested all": {"any": [{"all": []}, {"kind": "no_first_order"}]},
    "is_set on a number attribute": {"kind": "attribute", "key": "age", "op": "is_set"},
}  # fmt: skip

#: Trees the grammar refuses, and the path of the (first) problem.
REFUSED = [
    ({"all": [{"kind": "no_first_order"}, {"kind": "profile", "field": "tier", "op": "gt", "value": "gold"}]}, "rules.all[1].op"),
    ({"kind": "profile", "field": "shoe_size", "op": "eq", "value": 42}, "rules.field"),
    ({"kind": "profile", "field": "points_balance", "op": "between", "value": [1]}, "rules.value"),
    ({"kind": "profile", "field": "city", "op": "in", "value": []}, "rules.value"),
    ({"any": []}, "rules.any"),
    ({"not": [{"kind": "no_first_order"}]}, "rules.not"),
    ({"kind": "teleported"}, "rules.kind"),
    ({"kind": "registered_days_ago"}, "rules"),
    ({"kind": "registered_days_ago", "min": 5, "max": 1}, "rules.max"),
    ({"kind": "bought", "product": "a", "category": "b"}, "rules"),
    ({"kind": "rfm", "segment": ["Champions"], "score": "r", "op": "gte", "value": 4}, "rules"),
    ({"kind": "consent", "channel": "fax", "value": True}, "rules.channel"),
    ({"kind": "no_first_order", "extra": 1}, "rules.extra"),
    ({"kind": "order_count", "window_days": 3661, "op": "gte", "value": 1}, "rules.window_days"),
    ({"kind": "event_count", "event_type": "login", "window_days": 7, "where": [{"property": "amount", "op": "gt", "value": "x"}], "op": "gte", "value": 1}, "rules.where[0].op"),
    ({"kind": "event_count", "event_type": "login", "window_days": 7, "where": [{"property": "a", "colour": "red", "op": "is_set"}], "op": "gte", "value": 1}, "rules.where[0].colour"),
    ({"all": [{"any": [{"not": {"kind": "tag", "op": "has", "value": ""}}]}]}, "rules.all[0].any[0].not.value"),
    ({"all": [], "any": []}, "rules"),
    ("gold members", "rules"),
    ([{"kind": "no_first_order"}], "rules"),
]  # fmt: skip


def split(rules) -> dict:
    """entry.api -> split.condition with these rules -> exit on both branches."""
    return document(
        [
            node("start", "entry.api"),
            node("check", "split.condition", rules=rules),
            node("end", "exit"),
        ],
        [edge("start", "check"), edge("check", "end", "yes"), edge("check", "end", "no")],
    )


def multi(rules) -> dict:
    """A split.multi whose second branch has these rules."""
    branches = [
        {"key": "first", "rules": {"kind": "no_first_order"}},
        {"key": "second", "rules": rules},
    ]
    return document(
        [node("start", "entry.api"), node("m", "split.multi", branches=branches), node("end", "exit")],
        [edge("start", "m")] + [edge("m", "end", b) for b in ("first", "second", "else")],
    )  # fmt: skip


def exiting(rules) -> dict:
    """A plain journey that exits members matching these rules."""
    doc = split({"kind": "no_first_order"})
    doc["settings"] = {"exit_criteria": [{"kind": "rules", "rules": rules}]}
    return doc


def messages(violations, code="invalid_config"):
    assert {v.code for v in violations} <= {code}, violations
    return [v.message for v in violations]


@pytest.mark.parametrize("tree", TREES, ids=range(len(TREES)))
def test_every_tree_of_the_audiences_cross_check_is_valid_in_a_journey(tree):
    assert validate(split(tree)) == []
    assert validate(multi(tree)) == []
    assert validate(exiting(tree)) == []


def test_the_cross_check_has_its_thirty_trees():
    assert len(TREES) >= 30


@pytest.mark.parametrize("tree", ONCE_REFUSED.values(), ids=ONCE_REFUSED.keys())
def test_forms_the_builder_writes_are_accepted(tree):
    assert validate_rule_tree(tree) == []
    assert validate(split(tree)) == []
    assert validate(multi(tree)) == []
    assert validate(exiting(tree)) == []


@pytest.mark.parametrize("tree, path", REFUSED, ids=range(len(REFUSED)))
def test_refused_trees_are_invalid_config_naming_the_path(tree, path):
    violations = validate(split(tree))
    assert violations and {(v.code, v.node_id) for v in violations} == {("invalid_config", "check")}
    assert all(v.message.startswith("This Condition node: ") for v in violations), violations
    assert len(violations) == len(validate_rule_tree(tree))


@pytest.mark.parametrize(
    "tree",
    [*TREES, *ONCE_REFUSED.values(), *(t for t, _ in REFUSED)],
    ids=lambda t: json.dumps(t)[:40],
)
def test_a_journey_finds_exactly_the_problems_the_audiences_find(tree):
    problems = validate_rule_tree(tree)
    got = messages(validate(split(tree)))
    want = [
        "This Condition node: "
        f"{rule_place('config.rules' + ('.' + p.path if p.path else ''))}{p.message}."
        for p in problems
    ]
    assert got == want


def test_every_problem_is_reported_at_once():
    tree = {
        "all": [
            {"kind": "profile", "field": "tier", "op": "eq", "value": "tin"},
            {"kind": "order_count", "window_days": 0, "op": "gte", "value": 1},
            {"any": []},
        ]
    }
    found = messages(validate(split(tree)))
    assert [m.split(": ")[1] for m in found] == ["condition 1", "condition 2", "condition 3"]


def test_a_multi_split_branch_is_named_by_its_position():
    tree = {"all": [{"kind": "tag", "op": "hasnt", "value": "vip"}]}
    [violation] = validate(multi(tree))
    assert violation.code == "invalid_config" and violation.node_id == "m"
    assert violation.message.startswith("This Multi-split node: branch 2, condition 1: ")


def test_exit_rules_are_checked_as_settings():
    tree = {"all": [{"kind": "tag", "op": "hasnt", "value": "vip"}]}
    [violation] = validate(exiting(tree))
    assert violation.code == "invalid_document" and violation.node_id is None
    assert violation.message.startswith("settings.exit_criteria.0.rules.all[0].op: ")


def test_exit_rules_must_be_given():
    doc = exiting(None)
    assert any(v.code == "invalid_document" and "rules" in v.message for v in validate(doc)), (
        validate(doc)
    )


def test_rules_or_an_audience_still_exactly_one():
    doc = split({"kind": "no_first_order"})
    doc["nodes"][1]["config"]["audience"] = "vips"
    assert messages(validate(doc)) == [
        "This Condition node: give exactly one of rules or audience."
    ]


def test_trees_round_trip_exactly_as_written():
    tree = ONCE_REFUSED["typed where row"]
    doc = exiting(tree)
    doc["nodes"][1]["config"]["rules"] = tree
    carried = [{"key": "a", "name": "A", "rules": tree}]
    read = read_payload({"schema_version": 1, "journey": doc, "audiences": carried})
    assert read.violations == []
    assert read.canonical_carried()["audiences"][0]["rules"] == tree
    settings = canonical(JourneyDocument.model_validate(doc))["settings"]
    assert settings["exit_criteria"][0]["rules"] == tree


def bundle_with(rules) -> dict:
    doc = split({"kind": "no_first_order"})
    doc["nodes"][1]["config"] = {"audience": "shoppers"}
    return {
        "schema_version": 1,
        "journey": doc,
        "audiences": [{"key": "shoppers", "name": "Shoppers", "rules": rules}],
        "coupon_templates": [],
        "message_templates": [],
        "channels": [],
    }


def test_a_carried_audience_follows_the_same_grammar_offline():
    for tree in ONCE_REFUSED.values():
        assert check_offline(bundle_with(tree)) == ([], None)
    violations, _ = check_offline(bundle_with({"kind": "tag", "op": "has"}))
    assert [v.code for v in violations] == ["invalid_document", "unknown_audience"]
    assert violations[0].message.startswith("audiences.0.rules.value: ")


def test_offline_validation_needs_no_database_or_app():
    """check_offline (the CLI's validate) runs outside any app context: no database."""
    violations, note = check_offline(split({"any": []}))
    assert [v.code for v in violations] == ["invalid_config"]
    assert violations[0].message == "This Condition node: any needs at least one rule."
    assert note == "a plain document: references and channels not checked"


def test_the_cli_reports_rule_problems_with_their_path(runner, tmp_path):
    path = tmp_path / "split.json"
    path.write_text(json.dumps(split({"all": [{"kind": "rfm", "segment": ["Heroes"]}]})))
    result = runner.invoke(args=["journeys", "validate", str(path)])
    assert result.exit_code == 1
    assert "error invalid_config [node check]" in result.output
    assert "This Condition node: condition 1: unknown segment 'Heroes'" in result.output


# --- Event property conditions (entry.event, wait.event, goal, exit events) --------------

WHERE_ROWS = [
    {"property": "amount", "op": "gte", "value": 200},
    {"property": "amount", "type": "number", "op": "between", "value": [1, 9.5]},
    {"property": "page", "op": "contains", "value": "%"},
    {"property": "channel", "type": "string", "op": "in", "value": ["app", "web"]},
    {"property": "paid_on", "op": "before", "value": "2025-01-01"},
    {"property": "gift", "type": "boolean", "op": "eq", "value": True},
    {"property": "coupon", "op": "is_not_set"},
    {"property": "invited_by", "op": "exists"},
    {"property": "amount", "op": "gt", "value": "x"},
    {"property": "amount", "type": "money", "op": "eq", "value": 1},
    {"property": "paid_on", "type": "date", "op": "after", "value": "01/02/2025"},
    {"property": "amount", "op": "between", "value": [9, 1]},
    {"property": "amount", "op": "eq"},
    {"property": "has space", "op": "is_set"},
    {"property": "amount", "op": "is_set", "value": 1},
]  # fmt: skip


@pytest.mark.parametrize("row", WHERE_ROWS, ids=lambda r: json.dumps(r)[:50])
def test_property_conditions_agree_with_event_count_where_rows(row):
    as_audience = {**row, "op": "is_set"} if row["op"] == "exists" else row
    count = {"kind": "event_count", "event_type": "login", "window_days": 7, "where": [as_audience], "op": "gte", "value": 1}  # fmt: skip
    audiences_accept = validate_rule_tree(count) == []
    try:
        PropertyCondition.model_validate(row)
    except ValueError:
        journeys_accept = False
    else:
        journeys_accept = True
    assert journeys_accept == audiences_accept


def test_a_property_condition_keeps_its_type_and_leaves_out_a_missing_one():
    typed = {"property": "amount", "type": "number", "op": "gte", "value": 1}
    assert PropertyCondition.model_validate(typed).model_dump() == typed
    untyped = {"property": "amount", "op": "gte", "value": 1}
    assert PropertyCondition.model_validate(untyped).model_dump() == untyped


def test_a_bad_goal_row_names_its_problem():
    doc = split({"kind": "no_first_order"})
    doc["settings"] = {
        "goal": {
            "event_type": "order_paid",
            "conversion_window_days": 7,
            "where": [{"property": "amount", "type": "number", "op": "eq", "value": "10"}],
        }
    }
    assert messages(validate(doc), "invalid_document") == [
        "settings.goal.where.0: value: value must be a number."
    ]


# --- The published shape --------------------------------------------------------------------


def test_the_config_schema_describes_groups_and_every_registered_kind():
    schema = nodes.get("split.condition").describe()["config_schema"]
    assert schema["properties"]["rules"]["anyOf"] == [
        {"$ref": "#/$defs/RuleTree"},
        {"type": "null"},
    ]
    options = [o["$ref"].removeprefix("#/$defs/") for o in schema["$defs"]["RuleTree"]["oneOf"]]
    shapes = [schema["$defs"][name] for name in options]
    assert [list(s["properties"]) for s in shapes[:3]] == [["all"], ["any"], ["not"]]
    kinds = [s["properties"]["kind"]["const"] for s in shapes[3:]]
    assert kinds == [c.kind for c in all_conditions()]
    for shape, kind in zip(shapes[3:], all_conditions(), strict=True):
        assert set(shape["properties"]) == kind.keys | {"kind"}
        assert shape["additionalProperties"] is False


@pytest.mark.parametrize("node_type", nodes.all_types(), ids=lambda t: t.type)
def test_the_palette_drops_nodes_with_valid_rules(node_type):
    config = node_type.config_model.model_validate(node_type.default_config)
    assert rule_problems(config, "config") == []


def test_the_published_schema_agrees_on_valid_trees_and_refuses_unknown_kinds():
    checker = jsonschema.Draft202012Validator(document_schema())
    for tree in [*TREES, *ONCE_REFUSED.values()]:
        checker.validate(split(tree))
        checker.validate(exiting(tree))
    for wrong in ({"kind": "teleported"}, {"kind": "no_first_order", "extra": 1}, {"any": []}):
        assert not checker.is_valid(split(wrong))
