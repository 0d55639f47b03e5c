"""A forecast leaves every real table as it was, and on a deterministic journey it counts
per node and branch exactly what the engine then does after publishing."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from app.demo.channels import configure_sandbox_channels
from app.engine.clock import VirtualClock
from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from app.models import Audience, ChannelConfig
from tests.engine.factories import START, document, node, publish
from tests.engine.population import add_templates, make_population, run

DAYS = 6


def _snapshot() -> dict[str, tuple[int, str]]:
    """Per table: the row count and a SHA-256 of every row in primary-key order."""
    out = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        out[table.name] = (
            len(rows),
            hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest(),
        )
    return out


def _journey() -> dict:
    """Audience entry, a rule split, a random split with a holdout, a coupon, sends on in-app and SMS, points, a two-day wait: no event and no goal."""
    nodes = [
        node("start", "entry.audience", audience="everyone"),
        node(
            "scored",
            "split.condition",
            rules={
                "all": [
                    {
                        "kind": "attribute",
                        "key": "score",
                        "op": "gte",
                        "value": 50,
                        "type": "number",
                    }
                ]
            },
        ),
        node(
            "ab",
            "split.random",
            variants=[{"key": "a", "weight": 55}, {"key": "b", "weight": 35}],
            holdout_percent=10,
        ),
        node("gift", "action.coupon", coupon_template="gift"),
        node("inbox", "action.send", channel="inapp", template="hello-inapp"),
        node("sms", "action.send", channel="sms", template="hello-sms"),
        node("points", "action.points", points=50, reason="welcome"),
        node("wait", "wait.duration", days=2),
        node("tag", "action.tag", tag="forecast-test"),
        node("done", "exit"),
        node("low", "exit"),
        node("held", "exit"),
        node("none_left", "exit"),
    ]
    edges = [
        ("start", "scored"),
        ("scored", "ab", "yes"),
        ("scored", "low", "no"),
        ("ab", "gift", "a"),
        ("ab", "points", "b"),
        ("ab", "held", "holdout"),
        ("gift", "inbox", "granted"),
        ("gift", "none_left", "out_of_stock"),
        ("inbox", "wait"),
        ("points", "sms"),
        ("sms", "wait"),
        ("wait", "tag"),
        ("tag", "done"),
    ]
    return document("fc", nodes, edges)


def _setup() -> None:
    make_population(120)
    add_templates("inapp", "sms")
    configure_sandbox_channels(db.session)
    sms = db.session.get(ChannelConfig, "sms")
    sms.settings = {**(sms.settings or {}), "rules": {"cost_per_message": "0.05"}}
    db.session.add(Audience(key="everyone", name="Everyone", rules={"all": []}))
    db.session.commit()
    version = publish(_journey(), status="draft")
    version.status, version.published_at = "draft", None
    db.session.commit()


def test_a_forecast_leaves_every_real_table_unchanged(app, admin_client):
    _setup()
    app.extensions["clock"] = VirtualClock(START)
    before = _snapshot()
    answer = admin_client.post("/api/journeys/fc/forecast", json={"days": DAYS, "draws": 5})
    assert answer.status_code == 200, answer.get_json()
    db.session.expire_all()
    assert _snapshot() == before
    body = answer.get_json()
    assert body["nodes"]["start"]["entered"]["value"] == 120
    granted = body["nodes"]["gift"]["branches"]["granted"]
    assert body["coupons"]["issued"] == granted and granted["value"] > 0


def test_bad_input_is_refused_naming_the_field(app, admin_client):
    _setup()
    for payload, field in (({"days": 0}, "days"), ({"days": 91}, "days"), ({"draws": 2}, "draws")):
        answer = admin_client.post("/api/journeys/fc/forecast", json=payload)
        assert answer.status_code in (400, 422), answer.get_json()
        assert field in str(answer.get_json())
    assert admin_client.post("/api/journeys/fc/forecast", json={"version": 9}).status_code == 404
    assert admin_client.post("/api/journeys/nope/forecast", json={}).status_code == 404


def test_on_a_deterministic_journey_the_forecast_counts_what_the_engine_then_does(
    app, admin_client
):
    _setup()
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    answer = admin_client.post(
        "/api/journeys/fc/forecast", json={"days": DAYS, "draws": 5, "keep": True}
    )
    assert answer.status_code == 200, answer.get_json()
    forecast = answer.get_json()

    published = admin_client.post("/api/journeys/fc/publish", json={})
    assert published.status_code == 200, published.get_json()
    for _ in range(DAYS * 4):
        run(clock, hours=6)
        Dispatcher(db.session, clock=clock.now).run()
    counters = admin_client.get("/api/journeys/fc/counters").get_json()

    assert counters["nodes"], "nobody ran"
    for node_id, figures in forecast["nodes"].items():
        actual = counters["nodes"].get(node_id, {})
        for name in ("entered", "passed", "exited", "waiting"):
            want = actual.get(name, 0)
            got = figures[name]
            assert got["value"] == got["low"] == got["high"] == want, (node_id, name, got, want)
        for branch, count in counters["edges"].get(node_id, {}).items():
            got = figures["branches"].get(branch)
            assert got is not None and got["value"] == got["low"] == got["high"] == count

    # The journey's report measures the kept forecast against what happened: every node in.
    accuracy = admin_client.get("/api/journeys/fc/forecast-accuracy").get_json()["accuracy"]
    assert accuracy["version"] == 1 and accuracy["share_inside"] == 1.0
    assert {r["node_id"]: r["actual"] for r in accuracy["nodes"]} == {
        node_id: counters["nodes"].get(node_id, {}).get("entered", 0)
        for node_id in forecast["nodes"]
    }
