"""The demo seed links its invited members as the referral programme would."""

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import select

from app.demo.seed import seed
from app.extensions import db
from app.models import Event, Member
from app.models.referrals import Referral


def test_demo_seed_creates_referrals_and_registration_channels(app):
    seed(db.engine, 600, 7, datetime(2026, 5, 4, 2, 0, tzinfo=UTC))
    members = pd.DataFrame(
        db.session.execute(
            select(Member.id, Member.external_id, Member.attributes, Member.registration_channel,
                   Member.first_order_at)
        ).all(),
        columns=["id", "external_id", "attributes", "channel", "first_order_at"],
    )  # fmt: skip
    assert (members.channel == members.attributes.map(lambda a: a.get("signup_channel"))).all()
    registered = db.session.execute(
        select(Event.member_id, Event.properties).where(Event.type == "registered")
    ).all()
    ids = dict(zip(members.external_id, members.id, strict=True))
    wanted = {m: ids[p["invited_by"]] for m, p in registered if p.get("invited_by")}
    links = dict(db.session.execute(select(Referral.invitee_id, Referral.inviter_id)).all())
    assert links and links == wanted
    firsts = set(members.id[members.first_order_at.notna()]) & set(links)
    kinds = pd.Series(
        db.session.scalars(select(Event.type).where(Event.type.like("referral_%"))).all()
    ).value_counts()
    assert kinds["referral_registered"] == 2 * len(links)
    assert kinds["referral_first_order"] == 2 * len(firsts)
