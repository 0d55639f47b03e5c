"""``flask --app wsgi reports journey KEY``: a journey's effect report as JSON."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from app.engine.clock import current_clock
from app.errors import ApiError
from app.extensions import db
from app.reports.program import program_report
from app.reports.service import PeriodQuery, find_journey, journey_report, parse_query

reports_cli = AppGroup("reports", help="What journeys earned.")


@reports_cli.command("journey")
@click.argument("key")
@click.option("--from", "since", default=None, help="First day counted (YYYY-MM-DD, UTC).")
@click.option("--to", "until", default=None, help="Last day counted (YYYY-MM-DD, UTC).")
@click.option("--window-days", default=None, help="Attribution window (default: the journey's).")
def journey(key: str, since: str | None, until: str | None, window_days: str | None) -> None:
    """Print the journey's report (the same JSON as GET /api/journeys/KEY/report)."""
    args = {"from": since, "to": until, "window_days": window_days}
    try:
        query = parse_query({k: v for k, v in args.items() if v is not None})
        report = journey_report(db.session, find_journey(db.session, key), query)
    except ApiError as exc:
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in exc.errors)
        raise click.ClickException(exc.message + (f" ({detail})" if detail else "")) from None
    click.echo(json.dumps(report, indent=2, ensure_ascii=False))


@reports_cli.command("program")
@click.option("--from", "since", default=None, help="First day counted (YYYY-MM-DD, UTC).")
@click.option("--to", "until", default=None, help="Last day counted (YYYY-MM-DD, UTC).")
def program(since: str | None, until: str | None) -> None:
    """Print the program report: all journeys against the global control group."""
    args = {"from": since, "to": until}
    try:
        query = parse_query({k: v for k, v in args.items() if v is not None}, PeriodQuery)
    except ApiError as exc:
        raise click.ClickException(exc.message) from None
    report = program_report(db.session, query, current_clock().now())
    click.echo(json.dumps(report, indent=2, ensure_ascii=False))
