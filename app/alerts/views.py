"""``/api/alerts``: monitors (admins write, everyone signed in reads), fired alerts with the
reader's unread count, and checking now."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user
from sqlalchemy import exists, func, insert, select

from app.alerts.check import check_monitors
from app.alerts.monitors import (
    MonitorIn,
    MonitorPatch,
    create_monitor,
    find_monitor,
    monitor_json,
)
from app.auth.access import roles_required
from app.engine.clock import current_clock
from app.extensions import api_spec, db
from app.models import Alert, AlertMonitor, AlertRead

bp = Blueprint("alerts", __name__, url_prefix="/api/alerts")
LIST_LIMIT = 100


def _read_by_me():
    return exists().where(AlertRead.alert_id == Alert.id, AlertRead.user_id == current_user.id)


def alert_json(alert: Alert, key: str | None, read: bool) -> dict:
    """A fired alert: a monitor's (``kind: kpi``) or a code pool's low stock (``code_pool``,
    ``pool`` its key, ``value`` the codes left)."""
    return {
        "id": alert.id,
        "kind": "kpi" if alert.monitor_id else "code_pool",
        "monitor": key,
        "pool": None if alert.monitor_id else (alert.outcome or {}).get("pool"),
        "period_end": alert.period_end.isoformat(),
        "value": float(alert.value),
        "previous": None if alert.previous is None else float(alert.previous),
        "message": alert.message,
        "members": alert.members,
        "outcome": alert.outcome,
        "fired_at": alert.fired_at.isoformat(),
        "read": read,
    }


@bp.get("/monitors")
@api_spec.validate(tags=["alerts"])
@roles_required("admin", "marketer", "viewer")
def monitors():
    """Every monitor, newest first."""
    rows = db.session.scalars(select(AlertMonitor).order_by(AlertMonitor.id.desc())).all()
    return jsonify({"monitors": [monitor_json(m) for m in rows]})


@bp.post("/monitors")
@api_spec.validate(json=MonitorIn, tags=["alerts"])
@roles_required("admin")
def create(json: MonitorIn):
    """A monitor on a dashboard metric, checked daily."""
    monitor = create_monitor(db.session, json)
    db.session.commit()
    return jsonify(monitor_json(monitor)), 201


@bp.patch("/monitors/<key>")
@api_spec.validate(json=MonitorPatch, tags=["alerts"])
@roles_required("admin")
def patch(key: str, json: MonitorPatch):
    """Turn a monitor on or off."""
    monitor = find_monitor(db.session, key)
    monitor.active = json.active
    db.session.commit()
    return jsonify(monitor_json(monitor))


@bp.delete("/monitors/<key>")
@api_spec.validate(tags=["alerts"])
@roles_required("admin")
def delete(key: str):
    """Remove a monitor and its alerts."""
    db.session.delete(find_monitor(db.session, key))
    db.session.commit()
    return "", 204


@bp.get("")
@api_spec.validate(tags=["alerts"])
@roles_required("admin", "marketer", "viewer")
def alerts():
    """The latest alerts, whether the reader has read each, and their unread count."""
    rows = db.session.execute(
        select(Alert, AlertMonitor.key, _read_by_me())
        .outerjoin(AlertMonitor, AlertMonitor.id == Alert.monitor_id)
        .order_by(Alert.fired_at.desc(), Alert.id.desc())
        .limit(LIST_LIMIT)
    ).all()
    unread = db.session.scalar(select(func.count()).select_from(Alert).where(~_read_by_me()))
    return jsonify({"alerts": [alert_json(*row) for row in rows], "unread": unread})


@bp.post("/read")
@api_spec.validate(tags=["alerts"])
@roles_required("admin", "marketer", "viewer")
def mark_read():
    """Mark every alert read for the reader."""
    unread = select(Alert.id, current_user.id).where(~_read_by_me())
    db.session.execute(insert(AlertRead).from_select(["alert_id", "user_id"], unread))
    db.session.commit()
    return jsonify({"unread": 0})


@bp.post("/check")
@api_spec.validate(tags=["alerts"])
@roles_required("admin")
def check():
    """Check every active monitor now (the daily job does the same)."""
    fired = check_monitors(db.session, current_clock().now())
    keys = dict(db.session.execute(select(AlertMonitor.id, AlertMonitor.key)).all())
    return jsonify({"fired": [alert_json(a, keys[a.monitor_id], False) for a in fired]})
