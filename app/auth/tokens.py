"""API tokens for systems: ``lc_<prefix>_<secret>``, stored only as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from app.extensions import db
from app.models import ApiToken
from app.models.base import utcnow
from app.models.users import SCOPES


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    name: str, scopes: list[str], created_by_id: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token and return it with its plain secret, which is shown only once."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise ValueError(f"unknown scope(s): {', '.join(unknown)}")
    prefix = secrets.token_hex(4)
    plain = f"lc_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        name=name,
        prefix=prefix,
        token_hash=_digest(plain),
        scopes=sorted(set(scopes)),
        created_by_id=created_by_id,
    )
    db.session.add(token)
    db.session.flush()
    return token, plain


def find_token(plain: str) -> ApiToken | None:
    """The live token matching ``plain``, or None when it is unknown or revoked."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(plain)))
    if token is None or token.revoked_at is not None:
        return None
    return token


#: A token's ``last_used_at`` is written at most this often.
TOUCH_EVERY = timedelta(minutes=1)


def touch(token: ApiToken) -> None:
    """Note that ``token`` is in use: at most once per :data:`TOUCH_EVERY`, committed at once.

    Written with every request, the stamp made each API read a database write — on SQLite a
    wait for the one write lock, behind the engine and every other writer — and kept the
    token's row locked in each write request's transaction (on PostgreSQL every request of
    the token then waited for the one before it). Call it before the request changes
    anything: it commits the request's session.
    """
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return
    db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
    db.session.commit()
