"""Deterministic random assignment: a member's arm depends on the journey, the node and the
member only.

A retry, a restart, another worker or a re-entry always puts the member in the same arm;
the same node id in two journeys draws independently, because the journey key salts it.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from app.models import Journey


def bucket(member_id: int, node_id: str, salt: str = "") -> int:
    """A stable number in 0..9999 for this member at this node (``node_id`` carries the
    journey: see :func:`node_salt`)."""
    digest = hashlib.blake2b(f"{salt}:{node_id}:{member_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % 10_000


def member_key(ctx, member_id: int) -> int:
    """The id a member's draws are keyed by: their own, except in a forecast's sandbox,
    where each real member is copied many times (``app.forecast``) and every copy draws as
    the real member does (``session.info["member_key_stride"]``: copy id = n × stride +
    real id)."""
    stride = ctx.session.info.get("member_key_stride")
    return member_id % stride if stride else member_id


def node_salt(ctx, node_id: str) -> str:
    """``<journey key>/<node id>``: what a node's draws are keyed by."""
    key = ctx.cache.get("journey_key")
    if key is None:
        key = ctx.cache["journey_key"] = ctx.session.scalar(
            select(Journey.key).where(Journey.id == ctx.journey_id)
        )
    return f"{key}/{node_id}"


def pick(weighted: list[tuple[str, int]], point: int) -> str:
    """The arm whose cumulative weight (in percent) covers ``point`` (0..9999)."""
    edge = 0
    for key, weight in weighted:
        edge += weight * 100
        if point < edge:
            return key
    return weighted[-1][0]
