"""``flask demo seed``: fill the database with a demo loyalty programme."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.audiences.sizes import count_all
from app.demo.channels import configure_sandbox_channels
from app.demo.journeys import import_examples
from app.demo.seed import existing_members, reset, seed
from app.extensions import db
from app.models.base import utcnow

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("seed")
@click.option("--members", default=10_000, show_default=True, type=click.IntRange(1, 20_000_000))
@click.option("--seed", "seed_value", default=42, show_default=True, help="Random seed.")
@click.option(
    "--reset",
    "reset_first",
    is_flag=True,
    help="Delete members, orders, events and catalogue first.",
)
@click.option(
    "--journeys/--no-journeys",
    "with_journeys",
    default=True,
    show_default=True,
    help="Import the example journeys in journeys/ as drafts.",
)
def seed_command(members: int, seed_value: int, reset_first: bool, with_journeys: bool) -> None:
    """Generate members with orders, items, events and tags (deterministic for a seed)."""
    sandboxed = configure_sandbox_channels(db.session)
    if sandboxed:
        click.echo(
            f"Set {', '.join(sandboxed)} to the sandbox: messages are captured "
            "(GET /api/channels/sandbox), never sent."
        )
    if with_journeys:
        keys = import_examples()
        if keys:
            click.echo(f"Imported {len(keys)} example journeys as drafts: {', '.join(keys)}.")
    if reset_first:
        reset(db.engine)
        click.echo("Deleted existing members, orders, events, tags and catalogue.")
    existing = existing_members(db.engine)
    if existing:
        click.echo(
            f"The database is already seeded ({existing} members); nothing was added. "
            "Use --reset to replace them."
        )
        return
    with click.progressbar(length=members, label="Seeding members") as bar:
        result = seed(db.engine, members, seed_value, utcnow(), progress=bar.update)
    click.echo(
        f"Seeded {result.members} members, {result.orders} orders "
        f"({result.order_items} items), {result.events} events and {result.tags} tags "
        f"in {result.seconds:.1f}s."
    )
    sizes = count_all(db.session, utcnow())
    db.session.commit()
    if sizes:
        click.echo(f"Counted {len(sizes)} audiences.")
