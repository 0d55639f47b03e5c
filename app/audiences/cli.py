"""``flask --app wsgi rfm refresh``, ``tags compute`` and ``audiences count``."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from app.audiences.rfm.refresh import refresh_rfm
from app.audiences.rfm.segments import SEGMENT_NAMES
from app.audiences.sizes import count_all
from app.audiences.tags.compute import compute_all_rule_tags, compute_tag
from app.engine.clock import current_clock
from app.extensions import db
from app.models import Member, TagDefinition

rfm_cli = AppGroup("rfm", help="RFM scores and segments.")
tags_cli = AppGroup("tags", help="Member tags.")
audiences_cli = AppGroup("audiences", help="Saved audiences.")


def end_of_day(day: date) -> datetime:
    """The last microsecond of ``day`` (UTC): scoring "as of" a date counts its orders."""
    return datetime.combine(day + timedelta(days=1), time(), UTC) - timedelta(microseconds=1)


@rfm_cli.command("refresh")
@click.option(
    "--window-days",
    type=click.IntRange(1, 3660),
    default=None,
    help="Purchase window in days (default: RFM_WINDOW_DAYS, 365).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Score at the end of this UTC day (YYYY-MM-DD): orders paid after it are ignored.",
)
def rfm_refresh(window_days: int | None, as_of: datetime | None) -> None:
    """Recompute every member's RFM scores and segment, now or as of a past date."""
    now = current_clock().now()
    moment = end_of_day(as_of.date()) if as_of else None
    if moment is not None and moment.date() > now.date():
        raise click.BadParameter(
            f"{as_of.date().isoformat()} is in the future; give today or an earlier date.",
            param_hint="'--as-of'",
        )
    result = refresh_rfm(db.session, now, window_days, as_of=min(moment, now) if moment else None)
    click.echo(
        f"Scored {result['scored']} members over {result['window_days']} days as of "
        f"{result['as_of'].isoformat()}; {result['changed']} members changed."
    )
    sizes = db.session.execute(
        select(Member.rfm_segment, func.count()).group_by(Member.rfm_segment)
    ).all()
    counts = {segment: n for segment, n in sizes}
    for name in [*SEGMENT_NAMES, *(s for s in counts if s not in SEGMENT_NAMES)]:
        click.echo(f"  {name or 'not scored'}: {counts.get(name, 0)}")


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


@audiences_cli.command("count")
def audiences_count() -> None:
    """Count every saved audience now and keep the sizes the Audiences page shows."""
    sizes = count_all(db.session, current_clock().now())
    db.session.commit()
    for key, size in sizes.items():
        click.echo(f"{key}: {'rules no longer valid' if size is None else f'{size:,} members'}")
    if not sizes:
        click.echo("No audiences saved.")
