"""What an example journey should have done, worked out from the member data on its own.

Given a bundle, the run's start and the moments the entry jobs ran, these checks predict who
enters each entry node, which branch each member takes at each split, whether each coupon
step grants, and how many points, messages and tags follow — from pandas over the member,
order and coupon tables and the bundle's own settings — then compare with the engine's log.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Coupon,
    Journey,
    JourneyExperiment,
    JourneyMember,
    JourneyStep,
    Member,
    MemberTag,
    OutboxMessage,
    PointsEntry,
)
from tests.engine.population import arm_point, weighted_arm
from tests.engine.rule_frames import MemberData


def _log(journey_id: int) -> pd.DataFrame:
    rows = db.session.execute(
        select(
            JourneyStep.id,
            JourneyStep.journey_member_id,
            JourneyStep.step_no,
            JourneyStep.member_id,
            JourneyStep.node_id,
            JourneyStep.outcome,
            JourneyStep.branch,
            JourneyStep.detail,
            JourneyStep.at,
        )
        .where(JourneyStep.journey_id == journey_id)
        .order_by(JourneyStep.at, JourneyStep.id)
    ).all()
    return pd.DataFrame(
        rows,
        columns=[
            "id",
            "run",
            "step_no",
            "member_id",
            "node_id",
            "outcome",
            "branch",
            "detail",
            "at",
        ],
    )


def check_against_member_data(
    bundle: dict,
    key: str,
    data: MemberData,
    start: datetime,
    job_moments: list[datetime],
    posters: dict[str, set[str]],
) -> None:
    """Compare the run of example ``key`` with what ``data`` (taken before it) predicts.

    ``posters`` are, per event entry node, the external ids of members whose posted events
    meet that entry's conditions."""
    journey = bundle["journey"]
    nodes = {n["id"]: n for n in journey["nodes"]}
    journey_id = db.session.scalar(select(Journey.id).where(Journey.key == key))
    log = _log(journey_id)
    audiences = {a["key"]: a["rules"] for a in bundle.get("audiences", [])}
    firsts = log[log.step_no == 1]
    _check_flow(key, journey, log, firsts)

    for node_id, spec in nodes.items():
        kind, config = spec["type"], spec["config"]
        passed = log[(log.node_id == node_id) & (log.outcome == "passed")]
        entered = set(firsts.member_id[firsts.node_id == node_id])
        if kind == "entry.audience":
            _check_audience_entry(node_id, config, audiences, firsts, data, start)
        elif kind == "entry.event":
            wanted = set(
                db.session.scalars(
                    select(Member.id).where(Member.external_id.in_(posters.get(node_id, set())))
                )
            )
            assert entered == wanted, f"{key}/{node_id}: event entries"
        elif kind == "entry.date" and config["date_field"] == "birthday":
            expected = _birthday_entries(config, job_moments)
            assert entered == expected, f"{key}/{node_id}: birthday entries"
        elif kind == "split.condition":
            _check_branches(key, node_id, passed, data, [("yes", config, audiences)], "no")
        elif kind == "split.multi":
            branches = [(b["key"], b, audiences) for b in config["branches"]]
            _check_branches(key, node_id, passed, data, branches, "else")
        elif kind == "split.experiment":
            _check_experiment(key, journey_id, node_id, config, passed)
        elif kind == "action.coupon":
            _check_coupons(key, journey_id, node_id, config, passed, bundle)
        elif kind == "action.points":
            booked = db.session.execute(
                select(func.count(), func.coalesce(func.sum(PointsEntry.points), 0)).where(
                    PointsEntry.source == f"journey:{journey_id}:{node_id}"
                )
            ).one()
            assert tuple(booked) == (len(passed), len(passed) * config["points"]), node_id
        elif kind in ("action.send", "action.webhook"):
            # Webhook rows name their node in the template key; messages carry journey and node.
            where = (
                [
                    OutboxMessage.channel == "webhook",
                    OutboxMessage.template_key == f"node:{node_id}",
                ]
                if kind == "action.webhook"
                else [OutboxMessage.journey_id == journey_id, OutboxMessage.node_id == node_id]
            )
            queued = db.session.scalar(select(func.count()).where(*where))
            assert queued == len(passed), f"{key}/{node_id}: messages"
        elif kind == "action.tag" and config.get("operation", "add") == "add":
            tagged = set(
                db.session.scalars(
                    select(MemberTag.member_id).where(MemberTag.tag == config["tag"])
                )
            )
            assert set(passed.member_id) <= tagged, f"{key}/{node_id}: tags"


def _check_flow(key: str, journey: dict, log: pd.DataFrame, firsts: pd.DataFrame) -> None:
    """Every member who left a node by a branch arrived where the bundle's edge leads: per
    node, arrivals (entries plus members sent there) equal those who left it or are there."""
    left_by = Counter(
        zip(
            log.node_id[log.outcome == "passed"],
            log.branch[log.outcome == "passed"],
            strict=True,
        )
    )
    arrived = Counter(firsts.node_id)
    for edge in journey["edges"]:
        arrived[edge["target"]] += left_by[(edge["source"], edge["branch"])]
    done = log[log.outcome.isin(("passed", "exited", "completed", "converted", "error"))]
    accounted = Counter(done.node_id)
    live = db.session.execute(
        select(JourneyMember.node_id, func.count())
        .where(JourneyMember.status.in_(("active", "waiting", "waiting_event")))
        .group_by(JourneyMember.node_id)
    )
    for node_id, count in live:
        accounted[node_id] += count
    assert +arrived == +accounted, f"{key}: arrivals and departures per node differ"


