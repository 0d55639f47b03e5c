"""Who is in the control group: a hash of the member id and the program's salt."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

#: Points of the hash range; a percent of ``p`` holds ``p * 100`` of them.
SCALE = 10_000


def bucket(member_id: int, salt: str) -> int:
    """The member's stable place in ``0 .. SCALE - 1``."""
    digest = hashlib.blake2b(f"{salt}:{member_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % SCALE


def in_group(member_ids: Iterable[int], percent: float, salt: str) -> set[int]:
    """The members among ``member_ids`` that the control group holds."""
    if percent <= 0:
        return set()
    cut = round(percent * SCALE / 100)
    return {m for m in member_ids if bucket(m, salt) < cut}
