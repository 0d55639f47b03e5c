"""Sign-in throttling with Flask-Limiter: failed sign-ins are counted per account (the email
sent) and per client address; past either limit every sign-in is answered 429, the right
password too, until the window has passed.

The counters live in Redis when ``REDIS_URL`` is set (shared by every web process) and in
the process's memory otherwise (the single-process SQLite demo). Limits are settings:
``LOGIN_LIMIT_ACCOUNT`` and ``LOGIN_LIMIT_ADDRESS`` (Flask-Limiter's notation, e.g.
``10 per 15 minutes``).
"""

from __future__ import annotations

from flask import current_app, request
from flask_limiter.util import get_remote_address

from app.extensions import limiter


def _account() -> str:
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return str(email).strip().lower()[:254] if email else ""


def _failed(response) -> bool:
    return response.status_code == 401


def _account_limit() -> str:
    return current_app.config["LOGIN_LIMIT_ACCOUNT"]


def _address_limit() -> str:
    return current_app.config["LOGIN_LIMIT_ADDRESS"]


def throttled(view):
    """Decorate the sign-in view with both limits (failures only are counted)."""
    view = limiter.limit(
        _account_limit,
        key_func=_account,
        deduct_when=_failed,
        scope="login-account",
        error_message="Too many failed sign-ins for this account; try again later.",
    )(view)
    return limiter.limit(
        _address_limit,
        key_func=get_remote_address,
        deduct_when=_failed,
        scope="login-address",
        error_message="Too many failed sign-ins from this address; try again later.",
    )(view)
