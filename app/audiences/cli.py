"""``flask --app wsgi rfm refresh`` and ``flask --app wsgi tags compute``."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.audiences.rfm.refresh import refresh_rfm
from app.audiences.tags.compute import compute_all_rule_tags, compute_tag
from app.engine.clock import current_clock
from app.extensions import db
from app.models import TagDefinition

rfm_cli = AppGroup("rfm", help="RFM scores and segments.")
tags_cli = AppGroup("tags", help="Member tags.")


@rfm_cli.command("refresh")
@click.option(
    "--window-days",
    type=click.IntRange(1, 3660),
    default=None,
    help="Order window (default: config).",
)
def rfm_refresh(window_days: int | None) -> None:
    """Recompute every member's RFM scores and segment."""
    result = refresh_rfm(db.session, current_clock().now(), window_days)
    click.echo(
        f"Scored {result['scored']} members over {result['window_days']} days at "
        f"{result['refreshed_at'].isoformat()}; {result['changed']} members changed."
    )


@tags_cli.command("compute")
@click.option("--key", default=None, help="Compute only this rule tag.")
def tags_compute(key: str | None) -> None:
    """Compute rule tags (all of them, or one)."""
    now = current_clock().now()
    if key is None:
        results = compute_all_rule_tags(db.session, now)
    else:
        definition = db.session.scalar(
            select(TagDefinition).where(TagDefinition.key == key, TagDefinition.kind == "rule")
        )
        if definition is None:
            raise click.ClickException(f"No rule tag with key {key}.")
        results = [compute_tag(db.session, definition, now)]
    for r in results:
        click.echo(f"{r['tag']}: +{r['added']} -{r['removed']}")
    if not results:
        click.echo("No rule tags defined.")
