"""Audience sizes are counted on save, by the nightly job and the CLI, and each equals a count
of the raw members table done here with pandas."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text

from app.audiences.jobs import nightly_refresh
from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import Audience
from tests.audiences.factories import NOW, insert_population, population

GOLD_IN_SHANGHAI = {"all": [{"kind": "profile", "field": "tier", "op": "in", "value": ["gold", "platinum"]},
                            {"kind": "profile", "field": "city", "op": "eq", "value": "Shanghai"}]}  # fmt: skip
BUYERS = {"kind": "order_count", "window_days": None, "op": "gte", "value": 1}


@pytest.fixture
def members(app) -> pd.DataFrame:
    app.extensions["clock"] = VirtualClock(NOW)
    insert_population(db.session, population(n=200))
    db.session.commit()
    result = db.session.execute(text("SELECT id, tier, city, orders_count FROM members"))
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def _gold_in_shanghai(frame: pd.DataFrame) -> int:
    return int((frame["tier"].isin(["gold", "platinum"]) & (frame["city"] == "Shanghai")).sum())


def _sizes(client) -> dict:
    return {a["key"]: a for a in client.get("/api/audiences").get_json()["audiences"]}


def test_saving_an_audience_counts_it(marketer_client, members):
    body = {"key": "vip-sh", "name": "VIP in Shanghai", "rules": GOLD_IN_SHANGHAI}
    created = marketer_client.post("/api/audiences", json=body).get_json()["audience"]
    assert created["last_size"] == _gold_in_shanghai(members) > 0
    assert created["last_size_at"].startswith(NOW.date().isoformat())

    changed = marketer_client.put("/api/audiences/vip-sh", json={"name": "Buyers", "rules": BUYERS})
    assert changed.get_json()["audience"]["last_size"] == int((members["orders_count"] >= 1).sum())


def test_the_nightly_job_and_the_cli_count_every_audience(app, marketer_client, members, runner):
    marketer_client.post(
        "/api/audiences", json={"key": "vip-sh", "name": "V", "rules": GOLD_IN_SHANGHAI}
    )
    marketer_client.post("/api/audiences", json={"key": "buyers", "name": "B", "rules": BUYERS})
    # Members change after the audiences were saved: half of the Shanghai ones move away.
    db.session.execute(
        text("UPDATE members SET city = 'Beijing' WHERE city = 'Shanghai' AND id % 2 = 0")
    )
    db.session.commit()
    moved = pd.DataFrame(
        db.session.execute(text("SELECT tier, city FROM members")).all(), columns=["tier", "city"]
    )
    assert _sizes(marketer_client)["vip-sh"]["last_size"] == _gold_in_shanghai(members)

    with app.app_context():
        result = nightly_refresh()
    assert result["sizes"]["vip-sh"] == _gold_in_shanghai(moved)
    assert _sizes(marketer_client)["vip-sh"]["last_size"] == _gold_in_shanghai(moved)

    db.session.execute(text("UPDATE members SET tier = 'silver'"))
    db.session.commit()
    out = runner.invoke(args=["audiences", "count"])
    assert out.exit_code == 0, out.output
    assert "vip-sh: 0 members" in out.output
    assert f"buyers: {int((members['orders_count'] >= 1).sum()):,} members" in out.output
    db.session.expire_all()
    assert (
        db.session.get(
            Audience, db.session.query(Audience.id).filter_by(key="vip-sh").scalar()
        ).last_size
        == 0
    )
