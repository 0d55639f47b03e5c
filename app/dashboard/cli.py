"""``flask --app wsgi dashboard show|build``: the dashboard as JSON, and building its days."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from app.dashboard.periods import parse_period
from app.dashboard.refresh import build_days
from app.dashboard.service import dashboard
from app.engine.clock import current_clock
from app.errors import ApiError
from app.extensions import db

dashboard_cli = AppGroup("dashboard", help="Member health: the dashboard and its daily aggregates.")


def _period(since: str | None, until: str | None):
    args = {k: v for k, v in {"from": since, "to": until}.items() if v is not None}
    try:
        return parse_period(args, current_clock().now().date())
    except ApiError as exc:
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in exc.errors)
        raise click.ClickException(f"{exc.message} ({detail})") from None


@dashboard_cli.command("show")
@click.option("--from", "since", default=None, help="First day (YYYY-MM-DD, UTC).")
@click.option("--to", "until", default=None, help="Last day (YYYY-MM-DD, UTC).")
def show(since: str | None, until: str | None) -> None:
    """Print the dashboard (the same JSON as GET /api/dashboard)."""
    body = dashboard(db.session, _period(since, until), current_clock().now())
    db.session.commit()
    click.echo(json.dumps(body, indent=2, ensure_ascii=False))


@dashboard_cli.command("build")
@click.option("--from", "since", required=True, help="First day (YYYY-MM-DD, UTC).")
@click.option("--to", "until", required=True, help="Last day (YYYY-MM-DD, UTC).")
def build(since: str, until: str) -> None:
    """Build the daily aggregates of these days again from the raw tables."""
    period = _period(since, until)
    days = build_days(db.session, period.start, period.end, current_clock().now())
    db.session.commit()
    click.echo(f"built {days} day(s) from {period.start} to {period.end}")
