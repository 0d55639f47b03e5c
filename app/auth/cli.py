"""``flask users ...``: manage sign-ins from the terminal."""

from __future__ import annotations

import secrets

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from app.auth.passwords import hash_password
from app.extensions import db
from app.models import User
from app.models.users import ROLES

users_cli = AppGroup("users", help="Manage users.")


def ensure_user(email: str, role: str, password: str | None = None) -> tuple[User, str | None]:
    """Create the user, or reset its password and role. Returns the user and a new password."""
    password = password or secrets.token_urlsafe(12)
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
    if user is None:
        user = User(email=email.lower(), name=email.split("@")[0], role=role)
        db.session.add(user)
    user.role, user.active = role, True
    user.password_hash = hash_password(password)
    user.end_sessions()
    db.session.commit()
    return user, password


def _active_admins() -> list[str]:
    return list(
        db.session.scalars(
            select(User.email).where(User.role == "admin", User.active.is_(True)).order_by(User.id)
        )
    )


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice(ROLES), default="admin", show_default=True)
@click.option("--password", help="Generated and printed when left out.")
@click.option("--reset", is_flag=True, help="Give an existing user a new generated password.")
def create_user(email: str, role: str, password: str | None, reset: bool) -> None:
    """Create a user, or set an existing one's password and role with --password or --reset.

    Without either, an existing user keeps its password, and an admin is created only when
    there is no active admin yet, so running this at every start leaves sign-ins alone.
    """
    if password is None and not reset:
        existing = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
        admins = _active_admins() if role == "admin" else []
        if existing is not None or admins:
            who = existing.email if existing is not None else ", ".join(admins)
            click.echo(
                f"{who}: already signs in; password kept (--reset or --password to change it)"
            )
            return
    user, plain = ensure_user(email, role, password)
    click.echo(f"{user.role} {user.email} password: {plain}")