def _check_audience_entry(node_id, config, audiences, firsts, data, start) -> None:
    """The first cycle (or the publish) enters exactly the audience as it was then."""
    runs = db.session.execute(
        select(JourneyMember.id, JourneyMember.member_id, JourneyMember.entered_at)
    ).all()
    mine = {r.id for r in runs} & set(firsts.run[firsts.node_id == node_id])
    if not mine:
        at = start if config.get("schedule", "once") == "once" else None
        if at is not None:
            assert not data.matches(audiences[config["audience"]], at).any(), node_id
        return
    first_at = min(r.entered_at for r in runs if r.id in mine)
    entered = {r.member_id for r in runs if r.id in mine and r.entered_at == first_at}
    expected = data.matches(audiences[config["audience"]], first_at)
    assert entered == set(expected.index[expected]), f"{node_id}: entries at {first_at}"


def _birthday_entries(config: dict, moments: list[datetime]) -> set[int]:
    """Members whose birthday, moved by the offset, is a local day on which the job ran."""
    rows = db.session.execute(select(Member.id, Member.birthday, Member.timezone)).all()
    days_by_zone: dict[str, set[date]] = {}
    expected = set()
    for member_id, birthday, zone in rows:
        if birthday is None:
            continue
        if zone not in days_by_zone:
            tz = ZoneInfo(zone)
            days_by_zone[zone] = {m.astimezone(tz).date() for m in moments}
        for day in days_by_zone[zone]:
            shifted = day - timedelta(days=config.get("offset_days", 0))
            if (shifted.month, shifted.day) == (birthday.month, birthday.day):
                expected.add(member_id)
    return expected


def _check_branches(key, node_id, passed, data, branches, fallback) -> None:
    """Each member took the first branch whose rules matched them at the step's time."""
    if passed.empty:
        return
    want = {}
    for at, group in passed.groupby("at"):
        remaining = pd.Series(True, index=data.members.index)
        chosen = pd.Series(fallback, index=data.members.index, dtype=object)
        for branch, choice, audiences in branches:
            rules = choice.get("rules") or audiences[choice["audience"]]
            hit = data.matches(rules, pd.Timestamp(at).to_pydatetime()) & remaining
            chosen[hit] = branch
            remaining &= ~hit
        for step_id, member_id in zip(group.id, group.member_id, strict=True):
            want[step_id] = chosen[member_id]
    got = dict(zip(passed.id, passed.branch, strict=True))
    wrong = [(step, got[step], want[step]) for step in got if got[step] != want[step]]
    assert not wrong, f"{key}/{node_id}: {len(wrong)} member(s) took another branch: {wrong[:3]}"
    assert Counter(got.values()) == Counter(want.values())


def _check_experiment(key, journey_id, node_id, config, passed) -> None:
    arms = [(v["key"], v["weight"]) for v in config["variants"]]
    cut = config["sample_percent"] * 100
    winner = db.session.scalar(
        select(JourneyExperiment.winner).where(
            JourneyExperiment.journey_id == journey_id, JourneyExperiment.node_id == node_id
        )
    )
    for member_id, branch, detail in zip(
        passed.member_id, passed.branch, passed.detail, strict=True
    ):
        where = f"{key}/{node_id}"
        sampled = arm_point(member_id, where, "sample") < cut
        assert (detail["arm"] == "sample") == sampled, f"{key}/{node_id}: sample of {member_id}"
        drawn = weighted_arm(arm_point(member_id, where, "variant"), arms)
        want = drawn if sampled or winner is None else winner
        assert branch == want, f"{key}/{node_id}: arm of {member_id}"


def _check_coupons(key, journey_id, node_id, config, passed, bundle) -> None:
    """Replay the grant rule in log order: a member under the template's per-member limit
    gets one while stock lasts; everyone else leaves by out_of_stock."""
    template = next(t for t in bundle["coupon_templates"] if t["key"] == config["coupon_template"])
    limit, stock = template.get("per_member_limit", 1), template.get("stock_total")
    template_nodes = {
        n["id"]
        for n in bundle["journey"]["nodes"]
        if n["type"] == "action.coupon" and n["config"]["coupon_template"] == template["key"]
    }
    log = _log(journey_id)
    grants = log[log.node_id.isin(template_nodes) & (log.outcome == "passed")]
    held: Counter = Counter()
    issued = 0
    want = {}
    separate = config.get("limit_reached_branch", False)
    for step_id, member_id in zip(grants.id, grants.member_id, strict=True):
        over = held[member_id] >= limit
        ok = not over and (stock is None or issued < stock)
        if ok:
            held[member_id] += 1
            issued += 1
        want[step_id] = (
            "granted" if ok else "limit_reached" if over and separate else "out_of_stock"
        )
    got = dict(zip(passed.id, passed.branch, strict=True))
    assert got == {s: want[s] for s in got}, f"{key}/{node_id}: coupon branches"
    granted = db.session.scalar(
        select(func.count()).where(Coupon.source == f"journey:{journey_id}:{node_id}")
    )
    assert granted == sum(1 for b in got.values() if b == "granted"), f"{key}/{node_id}: coupons"
