"""Authentication (session cookie or API token), authorisation and CSRF, for every request."""

from __future__ import annotations

from flask import Flask, current_app, g, request
from flask_login import current_user

from app.auth import access
from app.auth.tokens import find_token, touch
from app.errors import ApiError
from app.extensions import csrf, db, login_manager
from app.models import User


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    # A deactivated user's existing session stops working at once, and so does a session
    # from before a sign-out, a new password or a new role (User.session_id).
    user_id, _, _ = session_id.partition(":")
    if not user_id.isdigit() or len(user_id) > 18:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_id() != session_id:
        return None
    return user


@login_manager.unauthorized_handler
def _unauthorized():
    raise ApiError(401, "unauthorized", "Sign in or send an API token.")


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def authorise_request() -> None:
    """Let the request through, or raise 401/403 naming why not."""
    g.api_token = None
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if view is None or access.is_public(view):
        return
    plain = _bearer_token()
    if plain is not None:
        token = find_token(plain)
        if token is None:
            raise ApiError(401, "invalid_token", "The API token is unknown or revoked.")
        if not access.token_allows(view, token.scopes):
            raise ApiError(403, "forbidden", "This API token's scopes do not allow this route.")
        touch(token)
        g.api_token = token
        return
    if not current_user.is_authenticated:
        raise ApiError(401, "unauthorized", "Sign in or send an API token.")
    if not access.role_allows(view, current_user.role, request.method):
        raise ApiError(403, "forbidden", f"The {current_user.role} role may not do this.")
    if request.method not in access.SAFE_METHODS:
        csrf.protect()


def init_app(app: Flask) -> None:
    app.before_request(authorise_request)

    from flask_wtf.csrf import CSRFError, generate_csrf

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError):
        return ApiError(400, "csrf_failed", f"CSRF check failed: {exc.description}").response()

    @app.after_request
    def _csrf_cookie(response):
        # The browser app reads this cookie and sends it back as the X-CSRFToken header.
        if request.endpoint and not g.get("api_token"):
            response.set_cookie(
                "csrf_token", generate_csrf(), samesite="Lax", secure=request.is_secure
            )
        return response
