"""Opens, clicks and unsubscribes after a send are drawn from each channel's history: the
forecast's expectation is the channel's historic rate (recounted here from the raw outbox
and members with pandas) times the messages it forecasts sent, inside its 90% interval."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
from sqlalchemy import insert, select, update

from app.demo.channels import configure_sandbox_channels
from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import Audience, Member, OutboxMessage
from tests.engine.factories import START, document, node, publish
from tests.engine.population import add_templates, make_population

LOOKBACK = timedelta(days=90)


def _history(member_ids: list[int]) -> None:
    """Past sends on email and SMS with their opens and clicks, some too old to count, and
    members who left a channel (recently, or long ago)."""
    rng = np.random.default_rng(5)
    rows = []
    for i in range(400):
        channel = "email" if i % 4 else "sms"
        age = int(rng.integers(10, 150))
        status = rng.choice(
            ["sent", "delivered", "opened", "clicked", "failed"], p=[0.3, 0.25, 0.25, 0.1, 0.1]
        )
        sent_at = START - timedelta(days=age)
        rows.append(
            {
                "idempotency_key": f"history-{i}",
                "member_id": member_ids[i % len(member_ids)],
                "channel": channel,
                "template_key": f"hello-{channel}",
                "status": str(status),
                "next_attempt_at": sent_at,
                "created_at": sent_at,
                "sent_at": None if status == "failed" else sent_at,
                "updated_at": sent_at,
            }
        )
    db.session.execute(insert(OutboxMessage), rows)
    for offset, days_ago in ((0, 5), (1, 20), (2, 60), (3, 200), (4, 400)):
        db.session.execute(
            update(Member)
            .where(Member.id == member_ids[-1 - offset])
            .values(unsubscribed_email_at=START - timedelta(days=days_ago))
        )
    db.session.commit()


def _rates() -> pd.DataFrame:
    """Per channel, recounted: messages sent in the last 90 days, the share opened (opened
    or clicked), the share clicked, and members who left the channel per message sent."""
    outbox = pd.read_sql("SELECT channel, status, sent_at FROM outbox", db.engine)
    outbox["sent_at"] = pd.to_datetime(outbox["sent_at"], utc=True)
    since = pd.Timestamp(START - LOOKBACK)
    recent = outbox[
        outbox["status"].isin(["sent", "delivered", "opened", "clicked"])
        & (outbox["sent_at"] >= since)
        & (outbox["sent_at"] < pd.Timestamp(START))
    ]
    members = pd.read_sql(
        "SELECT unsubscribed_email_at, unsubscribed_sms_at FROM members", db.engine
    )
    out = {}
    for channel, group in recent.groupby("channel"):
        left_at = pd.to_datetime(members[f"unsubscribed_{channel}_at"], utc=True)
        left = int(((left_at >= since) & (left_at < pd.Timestamp(START))).sum())
        out[channel] = {
            "sent": len(group),
            "opened": group["status"].isin(["opened", "clicked"]).mean(),
            "clicked": (group["status"] == "clicked").mean(),
            "unsubscribed": left / len(group),
        }
    return pd.DataFrame(out).T


def _setup() -> None:
    make_population(150)
    ids = db.session.scalars(select(Member.id).order_by(Member.id)).all()
    db.session.execute(
        update(Member).values(email=Member.external_id + "@example.com", consent_email=True)
    )
    add_templates("email")
    configure_sandbox_channels(db.session)
    db.session.add(Audience(key="everyone", name="Everyone", rules={"all": []}))
    db.session.commit()
    _history(ids)
    nodes = [
        node("start", "entry.audience", audience="everyone"),
        node("mail", "action.send", channel="email", template="hello-email"),
        node("done", "exit"),
    ]
    version = publish(
        document("mail", nodes, [("start", "mail"), ("mail", "done")]), status="draft"
    )
    version.status, version.published_at = "draft", None
    db.session.commit()


def test_opens_clicks_and_unsubscribes_follow_the_channels_history(app, admin_client):
    _setup()
    app.extensions["clock"] = VirtualClock(START)
    answer = admin_client.post("/api/journeys/mail/forecast", json={"days": 3, "draws": 20})
    assert answer.status_code == 200, answer.get_json()
    email = answer.get_json()["sends"]["email"]
    rates = _rates()
    assert email["rates"] == {
        "history_sent": int(rates.loc["email", "sent"]),
        "open_rate": round(rates.loc["email", "opened"], 6),
        "click_rate": round(rates.loc["email", "clicked"], 6),
        "unsubscribe_rate": round(rates.loc["email", "unsubscribed"], 6),
    }
    # Everyone with an address and consent gets the mail, bar the two who left email lately
    # and the three who left long ago.
    sent = email["sent"]
    assert sent["value"] == 145 and email["queued"]["value"] == 150
    for outcome in ("opened", "clicked", "unsubscribed"):
        figure = email[outcome]
        expected = rates.loc["email", outcome] * sent["value"]
        assert abs(figure["value"] - expected) <= 1, (outcome, figure, expected)
        assert figure["low"] <= figure["value"] <= figure["high"], (outcome, figure)
    assert email["opened"]["value"] > email["clicked"]["value"] > 0
    assert email["opened"]["high"] > email["opened"]["low"], "the draws do not spread"
