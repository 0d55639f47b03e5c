"""``flask coupons pool-create KEY`` and ``flask coupons pool-import POOL FILE``."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.code_pools.claims import UnknownPool, pool_by_key
from app.code_pools.service import upload_codes
from app.engine.clock import current_clock
from app.extensions import db
from app.models.code_pools import CodePool

coupons_cli = AppGroup("coupons", help="Coupon code pools.")


@coupons_cli.command("pool-create", help="Create a code pool.")
@click.argument("key")
@click.option("--name", default=None, help="Shown in the app; the key when left out.")
@click.option("--low-stock", "low_stock", type=click.IntRange(0), default=0)
def pool_create(key: str, name: str | None, low_stock: int) -> None:
    if db.session.scalar(select(CodePool.id).where(CodePool.key == key)):
        raise click.ClickException(f"A code pool with key {key!r} exists already.")
    db.session.add(
        CodePool(
            key=key, name=name or key, low_stock_level=low_stock, created_at=current_clock().now()
        )
    )
    db.session.commit()
    click.echo(f"Created code pool {key!r}.")


@coupons_cli.command("pool-import", help="Add the codes of a CSV file (column `code`) to a pool.")
@click.argument("pool")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def pool_import(pool: str, path: str) -> None:
    try:
        target = pool_by_key(db.session, pool)
    except UnknownPool as exc:
        raise click.ClickException(str(exc)) from exc
    with open(path, "rb") as stream:
        report = upload_codes(db.session, target, stream, current_clock().now())
    if not report.ok:
        db.session.rollback()
        click.echo(f"Nothing was added: {len(report.errors)} problem(s).", err=True)
        for error in report.errors[:100]:
            where = f"row {error['row']}" if error["row"] else "file"
            click.echo(f"  {where}: {error['message']}", err=True)
        raise SystemExit(1)
    db.session.commit()
    click.echo(f"{report.added} codes added to {pool!r}.")
