"""The demo seed imports the worked-case journeys as drafts, once."""

import json

from sqlalchemy import func, select

from app.demo.journeys import EXAMPLES_DIR
from app.extensions import db
from app.models import Audience, Journey, JourneyVersion, MessageTemplate


def _journeys() -> dict[str, str]:
    return dict(db.session.execute(select(Journey.key, Journey.status)).all())


def test_seed_imports_every_example_as_a_draft_with_what_it_carries(runner):
    result = runner.invoke(args=["demo", "seed", "--members", "50"])
    assert result.exit_code == 0, result.output
    examples = sorted(EXAMPLES_DIR.glob("*.json"))
    assert f"Imported {len(examples)} example journeys as drafts" in result.output
    journeys = _journeys()
    assert len(journeys) == len(examples)
    assert set(journeys.values()) == {"draft"}
    assert "birthday" in journeys and "coffee-member-groups" in journeys
    assert db.session.scalar(select(func.count()).select_from(Audience)) > 0
    assert db.session.scalar(select(func.count()).select_from(MessageTemplate)) > 0


def test_seeding_again_leaves_existing_journeys_alone(runner):
    runner.invoke(args=["demo", "seed", "--members", "50"])
    versions = db.session.scalar(select(func.count()).select_from(JourneyVersion))
    again = runner.invoke(args=["demo", "seed", "--members", "50"])
    assert again.exit_code == 0
    assert "example journeys" not in again.output
    assert db.session.scalar(select(func.count()).select_from(JourneyVersion)) == versions


def test_no_journeys_flag_imports_none(runner):
    result = runner.invoke(args=["demo", "seed", "--members", "50", "--no-journeys"])
    assert result.exit_code == 0, result.output
    assert _journeys() == {}


def test_after_the_demo_seed_every_example_publishes(runner, admin_client):
    """A fresh install: the seed sets email, SMS, push and webhooks to the sandbox, so each
    example in journeys/ publishes at once, and says so."""
    result = runner.invoke(args=["demo", "seed", "--members", "200"])
    assert result.exit_code == 0, result.output
    assert "sandbox" in result.output
    keys = sorted(json.loads(p.read_text())["journey"]["key"] for p in EXAMPLES_DIR.glob("*.json"))
    assert len(keys) == 9
    published = {
        key: admin_client.post(f"/api/journeys/{key}/publish", json={}).status_code for key in keys
    }
    assert published == dict.fromkeys(keys, 200)
    channels = {c["channel"]: c for c in admin_client.get("/api/channels").get_json()["channels"]}
    assert all(channels[c]["usable"] and channels[c]["sandbox"] for c in ("email", "sms", "push"))
