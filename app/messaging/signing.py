"""Signed tokens for member-facing links: inbox access, unsubscribe, open and click tracking.

Signed with the app's ``SECRET_KEY`` by itsdangerous, each purpose with its own salt, so a
token made for one purpose is refused by the others. Links in messages (unsubscribe, open
pixel, click) carry the time they were made, read from the app's clock, and expire after
``LINK_MAX_AGE_DAYS`` (90 by default; config or environment).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import zlib
from functools import lru_cache

from flask import current_app
from itsdangerous import (
    BadSignature,
    SignatureExpired,
    TimestampSigner,
    URLSafeSerializer,
    URLSafeTimedSerializer,
)

from app.errors import ApiError

INBOX_TOKEN_MAX_AGE = 30 * 24 * 3600


def _plain(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


class _ClockSigner(TimestampSigner):
    """Timestamps from the app's clock, so test mode and tests can age links."""

    def get_timestamp(self) -> int:
        from app.engine.clock import current_clock

        return int(current_clock().now().timestamp())


def _timed(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt, signer=_ClockSigner)


_COMPRESSIBLE = 32


def _b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


@lru_cache(maxsize=16)
def _mac(secret: str | bytes, salt: str) -> hmac.HMAC:
    """The keyed HMAC of one secret and purpose, derived once (as itsdangerous derives it:
    SHA-1 of salt, ``signer`` and the secret)."""
    secret = secret.encode() if isinstance(secret, str) else secret
    key = hashlib.sha1(salt.encode() + b"signer" + secret).digest()
    return hmac.new(key, digestmod=hashlib.sha1)


def _sign(salt: str, obj) -> str:
    """``_timed(salt).dumps(obj)`` without building a serializer and deriving its key for
    every link (a dispatcher signs two or three links per message). Byte for byte the same
    token, except that a payload under ``_COMPRESSIBLE`` bytes is never compressed (a
    member id would need twelve repeated digits for zlib to win); read back by
    ``_timed(salt).loads`` like any itsdangerous token."""
    from app.engine.clock import current_clock

    payload = json.dumps(obj, separators=(",", ":")).encode()
    # itsdangerous compresses when that saves two bytes; zlib's header and checksum (6
    # bytes) leave nothing to gain below _COMPRESSIBLE bytes of ids and channel names, and
    # a compression costs more than the rest of the token.
    compressed = zlib.compress(payload) if len(payload) >= _COMPRESSIBLE else payload
    shorter = len(compressed) < len(payload) - 1
    payload = b"." + _b64(compressed) if shorter else _b64(payload)
    stamp = int(current_clock().now().timestamp())
    value = payload + b"." + _b64(stamp.to_bytes((stamp.bit_length() + 7) // 8, "big"))
    mac = _mac(current_app.config["SECRET_KEY"], salt).copy()
    mac.update(value)
    return (value + b"." + _b64(mac.digest())).decode("ascii")


def link_max_age() -> int:
    """Seconds a link in a message stays valid."""
    days = current_app.config.get("LINK_MAX_AGE_DAYS") or os.environ.get("LINK_MAX_AGE_DAYS")
    return int(float(days or 90) * 24 * 3600)


def _load_link(salt: str, token: str, what: str):
    """A link's payload; 410 ``link_expired`` when too old, 404 ``invalid_link`` when forged."""
    try:
        return _timed(salt).loads(token, max_age=link_max_age())
    except SignatureExpired as exc:
        raise ApiError(410, "link_expired", f"This {what} link has expired.") from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise ApiError(404, "invalid_link", f"This {what} link is not valid.") from exc


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


def unsubscribe_token(member_id: int, channel: str) -> str:
    return _sign("unsubscribe", [member_id, channel])


def unsubscribe_url(member_id: int, channel: str) -> str:
    return f"{base_url()}/api/u/{unsubscribe_token(member_id, channel)}"


def read_unsubscribe(token: str) -> tuple[int, str]:
    try:
        member_id, channel = _load_link("unsubscribe", token, "unsubscribe")
        return int(member_id), str(channel)
    except (ValueError, TypeError) as exc:
        raise ApiError(404, "invalid_link", "This unsubscribe link is not valid.") from exc


def open_pixel_url(message_id: int) -> str:
    return f"{base_url()}/api/t/o/{_sign('open', message_id)}.gif"


def click_token(message_id: int, url: str) -> str:
    return _sign("click", [message_id, url])


def click_url(message_id: int, url: str) -> str:
    return f"{base_url()}/api/t/c/{click_token(message_id, url)}"


def read_open(token: str) -> int | None:
    try:
        return int(_timed("open").loads(token, max_age=link_max_age()))
    except (BadSignature, ValueError, TypeError):
        return None


def read_click(token: str) -> tuple[int, str]:
    message_id, url = _load_link("click", token, "tracked")
    if not str(url).startswith(("http://", "https://")):
        raise ApiError(404, "invalid_link", "This link is not valid.")
    return int(message_id), str(url)
