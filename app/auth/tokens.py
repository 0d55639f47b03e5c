"""API tokens for systems: ``lc_<prefix>_<secret>``, stored only as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

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


def touch(token: ApiToken) -> None:
    token.last_used_at = utcnow()
