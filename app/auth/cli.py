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


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice(ROLES), default="admin", show_default=True)
@click.option("--password", help="Generated and printed when left out.")
def create_user(email: str, role: str, password: str | None) -> None:
    """Create a user (or reset an existing one's password and role)."""
    user, plain = ensure_user(email, role, password)
    click.echo(f"{user.role} {user.email} password: {plain}")
