"""Send rules, decided before every send: pure functions of a message's facts and ``now``.

Order: suppression list, unsubscribe, consent, address, the channel's quiet hours, the
journey's quiet hours, the channel's caps (across every journey), the journey's cap.
Quiet hours defer to the window's end in the member's timezone; caps defer to the next
local day or week, or suppress, as the channel's ``cap_action`` says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.timezones import zone as zone_named

DEFAULT_TZ = "Asia/Shanghai"
CONSENT_CHANNELS = ("email", "sms", "push")
ADDRESS_FIELD = {"email": "email", "sms": "phone"}


@dataclass(frozen=True)
class ChannelRules:
    """A channel's rules, from Settings merged over :data:`DEFAULT_RULES`."""

    quiet_hours: tuple[time, time] | None = None
    day_cap: int | None = None
    week_cap: int | None = None
    cap_action: str = "defer"
    unsubscribe_line: str | None = None
    cost_per_message: str | None = None
    rate_per_second: float | None = None
    max_attempts: int = 5


DEFAULT_RULES: dict[str, dict] = {
    "sms": {
        "quiet_hours": {"start": "21:00", "end": "09:00"},
        "day_cap": 1,
        "unsubscribe_line": "回T退订",
        "cost_per_message": "0.04",
    },
    "push": {"quiet_hours": {"start": "21:00", "end": "09:00"}, "day_cap": 3},
    "email": {},
    "inapp": {},
    "webhook": {},
}


def parse_rules(channel: str, overrides: dict | None) -> ChannelRules:
    """Build :class:`ChannelRules` from defaults and the channel's saved ``rules``."""
    raw = {**DEFAULT_RULES.get(channel, {}), **(overrides or {})}
    quiet = raw.get("quiet_hours")
    hours = None
    if quiet:
        hours = (time.fromisoformat(quiet["start"]), time.fromisoformat(quiet["end"]))
    return ChannelRules(
        quiet_hours=hours,
        day_cap=raw.get("day_cap"),
        week_cap=raw.get("week_cap"),
        cap_action=raw.get("cap_action", "defer"),
        unsubscribe_line=raw.get("unsubscribe_line"),
        cost_per_message=raw.get("cost_per_message"),
        rate_per_second=raw.get("rate_per_second"),
        max_attempts=int(raw.get("max_attempts", 5)),
    )


@dataclass(frozen=True)
class MemberFacts:
    """What the rules need to know about a member."""

    id: int
    timezone: str = DEFAULT_TZ
    email: str | None = None
    phone: str | None = None
    consent: dict = field(default_factory=dict)
    unsubscribed: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    action: str  # send | defer | suppress | fail
    reason: str = ""
    until: datetime | None = None


SEND = Decision("send")


@dataclass(frozen=True)
class JourneyRules:
    """What the journey that queued a message adds to its channel's rules.

    ``day_cap`` is the journey's per-day cap for the message's channel (its
    ``frequency_caps`` over the documented defaults); ``priority`` orders messages of
    different journeys competing for a member's channel cap (higher sends first).
    """

    quiet_hours: tuple[time, time] | None = None
    day_cap: int | None = None
    priority: int = 0


def local_day_end(now: datetime, tz: ZoneInfo) -> datetime:
    """The next local midnight after ``now`` (in ``now``'s timezone)."""
    local = now.astimezone(tz)
    return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=tz).astimezone(
        now.tzinfo
    )


def sent_today(sent: list[datetime], now: datetime, tz: ZoneInfo) -> int:
    """How many of ``sent`` fall on ``now``'s local day."""
    local = now.astimezone(tz)
    day_start = datetime.combine(local.date(), time(0), tzinfo=tz)
    return sum(1 for s in sent if day_start <= s)


def zone(name: str | None) -> ZoneInfo:
    """The member's zone; the default zone when unset or unknown."""
    return zone_named(name, DEFAULT_TZ)


def quiet_until(hours: tuple[time, time], now: datetime, tz: ZoneInfo) -> datetime | None:
    """The end of the quiet window ``now`` falls in (UTC), or None outside it."""
    start, end = hours
    local = now.astimezone(tz)
    t = local.time().replace(tzinfo=None)
    if start <= end:
        inside, day = start <= t < end, local.date()
    else:
        inside = t >= start or t < end
        day = local.date() + timedelta(days=1) if t >= start else local.date()
    if not inside:
        return None
    return datetime.combine(day, end, tzinfo=tz).astimezone(now.tzinfo)


def cap_hit(rules: ChannelRules, sent: list[datetime], now: datetime, tz: ZoneInfo):
    """``(reason, until)`` when sending now would pass a cap, else None."""
    local = now.astimezone(tz)
    day_start = datetime.combine(local.date(), time(0), tzinfo=tz)
    week_start = day_start - timedelta(days=local.weekday())
    if rules.day_cap is not None and sum(1 for s in sent if s >= day_start) >= rules.day_cap:
        return "frequency_cap_day", (day_start + timedelta(days=1)).astimezone(now.tzinfo)
    if rules.week_cap is not None and sum(1 for s in sent if s >= week_start) >= rules.week_cap:
        return "frequency_cap_week", (week_start + timedelta(days=7)).astimezone(now.tzinfo)
    return None


def decide(
    channel: str,
    category: str,
    member: MemberFacts | None,
    rules: ChannelRules,
    *,
    suppressed: bool,
    sent: list[datetime],
    now: datetime,
    journey: JourneyRules | None = None,
    journey_sent: list[datetime] = (),
) -> Decision:
    """Whether to send one message now, and if not, why and until when.

    ``sent`` are the member's marketing sends on this channel (every journey and the API);
    ``journey_sent`` the ones the message's own journey made, for its ``journey`` cap.
    """
    if member is None:
        return Decision("fail", "unknown_member")
    if suppressed:
        return Decision("suppress", "suppression_list")
    marketing = category == "marketing"
    if channel in CONSENT_CHANNELS:
        if member.unsubscribed.get(channel):
            return Decision("suppress", "unsubscribed")
        if marketing and not member.consent.get(channel):
            return Decision("suppress", "no_consent")
    address = ADDRESS_FIELD.get(channel)
    if address and not getattr(member, address):
        return Decision("fail", f"no_{address}")
    if not marketing:
        return SEND
    tz = zone(member.timezone)
    if rules.quiet_hours:
        until = quiet_until(rules.quiet_hours, now, tz)
        if until is not None:
            return Decision("defer", "quiet_hours", until)
    if journey is not None and journey.quiet_hours:
        until = quiet_until(journey.quiet_hours, now, tz)
        if until is not None:
            return Decision("defer", "journey_quiet_hours", until)
    hit = cap_hit(rules, sent, now, tz)
    if hit is None and journey is not None and journey.day_cap is not None:
        if journey.day_cap == 0:  # the journey never sends on this channel
            return Decision("suppress", "journey_frequency_cap")
        if sent_today(list(journey_sent), now, tz) >= journey.day_cap:
            hit = ("journey_frequency_cap", local_day_end(now, tz))
    if hit is not None:
        reason, until = hit
        if rules.cap_action == "skip":
            return Decision("suppress", reason)
        return Decision("defer", reason, until)
    return SEND


def backoff(attempts: int, base_seconds: int = 60, cap_seconds: int = 6 * 3600) -> timedelta:
    """Delay before retry number ``attempts`` (1, 2, …): doubling from one minute."""
    return timedelta(seconds=min(base_seconds * 2 ** max(attempts - 1, 0), cap_seconds))
