"""Sign-in, the current session, users and API tokens."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user, login_user, logout_user
from pydantic import BaseModel, EmailStr, Field
from spectree import Response
from sqlalchemy import func, select

from app.auth.access import public, roles_required
from app.auth.passwords import check_sign_in, hash_password
from app.auth.throttle import throttled
from app.auth.tokens import issue_token
from app.errors import ApiError
from app.extensions import api_spec, csrf, db
from app.models import ApiToken, User
from app.models.base import utcnow
from app.models.users import ROLES, SCOPES

bp = Blueprint("auth", __name__, url_prefix="/api")


class LoginBody(BaseModel):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1024)


class UserBody(BaseModel):
    email: EmailStr
    name: str = Field(default="", max_length=200)
    password: str = Field(min_length=10, max_length=1024)
    role: str = Field(pattern="^(" + "|".join(ROLES) + ")$")


class UserPatch(BaseModel):
    name: str | None = Field(default=None, max_length=200)
    password: str | None = Field(default=None, min_length=10, max_length=1024)
    role: str | None = Field(default=None, pattern="^(" + "|".join(ROLES) + ")$")
    active: bool | None = None


class TokenBody(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    scopes: list[str] = Field(min_length=1, description="Any of: " + ", ".join(SCOPES))


def user_json(user: User) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "active": user.active,
        "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
    }


def token_json(token: ApiToken) -> dict:
    return {
        "id": token.id,
        "name": token.name,
        "prefix": token.prefix,
        "scopes": token.scopes,
        "created_at": token.created_at.isoformat(),
        "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
        "revoked": token.revoked_at is not None,
    }


@bp.get("/auth/session")
@public
@api_spec.validate(tags=["auth"])
def session_info():
    """The signed-in user, or null. Also sets the CSRF cookie the browser app needs."""
    user = user_json(current_user) if current_user.is_authenticated else None
    return jsonify(user=user)


@bp.post("/auth/login")
@public
@throttled
@api_spec.validate(json=LoginBody, tags=["auth"])
def login(json: LoginBody):
    """Sign in with email and password; the session cookie carries the sign-in.

    Failed sign-ins are throttled per account and per address (429 past the limits)."""
    csrf.protect()
    user = db.session.scalar(select(User).where(func.lower(User.email) == json.email.lower()))
    # The password is checked whether or not the email is known: the same time either way.
    correct = check_sign_in(user.password_hash if user else None, json.password)
    if user is None or not user.active or not correct:
        raise ApiError(401, "invalid_credentials", "Email or password is wrong.")
    user.last_login_at = utcnow()
    db.session.commit()
    login_user(user)
    return jsonify(user=user_json(user))


@bp.post("/auth/logout")
@roles_required(*ROLES)
@api_spec.validate(tags=["auth"])
def logout():
    """Sign out: this session, and every copy of its cookie, stops working."""
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    return jsonify(ok=True)


@bp.get("/users")
@roles_required("admin")
@api_spec.validate(tags=["users"])
def list_users():
    """All users (admins only)."""
    users = db.session.scalars(select(User).order_by(User.email)).all()
    return jsonify(users=[user_json(u) for u in users])


@bp.post("/users")
@roles_required("admin")
@api_spec.validate(json=UserBody, resp=Response(HTTP_201=None), tags=["users"])
def create_user(json: UserBody):
    """Create a user with a role (admins only)."""
    email = json.email.lower()
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise ApiError(409, "conflict", f"A user with email {email} exists already.")
    user = User(
        email=email, name=json.name, role=json.role, password_hash=hash_password(json.password)
    )
    db.session.add(user)
    db.session.commit()
    return jsonify(user=user_json(user)), 201


@bp.patch("/users/<int:user_id>")
@roles_required("admin")
@api_spec.validate(json=UserPatch, tags=["users"])
def update_user(user_id: int, json: UserPatch):
    """Change a user's name, password, role or active flag (admins only)."""
    user = db.get_or_404(User, user_id, description=f"No user with id {user_id}.")
    if json.active is False and user.id == current_user.id:
        raise ApiError(
            409,
            "conflict",
            "You cannot deactivate your own account; another admin can.",
            [{"field": "active", "message": "cannot deactivate your own account"}],
        )
    leaves_admins = json.active is False or (json.role and json.role != "admin")
    if leaves_admins and user.role == "admin" and user.active and _active_admins() <= 1:
        field = "active" if json.active is False else "role"
        raise ApiError(
            409,
            "conflict",
            f"{user.email} is the last active admin; make another admin first.",
            [{"field": field, "message": "the last active admin must stay an active admin"}],
        )
    if json.name is not None:
        user.name = json.name
    if json.password is not None:
        user.password_hash = hash_password(json.password)
    if json.role is not None and json.role != user.role:
        user.role = json.role
        user.end_sessions()
    if json.active is not None:
        user.active = json.active
    if json.password is not None or json.active is False:
        user.end_sessions()
    db.session.commit()
    return jsonify(user=user_json(user))


def _active_admins() -> int:
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.role == "admin", User.active)
    )


@bp.get("/tokens")
@roles_required("admin")
@api_spec.validate(tags=["tokens"])
def list_tokens():
    """API tokens (admins only); secrets are never shown again."""
    tokens = db.session.scalars(select(ApiToken).order_by(ApiToken.id)).all()
    return jsonify(tokens=[token_json(t) for t in tokens], scopes=list(SCOPES))


@bp.post("/tokens")
@roles_required("admin")
@api_spec.validate(json=TokenBody, resp=Response(HTTP_201=None), tags=["tokens"])
def create_token(json: TokenBody):
    """Issue a token for a system; the response holds its secret, shown this once."""
    try:
        token, plain = issue_token(json.name, json.scopes, created_by_id=current_user.id)
    except ValueError as exc:
        raise ApiError(
            400, "validation_failed", str(exc), [{"field": "scopes", "message": str(exc)}]
        ) from exc
    db.session.commit()
    return jsonify(token=token_json(token), secret=plain), 201


@bp.delete("/tokens/<int:token_id>")
@roles_required("admin")
@api_spec.validate(tags=["tokens"])
def revoke_token(token_id: int):
    """Revoke a token at once."""
    token = db.get_or_404(ApiToken, token_id, description=f"No token with id {token_id}.")
    token.revoked_at = token.revoked_at or utcnow()
    db.session.commit()
    return jsonify(token=token_json(token))
