"""Deterministic random assignment: a member's arm depends only on member and node.

A retry, a restart or another worker always puts the member in the same arm.
"""

from __future__ import annotations

import hashlib


def bucket(member_id: int, node_id: str, salt: str = "") -> int:
    """A stable number in 0..9999 for this member at this node."""
    digest = hashlib.blake2b(f"{salt}:{node_id}:{member_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % 10_000


def pick(weighted: list[tuple[str, int]], point: int) -> str:
    """The arm whose cumulative weight (in percent) covers ``point`` (0..9999)."""
    edge = 0
    for key, weight in weighted:
        edge += weight * 100
        if point < edge:
            return key
    return weighted[-1][0]
