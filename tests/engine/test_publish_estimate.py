"""The publish dialog's figures: members entering now, sends per channel, coupons."""

from __future__ import annotations

from sqlalchemy import func, select, text, update

from app.control_group.membership import in_group
from app.engine.estimate import reach
from app.extensions import db
from app.journeys import drafts
from app.journeys.service import find_journey
from app.models import Audience, JourneyVersion, Member
from app.models.program import ProgramSetting
from app.models.runs import JourneyMember
from tests.engine.factories import document, make_members, node


def _graph() -> dict:
    return document(
        "vip",
        [
            node("a_gold", "entry.audience", audience="gold"),
            node("b_all", "entry.audience", audience="everyone"),
            node("later", "entry.event", event_type="order_paid"),
            node("split", "split.random", weights={"a": 50, "b": 50}),
            node("coupon", "action.coupon", coupon_template="welcome"),
            node("sms", "action.send", channel="sms", template="hello"),
            node("inbox", "action.send", channel="inapp", template="hello"),
            node("end", "exit"),
        ],
        [
            ("a_gold", "split"),
            ("b_all", "inbox"),
            ("later", "inbox"),
            ("split", "coupon", "a"),
            ("split", "sms", "b"),
            ("coupon", "sms", "granted"),
            ("coupon", "end", "out_of_stock"),
            ("sms", "end"),
            ("inbox", "end"),
        ],
    )


def test_reach_counts_each_member_once_on_every_node_after_their_entry():
    reached = reach(_graph(), {"a_gold": 10, "b_all": 3})
    assert reached["split"] == reached["coupon"] == reached["sms"] == 10
    assert reached["inbox"] == 3
    assert reached["end"] == 13
    assert "a_gold" not in reached


def test_the_preview_recomputes_from_the_members_table(admin_client, app):
    ids = make_members(12, tier="silver")
    db.session.execute(update(Member).where(Member.id.in_(ids[:7])).values(tier="gold"))
    db.session.add_all(
        [
            Audience(
                key="gold",
                name="Gold",
                rules={"all": [{"kind": "profile", "field": "tier", "op": "eq", "value": "gold"}]},
            ),
            Audience(key="everyone", name="Everyone", rules={"all": []}),
        ]
    )
    db.session.commit()
    drafts.create_journey("vip", "VIP", "", None)
    drafts.save_draft(find_journey("vip"), _graph(), None)

    answer = admin_client.get("/api/journeys/vip/publish-preview")
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    gold = db.session.scalar(text("SELECT count(*) FROM members WHERE tier = 'gold'"))
    everyone = db.session.scalar(text("SELECT count(*) FROM members"))
    # The gold entry takes the gold members; the second entry takes everyone else.
    assert [(e["node_id"], e["members"]) for e in body["entering"]] == [
        ("a_gold", gold),
        ("b_all", everyone - gold),
    ]
    assert body["entering_total"] == everyone
    assert body["later_entries"] == [
        {"node_id": "later", "label": "entry.event", "type": "entry.event"}
    ]
    assert body["sends"] == {"sms": gold, "inapp": everyone - gold}
    assert body["coupons"] == gold
    assert "every branch" in body["assumption"]
    assert db.session.scalar(select(func.count(JourneyMember.id))) == 0
    assert db.session.scalar(select(JourneyVersion.status)) == "draft"


def test_members_already_in_the_journey_and_the_control_group_are_left_out(admin_client, app):
    ids = make_members(40)
    db.session.add(Audience(key="everyone", name="Everyone", rules={"all": []}))
    db.session.commit()
    doc = document(
        "vip",
        [
            node("b_all", "entry.audience", audience="everyone"),
            node("sms", "action.send", channel="sms", template="hello"),
        ],
        [("b_all", "sms")],
    )
    drafts.create_journey("vip", "VIP", "", None)
    drafts.save_draft(find_journey("vip"), doc, None)
    assert admin_client.put("/api/program/control-group", json={"percent": 25}).status_code == 200
    body = admin_client.get("/api/journeys/vip/publish-preview").get_json()
    salt = db.session.get(ProgramSetting, "control_group").value["salt"]
    held = in_group(ids, 25, salt)
    assert body["entering_total"] == db.session.scalar(select(func.count(Member.id))) == 40
    assert body["held_out"] == len(held)
    assert body["sends"] == {"sms": 40 - len(held)}, body


def test_a_journey_without_a_draft_has_nothing_to_preview(admin_client):
    assert admin_client.get("/api/journeys/nope/publish-preview").status_code == 404
