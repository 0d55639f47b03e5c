"""``flask --app wsgi send-times refresh``: recompute every member's best send time now."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from app.engine.clock import current_clock
from app.extensions import db
from app.send_time.refresh import refresh_send_times

send_times_cli = AppGroup("send-times", help="Each member's best hour of the week to send.")


@send_times_cli.command("refresh")
def refresh() -> None:
    """Recompute and store every member's best send time."""
    started = time.perf_counter()
    stored = refresh_send_times(db.session, current_clock().now())
    db.session.commit()
    click.echo(
        f"Stored the best send time of {stored} members in {time.perf_counter() - started:.1f}s."
    )
