"""``flask --app wsgi alerts check|list``: check monitors now, list the latest alerts."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.alerts.check import check_monitors
from app.engine.clock import current_clock
from app.extensions import db
from app.models import Alert

alerts_cli = AppGroup("alerts", help="KPI alerts on dashboard metrics.")


@alerts_cli.command("check")
@click.argument("keys", nargs=-1)
def check(keys: tuple[str, ...]) -> None:
    """Check the active monitors (or those KEYS) now; print each alert recorded."""
    fired = check_monitors(db.session, current_clock().now(), list(keys) or None)
    for alert in fired:
        click.echo(f"{alert.message} — {alert.members:,} member(s); {alert.outcome}")
    click.echo(f"{len(fired)} alert(s) fired")


@alerts_cli.command("list")
@click.option("--limit", default=20, show_default=True)
def list_alerts(limit: int) -> None:
    """The latest alerts."""
    for alert in db.session.scalars(select(Alert).order_by(Alert.id.desc()).limit(limit)):
        click.echo(f"{alert.fired_at:%Y-%m-%d %H:%M} {alert.message} ({alert.members:,} members)")
