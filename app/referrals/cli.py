"""``flask referrals draw TEMPLATE --winners N`` and ``flask referrals verify DRAW_ID``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.engine.clock import current_clock
from app.extensions import db
from app.models.referrals import LotteryDraw
from app.referrals.lottery import DrawRefused, make_draw, verify_draw

referrals_cli = AppGroup("referrals", help="Referral lottery draws.")


@referrals_cli.command("draw", help="Draw winners among the codes of a coupon template.")
@click.argument("template")
@click.option("--winners", type=click.IntRange(1, 10_000), required=True)
@click.option("--seed", default=None, help="Random when left out; recorded either way.")
def draw(template: str, winners: int, seed: str | None) -> None:
    try:
        made = make_draw(db.session, template, winners, current_clock().now(), seed=seed)
    except DrawRefused as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"Draw {made.id}: seed {made.seed}, {made.entrants_count} entrants")
    click.echo(f"entrants sha256 {made.entrants_hash}")
    for code in made.winners:
        click.echo(code)


@referrals_cli.command("verify", help="Draw a recorded draw again and compare.")
@click.argument("draw_id", type=int)
def verify(draw_id: int) -> None:
    made = db.session.get(LotteryDraw, draw_id)
    if made is None:
        raise click.ClickException(f"No lottery draw {draw_id}.")
    check = verify_draw(db.session, made)
    click.echo(
        f"entrants match: {check['entrants_match']}; winners match: {check['winners_match']}"
    )
    if not (check["entrants_match"] and check["winners_match"]):
        raise SystemExit(1)
