from datetime import UTC, datetime, timedelta

import pytest

from app.messaging.rules import MemberFacts, backoff, decide, parse_rules

SMS = parse_rules("sms", None)
PUSH = parse_rules("push", None)
# 2026-03-02 is a Monday; 04:00 UTC is 12:00 in Shanghai.
NOON = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
MEMBER = MemberFacts(
    id=1, phone="138", email="a@b.c", consent={"sms": True, "push": True, "email": True}
)


def run(rules=SMS, channel="sms", member=MEMBER, now=NOON, sent=(), category="marketing", **kw):
    return decide(
        channel,
        category,
        member,
        rules,
        suppressed=kw.get("suppressed", False),
        sent=list(sent),
        now=now,
    )


def test_default_sms_rules():
    assert SMS.day_cap == 1 and SMS.unsubscribe_line == "回T退订" and SMS.cost_per_message == "0.04"
    assert run().action == "send"


@pytest.mark.parametrize(
    ("local_hour", "deferred_until_local"),
    [(21, "2026-03-03T09:00"), (23, "2026-03-03T09:00"), (3, "2026-03-02T09:00")],
)
def test_quiet_hours_defer_to_window_end_in_member_timezone(local_hour, deferred_until_local):
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Shanghai")
    now = datetime(2026, 3, 2, local_hour, 30, tzinfo=tz).astimezone(UTC)
    d = run(now=now)
    assert (d.action, d.reason) == ("defer", "quiet_hours")
    assert d.until.astimezone(tz).isoformat()[:16] == deferred_until_local


def test_quiet_hours_follow_the_members_timezone():
    london = MemberFacts(**{**MEMBER.__dict__, "timezone": "Europe/London"})
    assert run(member=london).action == "defer"  # 04:00 in London
    assert run(member=london, now=NOON + timedelta(hours=8)).action == "send"


def test_frequency_cap_defers_to_next_local_day_or_suppresses():
    d = run(sent=[NOON - timedelta(hours=1)])
    assert (d.action, d.reason) == ("defer", "frequency_cap_day")
    assert d.until == datetime(2026, 3, 2, 16, 0, tzinfo=UTC)  # midnight in Shanghai
    skip = parse_rules("sms", {"cap_action": "skip"})
    assert run(rules=skip, sent=[NOON]).action == "suppress"
    assert run(sent=[NOON - timedelta(days=1)]).action == "send"
    weekly = parse_rules("push", {"week_cap": 2, "day_cap": None})
    d = run(
        rules=weekly, channel="push", sent=[NOON - timedelta(hours=2), NOON - timedelta(hours=1)]
    )
    assert d.reason == "frequency_cap_week" and d.until == datetime(2026, 3, 8, 16, 0, tzinfo=UTC)


def test_consent_unsubscribe_suppression_address_and_transactional():
    assert run(suppressed=True).reason == "suppression_list"
    unsub = MemberFacts(**{**MEMBER.__dict__, "unsubscribed": {"sms": True}})
    assert (run(member=unsub).action, run(member=unsub).reason) == ("suppress", "unsubscribed")
    no_consent = MemberFacts(id=1, phone="138")
    assert run(member=no_consent).reason == "no_consent"
    assert run(member=no_consent, category="transactional").action == "send"
    assert run(member=MemberFacts(id=1, consent={"sms": True})).reason == "no_phone"
    assert run(member=None).reason == "unknown_member"
    late = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 23:00 local
    assert run(category="transactional", now=late, sent=[NOON]).action == "send"


def test_backoff_doubles_with_cap():
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert backoff(30) == timedelta(hours=6)
