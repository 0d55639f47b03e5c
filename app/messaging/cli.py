"""``flask channels …``: run the dispatcher as its own process, or once."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import click
from flask.cli import AppGroup

from app.engine.clock import current_clock
from app.extensions import db
from app.messaging.dispatcher import DEFAULT_CHUNK_SIZE, Dispatcher, unsettled_count

channels_cli = AppGroup("channels", help="Message channels and the dispatcher.")


@channels_cli.command("dispatch")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--lease-seconds", default=300, show_default=True, type=click.FloatRange(0.5, 86_400))
@click.option(
    "--chunk-size",
    default=DEFAULT_CHUNK_SIZE,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="Messages sent before their outcomes are committed (the most a crash re-sends).",
)
@click.option(
    "--now", "fixed_now", default=None, help="Pretend it is this ISO time (tests, replays)."
)
@click.option("--forever", is_flag=True, help="Keep polling (a dedicated dispatcher process).")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between idle polls.")
def dispatch(batch_size, lease_seconds, chunk_size, fixed_now, forever, interval):
    """Send due outbox messages until none is due (or forever)."""
    if fixed_now:
        moment = datetime.fromisoformat(fixed_now)
        if moment.tzinfo is None:
            raise click.BadParameter("give a timezone offset, e.g. 2026-03-02T04:00:00+00:00")
        clock = lambda: moment  # noqa: E731
    else:
        clock = current_clock().now
    dispatcher = Dispatcher(
        db.session,
        clock=clock,
        batch_size=batch_size,
        lease=timedelta(seconds=lease_seconds),
        chunk_size=chunk_size,
    )
    click.echo(f"dispatching: batch {batch_size}, chunk {chunk_size}, lease {lease_seconds}s")
    started = time.perf_counter()
    while True:
        stats = dispatcher.run()
        if stats.claimed:
            click.echo(f"claimed {stats.claimed}: {dict(stats.outcomes)}")
        if not forever:
            break
        time.sleep(interval)
    elapsed = time.perf_counter() - started
    click.echo(f"done in {elapsed:.2f}s; {unsettled_count(db.session)} message(s) still waiting")
