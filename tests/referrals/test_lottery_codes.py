"""A lottery code per invitation: an inviter whose friends register in one batch gets one
code for each of them, once ever, through the engine's coupon node."""

import json
from collections import Counter

import pandas as pd
from sqlalchemy import text

from app.extensions import db
from tests.engine.factories import document, node, publish
from tests.engine.population import run


def _lottery_journey():
    where = [{"property": "role", "op": "eq", "value": "inviter"}]
    return publish(
        document(
            "lottery",
            [
                node("inviter", "entry.event", event_type="referral_registered", where=where),
                node("lottery", "action.coupon", coupon_template="lottery-code"),
                node("done", "exit"),
            ],
            [("inviter", "lottery"), ("lottery", "done", "granted"),
             ("lottery", "done", "out_of_stock")],
            entry={"reentry": "always"},
        )
    )  # fmt: skip


def _frame(sql: str) -> pd.DataFrame:
    result = db.session.execute(text(sql))
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def _invitations() -> Counter:
    """Linked invitations per inviter, from the raw referrals."""
    links = _frame(
        "SELECT m.external_id AS inviter FROM referrals r JOIN members m ON m.id = r.inviter_id"
    )
    return Counter(links["inviter"])


def _codes() -> pd.DataFrame:
    return _frame(
        "SELECT c.code, m.external_id AS member FROM coupons c "
        "JOIN coupon_templates t ON t.id = c.template_id JOIN members m ON m.id = c.member_id "
        "WHERE t.key = 'lottery-code'"
    )


def _post_all(post_members, code_of):
    post_members(("A", None))
    a = code_of("A")
    # Three friends of A and A's own code, in one batch; then C with B's code.
    first = post_members(("B", a), ("D", a), ("E", a), ("A", a))
    b = code_of("B")
    second = post_members(("C", b))
    return first, second


def test_each_invitation_gives_its_own_code_once(template, clock, post_members, code_of):
    template(key="lottery-code", kind="free_shipping", terms={"threshold": "0"},
             per_member_limit=100)  # fmt: skip
    _lottery_journey()
    first, second = _post_all(post_members, code_of)
    assert first["referrals"]["linked"] == 3 and second["referrals"]["linked"] == 1
    assert [r["reason"] for r in first["referrals"]["refused"]] == ["self_referral"]
    run(clock)
    db.session.expire_all()

    codes = _codes()
    assert _invitations() == Counter({"A": 3, "B": 1})
    assert Counter(codes["member"]) == _invitations()
    assert codes["code"].is_unique
    # Each code went to its own run: one per inviter event, each run granted once.
    runs = _frame(
        "SELECT jm.entry_key, s.detail FROM journey_steps s "
        "JOIN journey_members jm ON jm.id = s.journey_member_id "
        "WHERE s.node_id = 'lottery' AND s.branch = 'granted'"
    )
    assert runs["entry_key"].is_unique and len(runs) == 4
    details = [json.loads(d) if isinstance(d, str) else d for d in runs["detail"]]
    assert sorted(d["coupon_code"] for d in details) == sorted(codes["code"])

    # Everything posted again and run again: no new invitation, no new code.
    _post_all(post_members, code_of)
    run(clock, minutes=5)
    db.session.expire_all()
    assert _invitations() == Counter({"A": 3, "B": 1})
    assert sorted(_codes()["code"]) == sorted(codes["code"])


def test_the_per_member_limit_still_holds_within_a_batch(template, clock, post_members, code_of):
    template(key="lottery-code", kind="free_shipping", terms={"threshold": "0"},
             per_member_limit=2)  # fmt: skip
    _lottery_journey()
    _post_all(post_members, code_of)
    run(clock)
    db.session.expire_all()
    assert Counter(_codes()["member"]) == Counter({"A": 2, "B": 1})
    branches = _frame(
        "SELECT s.branch FROM journey_steps s WHERE s.node_id = 'lottery' ORDER BY s.id"
    )
    assert Counter(branches["branch"]) == Counter({"granted": 3, "out_of_stock": 1})
