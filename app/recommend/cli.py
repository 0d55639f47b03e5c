"""``flask --app wsgi recommendations refresh``: recompute every member's recommendations."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from app.engine.clock import current_clock
from app.extensions import db
from app.recommend.refresh import refresh_recommendations

recommendations_cli = AppGroup("recommendations", help="Each member's recommended products.")


@recommendations_cli.command("refresh")
@click.option("--no-evaluation", is_flag=True, help="Skip the offline evaluation of the models.")
def refresh(no_evaluation: bool) -> None:
    """Recompute and store every member's top products, the products bought together and
    the models' evaluation on a time split of the orders."""
    started = time.perf_counter()
    done = refresh_recommendations(db.session, current_clock().now(), not no_evaluation)
    db.session.commit()
    click.echo(
        f"Stored {done.recommendations} recommendations for {done.members} members and "
        f"{done.pairs} bought-together pairs in {time.perf_counter() - started:.1f}s."
    )
    for row in done.evaluation.itertuples(index=False):
        click.echo(
            f"  {row.model:<12} precision@{row.k} {row.precision:.4f}  "
            f"recall@{row.k} {row.recall:.4f}  ({row.members} members)"
        )
