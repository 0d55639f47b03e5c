"""``flask journeys forecast KEY``: the forecast as JSON on standard output."""

from __future__ import annotations

import json

import click

from app.engine.clock import current_clock
from app.errors import ApiError
from app.extensions import db
from app.forecast.service import DEFAULT_DRAWS, MAX_DAYS, forecast_version
from app.forecast.versions import version_to_forecast
from app.journeys.cli import journeys_cli
from app.journeys.service import JourneyError, find_journey


@journeys_cli.command("forecast")
@click.argument("key")
@click.option("--version", "number", type=click.IntRange(min=1), help="Version number.")
@click.option("--days", type=click.IntRange(1, MAX_DAYS), default=MAX_DAYS, show_default=True)
@click.option("--draws", type=click.IntRange(5, 50), default=DEFAULT_DRAWS, show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
def forecast(key: str, number: int | None, days: int, draws: int, seed: int) -> None:
    """Forecast journey KEY over DAYS (newest draft, else live version); writes nothing."""
    try:
        journey = find_journey(key)
        version = version_to_forecast(db.session, journey, number)
        result = forecast_version(db.session, version, current_clock().now(), days, draws, seed)
    except (JourneyError, ApiError) as exc:
        raise click.ClickException(exc.message) from exc
    db.session.rollback()
    click.echo(json.dumps({"journey": key, **result}, indent=2, ensure_ascii=False))
