"""Demo referrals: the friends the demo invited (``registered`` events carrying
``invited_by``) linked to their inviters as the referral programme links them, with the
``referral_registered`` and ``referral_first_order`` events that linking emits, and each
member's registration channel from the signup channel the demo gave it."""

from __future__ import annotations

from sqlalchemy import Engine, func, insert, select, update

from app.models import Event, Member, Referral
from app.referrals.codes import invite_code

CHUNK = 10_000


def seed_referrals(engine: Engine) -> int:
    """Link the demo's invited members; returns how many links were made."""
    invitee = Member.__table__.alias("invitee")
    inviter = Member.__table__.alias("inviter")
    invited_by = Event.properties["invited_by"].as_string()
    with engine.begin() as conn:
        conn.execute(
            update(Member)
            .where(Member.registration_channel.is_(None))
            .values(registration_channel=Member.attributes["signup_channel"].as_string())
        )
        rows = conn.execute(
            select(
                inviter.c.id, inviter.c.external_id, invitee.c.id, invitee.c.external_id,
                Event.occurred_at, invitee.c.first_order_at,
            )
            .join(invitee, invitee.c.id == Event.member_id)
            .join(inviter, inviter.c.external_id == invited_by)
            .where(Event.type == "registered", invited_by.is_not(None), inviter.c.id != invitee.c.id)
            .order_by(Event.occurred_at, Event.id)
        ).all()  # fmt: skip
        links, events, seen = [], [], set()
        for inviter_id, inviter_ext, invitee_id, invitee_ext, at, first in rows:
            if invitee_id in seen:
                continue
            seen.add(invitee_id)
            links.append(
                {"inviter_id": inviter_id, "invitee_id": invitee_id,
                 "code": invite_code(inviter_id), "linked_at": at, "first_order_at": first}
            )  # fmt: skip
            about = {
                "inviter_id": inviter_id, "inviter_external_id": inviter_ext,
                "invitee_id": invitee_id, "invitee_external_id": invitee_ext, "source": "demo",
            }  # fmt: skip
            for kind, when in (("registered", at), ("first_order", first)):
                if when is None:
                    continue
                for role, member in (("inviter", inviter_id), ("invitee", invitee_id)):
                    events.append(
                        {"external_id": f"referral:{invitee_id}:{kind}:{role}",
                         "member_id": member, "type": f"referral_{kind}", "name": None,
                         "occurred_at": when, "properties": {"role": role, **about},
                         "created_at": when}
                    )  # fmt: skip
        for start in range(0, len(links), CHUNK):
            conn.execute(insert(Referral), links[start : start + CHUNK])
        for start in range(0, len(events), CHUNK):
            conn.execute(insert(Event), events[start : start + CHUNK])
        return conn.scalar(select(func.count()).select_from(Referral))
