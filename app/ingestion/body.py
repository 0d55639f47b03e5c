"""Refuse request bodies that are not UTF-8 JSON before schema validation sees them.

spectree reads a bad body as ``{}`` and would answer "records: field required"; these checks
name the real problem instead. An oversize body is refused by Flask (``MAX_CONTENT_LENGTH``)
with a 413 as soon as it is read.
"""

from __future__ import annotations

import json

from flask import request

from app.errors import ApiError


def require_json_body() -> None:
    """Raise a 4xx when the body is not ``application/json``, not UTF-8 or not JSON."""
    if request.mimetype != "application/json":
        raise ApiError(
            415,
            "unsupported_media_type",
            f"Send the body as application/json, not {request.mimetype or 'no content type'}.",
            [{"field": "(body)", "message": "Content-Type must be application/json"}],
        )
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"the body is not valid UTF-8 (byte {exc.start})"
        raise ApiError(
            400, "invalid_encoding", message, [{"field": "(body)", "message": message}]
        ) from None
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        raise ApiError(
            400, "invalid_json", message, [{"field": "(body)", "message": message}]
        ) from None
