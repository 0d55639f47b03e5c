"""Signed tokens for member-facing links: inbox access, unsubscribe, open and click tracking.

Signed with the app's ``SECRET_KEY`` by itsdangerous, each purpose with its own salt, so a
token made for one purpose is refused by the others.
"""

from __future__ import annotations

import os

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

from app.errors import ApiError

INBOX_TOKEN_MAX_AGE = 30 * 24 * 3600


def _plain(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def base_url() -> str:
    """Where members reach this server (``PUBLIC_BASE_URL``), for links in messages."""
    url = current_app.config.get("PUBLIC_BASE_URL") or os.environ.get("PUBLIC_BASE_URL")
    return (url or "http://localhost:5000").rstrip("/")


def member_token(member_id: int) -> str:
    """A token the app gives a signed-in member to read their inbox (valid 30 days)."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="inbox").dumps(member_id)


def read_member_token(token: str | None) -> int:
    if not token:
        raise ApiError(401, "member_token_required", "Send the member token as X-Member-Token.")
    try:
        return int(
            URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="inbox").loads(
                token, max_age=INBOX_TOKEN_MAX_AGE
            )
        )
    except (BadSignature, ValueError, TypeError) as exc:
        raise ApiError(
            401, "invalid_member_token", "The member token is invalid or expired."
        ) from exc


def unsubscribe_url(member_id: int, channel: str) -> str:
    return f"{base_url()}/api/u/{_plain('unsubscribe').dumps([member_id, channel])}"


def read_unsubscribe(token: str) -> tuple[int, str]:
    try:
        member_id, channel = _plain("unsubscribe").loads(token)
        return int(member_id), str(channel)
    except (BadSignature, ValueError, TypeError) as exc:
        raise ApiError(404, "invalid_link", "This unsubscribe link is not valid.") from exc


def open_pixel_url(message_id: int) -> str:
    return f"{base_url()}/api/t/o/{_plain('open').dumps(message_id)}.gif"


def click_url(message_id: int, url: str) -> str:
    return f"{base_url()}/api/t/c/{_plain('click').dumps([message_id, url])}"


def read_open(token: str) -> int | None:
    try:
        return int(_plain("open").loads(token))
    except (BadSignature, ValueError, TypeError):
        return None


def read_click(token: str) -> tuple[int, str]:
    try:
        message_id, url = _plain("click").loads(token)
    except (BadSignature, ValueError, TypeError) as exc:
        raise ApiError(404, "invalid_link", "This link is not valid.") from exc
    if not str(url).startswith(("http://", "https://")):
        raise ApiError(404, "invalid_link", "This link is not valid.")
    return int(message_id), str(url)


def callback_token(channel: str) -> str:
    """The secret path part of a channel's provider status callback URL."""
    return _plain("callback").dumps(channel)


def read_callback(token: str) -> str:
    try:
        return str(_plain("callback").loads(token))
    except (BadSignature, ValueError, TypeError) as exc:
        raise ApiError(404, "invalid_callback", "Unknown callback URL.") from exc
