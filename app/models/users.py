"""People who sign in to the product, and the API tokens systems use."""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, JsonDoc, UtcDateTime, utcnow

ROLES = ("admin", "marketer", "viewer")
#: What a system token may be allowed to do.
SCOPES = (
    "members:write",
    "orders:write",
    "events:write",
    "members:read",
    "coupons:redeem",
    "journeys:enrol",
)


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="viewer")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: Raised by :meth:`end_sessions`; a session signed in under another number is refused.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    @property
    def is_active(self) -> bool:  # Flask-Login reads this
        return self.active

    def session_id(self) -> str:
        """What the session cookie carries: the id, the session version and a fingerprint of
        the password hash and role, so a new password or role ends every earlier session
        even where the version was not raised."""
        fingerprint = hashlib.sha256(f"{self.password_hash}|{self.role}".encode()).hexdigest()
        return f"{self.id}:{self.session_version or 0}:{fingerprint[:16]}"

    def get_id(self) -> str:  # Flask-Login stores this in the session
        return self.session_id()

    def end_sessions(self) -> None:
        """End every session of this user (sign-out, new password, new role, deactivation)."""
        self.session_version = (self.session_version or 0) + 1


class ApiToken(Base):
    """A bearer token for a system. Only a SHA-256 digest of the secret is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list] = mapped_column(JsonDoc, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
