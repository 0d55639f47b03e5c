"""A referral chain through the API and a journey rewarding both sides, each reward once.

A invites B, B invites C; A using A's own code is refused (self-referral) and A using C's
code is refused (a loop). Re-posting members, codes and orders changes nothing.
"""

from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Coupon, Event, Member, PointsEntry
from app.models.referrals import Referral, ReferralRefusal
from tests.engine.factories import START, document, node, publish
from tests.engine.population import run


def _journey():
    def entry(node_id, event, role):
        where = [{"property": "role", "op": "eq", "value": role}]
        return node(node_id, "entry.event", event_type=event, where=where)

    return publish(
        document(
            "referral-rewards",
            [
                entry("inviter", "referral_registered", "inviter"),
                node("thanks", "action.points", points=500, reason="invited a friend"),
                entry("friend", "referral_registered", "invitee"),
                node("gift", "action.coupon", coupon_template="friend-gift"),
                entry("first", "referral_first_order", "inviter"),
                node("bonus", "action.points", points=300, reason="friend's first order"),
                node("done", "exit"),
            ],
            [
                ("inviter", "thanks"), ("thanks", "done"),
                ("friend", "gift"), ("gift", "done", "granted"), ("gift", "done", "out_of_stock"),
                ("first", "bonus"), ("bonus", "done"),
            ],
            entry={"reentry": "always"},
        )
    )  # fmt: skip


def _by_member(rows) -> Counter:
    names = dict(db.session.execute(select(Member.id, Member.external_id)).all())
    return Counter(names[m] for m in rows)


def _rewards():
    points = Counter()
    names = dict(db.session.execute(select(Member.id, Member.external_id)).all())
    for member_id, amount in db.session.execute(select(PointsEntry.member_id, PointsEntry.points)):
        points[names[member_id]] += amount
    coupons = _by_member(db.session.scalars(select(Coupon.member_id)))
    return points, coupons


def _everything(post_members, code_of, post_order, clock, first=True):
    post_members(("A", None))
    a = code_of("A")
    post_members(("B", a))
    b = code_of("B")
    answer = post_members(("C", b), ("A", a))
    assert answer["referrals"]["linked"] == (1 if first else 0)
    assert [(r["index"], r["reason"]) for r in answer["referrals"]["refused"]] == [
        (1, "self_referral")
    ]
    c = code_of("C")
    loop = post_members(("A", c))
    assert loop["referrals"]["refused"][0]["reason"] == "loop"
    post_members(("C", a))  # C was invited by B first
    run(clock)
    post_order("o-b1", "B", 120)
    post_order("o-b2", "B", 80, at=START + timedelta(hours=2))
    post_order("o-c1", "C", 60)
    post_order("o-b1", "B", 120)
    run(clock, minutes=5)


def test_chain_rewards_each_side_once(template, clock, post_members, code_of, post_order):
    template(key="friend-gift")
    _journey()
    _everything(post_members, code_of, post_order, clock)
    db.session.expire_all()

    links = dict(db.session.execute(select(Referral.invitee_id, Referral.inviter_id)).all())
    names = dict(db.session.execute(select(Member.id, Member.external_id)).all())
    assert {names[i]: names[j] for i, j in links.items()} == {"B": "A", "C": "B"}
    refusals = Counter(
        (names[i], reason)
        for i, reason in db.session.execute(
            select(ReferralRefusal.invitee_id, ReferralRefusal.reason)
        )
    )
    assert refusals == Counter(
        {("A", "self_referral"): 1, ("A", "loop"): 1, ("C", "already_referred"): 1}
    )
    points, coupons = _rewards()
    assert points == Counter({"A": 800, "B": 800})
    assert coupons == Counter({"B": 1, "C": 1})
    events = Counter(db.session.scalars(select(Event.type)))
    assert events["referral_registered"] == 4 and events["referral_first_order"] == 4

    # Everything posted again: no new link, event or reward.
    _everything(post_members, code_of, post_order, clock, first=False)
    db.session.expire_all()
    assert _rewards() == (points, coupons)
    assert Counter(db.session.scalars(select(Event.type))) == events
    assert db.session.scalar(select(db.func.count()).select_from(Referral)) == 2


def test_a_member_who_bought_before_the_invitation_makes_no_first_order(
    clock, post_members, code_of, post_order
):
    post_members(("A", None), ("B", None))
    post_order("early", "B", 50)
    post_members(("B", code_of("A")))
    post_order("later", "B", 70, at=START + timedelta(hours=3))
    assert db.session.scalar(select(Referral.first_order_at)) is None
    kinds = Counter(db.session.scalars(select(Event.type)))
    assert kinds["referral_registered"] == 2 and kinds["referral_first_order"] == 0
