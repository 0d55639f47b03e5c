"""Opaque page cursors for keyset pagination over member ids."""

from __future__ import annotations

import base64
import binascii

from app.errors import ApiError

PREFIX = "m1:"
MAX_ID = 2**63 - 1


def encode(member_id: int) -> str:
    """A cursor pointing at the member with this id (exclusive bound of the next page)."""
    return base64.urlsafe_b64encode(f"{PREFIX}{member_id}".encode()).decode().rstrip("=")


def decode(cursor: str, parameter: str) -> int:
    """The member id inside ``cursor``; a 400 naming ``parameter`` when it is not ours."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
        if not text.startswith(PREFIX) or not text[len(PREFIX) :].isdigit():
            raise ValueError(text)
        member_id = int(text[len(PREFIX) :])
        if member_id > MAX_ID:
            raise ValueError(text)
        return member_id
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise ApiError(
            400,
            "validation_failed",
            f"Parameter '{parameter}' is not a valid page cursor; use next_cursor or "
            "prev_cursor from a previous page.",
            [{"field": parameter, "message": "not a valid page cursor"}],
        ) from exc
