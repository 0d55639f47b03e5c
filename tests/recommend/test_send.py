"""A journey's send node with recommendations: the in-app message each member gets shows
their stored products (those scoring at least the node's minimum), rendered by the real
dispatcher into the real inbox; members with none that good get no message."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from app.models import ChannelConfig, InboxMessage, JourneyStep, MessageTemplate
from app.recommend.refresh import refresh_recommendations
from tests.engine.factories import document, node, publish
from tests.engine.population import run
from tests.recommend.shop import NOW, build_shop

MIN_SCORE = 0.45


def _journey(**send) -> dict:
    return document(
        "picks",
        [
            node("start", "entry.api"),
            node("send", "action.send", channel="inapp", template="picks", **send),
            node("done", "exit"),
        ],
        [("start", "send"), ("send", "done")],
    )


def _setup() -> list[int]:
    shop = build_shop()
    refresh_recommendations(db.session, NOW, evaluate_models=False)
    db.session.add(
        MessageTemplate(
            key="picks",
            name="Picks",
            channel="inapp",
            subject="For you",
            body="{% for p in recommendations(3) %}{{ p.name }}|{% endfor %}",
        )
    )
    db.session.merge(ChannelConfig(channel="inapp", enabled=True, settings={}))
    db.session.commit()
    return shop["members"]


def _deliver(doc: dict, members: list[int]) -> dict[int, str]:
    version = publish(doc)
    clock = VirtualClock(NOW)
    enter_members(db.session, version, "start", members, "api:1", NOW)
    db.session.commit()
    run(clock)
    Dispatcher(db.session, clock=lambda: NOW + timedelta(minutes=1)).run()
    return dict(db.session.execute(select(InboxMessage.member_id, InboxMessage.body)).all())


def test_messages_show_each_members_products_above_the_minimum(app):
    members = _setup()
    bodies = _deliver(_journey(recommendations_min_score=MIN_SCORE), members)
    stored = pd.read_sql(
        "SELECT r.member_id, r.rank, p.name, r.score FROM member_recommendations r "
        "JOIN products p ON p.id = r.product_id ORDER BY r.member_id, r.rank",
        db.engine,
    )
    good = stored[stored["score"] >= MIN_SCORE]
    expected = {
        int(m): "".join(f"{n}|" for n in g["name"].head(3)) for m, g in good.groupby("member_id")
    }
    assert expected and len(expected) < len(members)
    assert bodies == expected
    steps = db.session.execute(
        select(JourneyStep.member_id, JourneyStep.detail).where(JourneyStep.node_id == "send")
    ).all()
    skipped = {m for m, detail in steps if detail and detail.get("skipped")}
    assert skipped == set(members) - set(expected)


def test_without_a_minimum_everyone_gets_their_top_three(app):
    members = _setup()
    bodies = _deliver(_journey(), members)
    stored = pd.read_sql(
        "SELECT r.member_id, r.rank, p.name FROM member_recommendations r "
        "JOIN products p ON p.id = r.product_id WHERE r.rank <= 3 ORDER BY r.member_id, r.rank",
        db.engine,
    )
    expected = {int(m): "".join(f"{n}|" for n in g["name"]) for m, g in stored.groupby("member_id")}
    assert bodies == expected and len(bodies) == len(members)
