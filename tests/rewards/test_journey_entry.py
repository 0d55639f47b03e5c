"""A redemption is a ``reward_redeemed`` event: a journey entering on it takes the member in,
filtered by the event's properties, and a retried redemption enters nobody twice."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import JourneyMember, MemberTag
from tests.engine.factories import document, node, publish
from tests.engine.population import run


def test_a_redemption_enters_a_journey_listening_for_it(
    client, clock, members, reward, member_headers
):
    publish(
        document(
            "thank-redeemers",
            [
                node(
                    "start",
                    "entry.event",
                    event_type="reward_redeemed",
                    where=[{"property": "reward", "op": "eq", "value": "mug"}],
                ),
                node("tag", "action.tag", tag="redeemed-a-mug"),
                node("done", "exit"),
            ],
            [("start", "tag"), ("tag", "done")],
        )
    )
    mug_fan, tea_fan = members(2, points=500)
    reward("mug", points_price=100)
    reward("tea", points_price=100)
    for member, key in ((mug_fan, "mug"), (mug_fan, "mug"), (tea_fan, "tea")):
        response = client.post(
            f"/api/member/rewards/{key}/redeem",
            json={"idempotency_key": "once"},
            headers=member_headers(member),
        )
        assert response.status_code in (200, 201), response.get_json()
    run(clock)
    entered = list(db.session.scalars(select(JourneyMember.member_id)))
    assert entered == [mug_fan]
    tagged = set(
        db.session.scalars(select(MemberTag.member_id).where(MemberTag.tag == "redeemed-a-mug"))
    )
    assert tagged == {mug_fan}
