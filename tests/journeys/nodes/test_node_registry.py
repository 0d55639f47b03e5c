import pytest

from app.journeys import nodes
from app.journeys.nodes.registry import NodeType
from app.journeys.nodes.split_random import SplitRandom

CATALOGUE = {
    "entry.audience", "entry.event", "entry.date", "entry.api", "entry.alert",
    "wait.duration", "wait.until", "wait.event",
    "split.condition", "split.multi", "split.random", "split.experiment", "exit",
    "action.coupon", "action.points", "action.tag", "action.tier", "action.attribute", "action.send",
    "action.webhook",
}  # fmt: skip


def test_the_whole_catalogue_is_registered():
    assert {t.type for t in nodes.all_types()} == CATALOGUE


@pytest.mark.parametrize("node_type", nodes.all_types(), ids=lambda t: t.type)
def test_each_default_config_passes_its_own_schema(node_type):
    config = node_type.config_model.model_validate(node_type.default_config)
    assert node_type.outgoing(config) == node_type.outgoing(config)
    assert node_type.group in ("entry", "flow", "action")


@pytest.mark.parametrize("node_type", nodes.all_types(), ids=lambda t: t.type)
def test_each_type_has_an_executor(node_type):
    from app.engine import steps

    assert steps.get(node_type.type) is not None


def test_entry_alert_is_declared_and_executed_in_modules_of_its_name():
    from app.engine import steps

    assert type(nodes.get("entry.alert")).__module__ == "app.journeys.nodes.entry_alert"
    assert steps.get("entry.alert") is not None
    assert "app.engine.steps.entry_alert" in __import__("sys").modules


def test_registering_a_type_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        nodes.register(SplitRandom())


def test_unknown_types_are_none():
    assert nodes.get("action.teleport") is None
    assert isinstance(nodes.get("exit"), NodeType)


@pytest.mark.parametrize(
    ("type_", "config", "branches"),
    [
        ("split.random", {"variants": [{"key": "a", "weight": 45}, {"key": "b", "weight": 45}], "holdout_percent": 10}, ["a", "b", "holdout"]),
        ("split.multi", {"branches": [{"key": "gold", "audience": "gold"}]}, ["gold", "else"]),
        ("split.experiment", nodes.get("split.experiment").default_config, ["a", "b"]),
        ("wait.event", nodes.get("wait.event").default_config, ["event", "timeout"]),
        ("action.coupon", {"coupon_template": "x"}, ["granted", "out_of_stock"]),
        ("exit", {}, []),
    ],
)  # fmt: skip
def test_branches_follow_type_and_config(type_, config, branches):
    node_type = nodes.get(type_)
    assert node_type.outgoing(node_type.config_model.model_validate(config)) == branches


def test_palette_route_describes_every_type(viewer_client):
    response = viewer_client.get("/api/node-types")
    assert response.status_code == 200
    palette = {t["type"]: t for t in response.get_json()["node_types"]}
    assert set(palette) == CATALOGUE
    assert palette["split.multi"]["dynamic_branches"] is True
    assert "else" in palette["split.multi"]["branch_rule"]
    assert palette["split.condition"]["branches"] == ["yes", "no"]
    send_schema = palette["action.send"]["config_schema"]
    assert set(send_schema["properties"]) == {
        "channel",
        "template",
        "at_best_time_within_hours",
        "recommendations_min_score",
    }
    assert palette["entry.date"]["group"] == "entry"


def test_palette_needs_sign_in(client):
    assert client.get("/api/node-types").status_code == 401
