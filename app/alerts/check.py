"""Checking monitors: each active monitor against its last complete period, set-based.

A monitor watches the ``period_days`` days that end yesterday (complete UTC days) against
the previous period of equal length. When it fires, and it has not fired for a period
ending within the last ``period_days`` days, one alert is recorded (unique per monitor and
period end, so two checkers cannot both record it), admins are notified, and journeys with
an ``entry.alert`` node naming the monitor enter the members it concerns.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import except_, func, select
from sqlalchemy.orm import Session

from app.alerts.core import MEMBER_METRICS, fires, sentence
from app.alerts.notify import email_admins
from app.dashboard import figures
from app.dashboard.periods import Period
from app.dashboard.service import metrics, prepare
from app.engine.entries import enter_from_select
from app.engine.live import running_versions
from app.models import Alert, AlertMonitor, Member


def monitor_period(monitor: AlertMonitor, now: datetime) -> Period:
    end = now.date() - timedelta(days=1)
    return Period(end - timedelta(days=monitor.period_days - 1), end)


def concerned_members(monitor: AlertMonitor, period: Period):
    """Ids of the members the alert is about: for activity and paying members, those
    counted in the previous period (or window) and not in this one; none otherwise."""
    if monitor.metric not in MEMBER_METRICS:
        return None
    previous = period.previous()
    if monitor.metric == "payers":
        now_w, before_w = period, previous
    else:
        days = 30 if monitor.metric == "active_30" else 90
        now_w, before_w = figures.window(period.end, days), figures.window(previous.end, days)
    return except_(figures.active_member_ids(before_w), figures.active_member_ids(now_w))


def check_monitors(session: Session, now: datetime, keys: list[str] | None = None) -> list[Alert]:
    """Check active monitors (or those of ``keys``); the alerts recorded. Commits each."""
    stmt = select(AlertMonitor).where(AlertMonitor.active.is_(True)).order_by(AlertMonitor.id)
    if keys:
        stmt = stmt.where(AlertMonitor.key.in_(keys))
    fired = []
    for monitor in session.scalars(stmt).all():
        alert = _check(session, monitor, now)
        session.commit()
        if alert is not None:
            fired.append(alert)
    return fired


def _check(session: Session, monitor: AlertMonitor, now: datetime) -> Alert | None:
    period = monitor_period(monitor, now)
    recent = session.scalar(
        select(Alert.id).where(
            Alert.monitor_id == monitor.id,
            Alert.period_end > period.end - timedelta(days=monitor.period_days),
        )
    )
    if recent is not None:
        return None
    prepare(session, period, now)
    value = metrics(session, period)[monitor.metric]
    previous = metrics(session, period.previous())[monitor.metric]
    threshold = float(monitor.threshold)
    if not fires(monitor.comparison, threshold, value, previous):
        return None
    members = concerned_members(monitor, period)
    count = (
        session.scalar(select(func.count()).select_from(members.subquery()))
        if members is not None
        else 0
    )
    alert = Alert(
        monitor_id=monitor.id,
        period_end=period.end,
        value=value,
        previous=previous,
        message=sentence(
            monitor.name, monitor.metric, monitor.comparison, threshold, value, previous
        ),
        members=count,
        fired_at=now,
    )
    session.add(alert)
    session.flush()
    entered = _start_journeys(session, monitor, alert, members, now) if members is not None else {}
    alert.outcome = {"entered": entered, "emails": email_admins(session, alert, now)}
    return alert


def _start_journeys(session: Session, monitor, alert: Alert, members, now: datetime) -> dict:
    """Enter the concerned members into every running journey whose ``entry.alert`` names
    the monitor; members entered per journey key."""
    entered = {}
    for journey, version, graph in running_versions(session):
        for node_id in graph.entry_ids:
            node = graph.nodes[node_id]
            if node.type != "entry.alert" or node.raw_config.get("monitor") != monitor.key:
                continue
            who = select(Member.id).where(Member.id.in_(members))
            entered[journey.key] = entered.get(journey.key, 0) + enter_from_select(
                session, version, node_id, who, f"alert:{alert.id}", now
            )
    return entered
