"""Link invitees to inviters from the codes they registered with, set-based per batch.

Rules, in this order, for each (invitee, code) in the order given:

- a code that names no member is refused (``unknown_code``);
- a member who already has an inviter keeps it: the first touch wins (the same code again
  changes nothing; another one is refused, ``already_referred``);
- a member's own code is refused (``self_referral``);
- a code whose member was invited, directly or up the chain, by the invitee is refused
  (``loop``): invitations form a forest, so reports and rewards never go round.

A refusal is recorded with its reason and never fails the batch that carried it. A link made
emits ``referral_registered`` twice, once for each side (``properties.role`` is ``inviter``
or ``invitee``), with external ids that make it happen once ever.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from app.ingestion.batch import upsert
from app.ingestion.events import insert_events
from app.models import Member
from app.models.referrals import Referral, ReferralRefusal
from app.referrals.codes import member_of_code

referrals = Referral.__table__
refusals = ReferralRefusal.__table__
members = Member.__table__
CHUNK = 5000

REASONS = {
    "unknown_code": "the code is no member's invitation code",
    "already_referred": "the member was invited by someone else first",
    "self_referral": "a member cannot invite themselves",
    "loop": "the code's member was invited (directly or up the chain) by this member",
}


@dataclass
class LinkResult:
    """Links made (invitee -> inviter) and refusals ``(position, invitee, reason)``."""

    linked: dict[int, int] = field(default_factory=dict)
    refused: list[tuple[int, int, str]] = field(default_factory=list)


def _in_chunks(session, query, column, values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield from session.execute(query.where(column.in_(values[start : start + CHUNK])))


def _parents(session, start: set[int]) -> dict[int, int]:
    """invitee -> inviter for ``start`` and every ancestor of theirs: one query per level."""
    parent: dict[int, int] = {}
    frontier = set(start)
    query = select(referrals.c.invitee_id, referrals.c.inviter_id)
    while frontier:
        found = dict(_in_chunks(session, query, referrals.c.invitee_id, frontier))
        parent.update(found)
        frontier = set(found.values()) - parent.keys() - frontier
    return parent


def _is_ancestor(parent: dict[int, int], member: int, of: int) -> bool:
    seen, node = set(), of
    while node in parent and node not in seen:
        seen.add(node)
        node = parent[node]
        if node == member:
            return True
    return False


def link_referrals(
    session, attempts: Sequence[tuple[int, str]], now: datetime, source: str = "api"
) -> LinkResult:
    """Link each invitee id to the member its code names, without committing."""
    result = LinkResult()
    if not attempts:
        return result
    codes = {code: member_of_code(code) for _, code in attempts}
    named = {m for m in codes.values() if m is not None}
    known = {m for (m,) in _in_chunks(session, select(members.c.id), members.c.id, named)}
    invitees = {invitee for invitee, _ in attempts}
    parent = _parents(session, known | invitees)
    made, refused_rows = [], []
    for position, (invitee, code) in enumerate(attempts):
        inviter = codes[code]
        reason = None
        if inviter not in known:
            reason, inviter = "unknown_code", None
        elif invitee in parent:
            if parent[invitee] == inviter:
                continue
            reason = "already_referred"
        elif inviter == invitee:
            reason = "self_referral"
        elif _is_ancestor(parent, invitee, inviter):
            reason = "loop"
        if reason:
            result.refused.append((position, invitee, reason))
            refused_rows.append(
                {"invitee_id": invitee, "inviter_id": inviter, "code": code[:64],
                 "reason": reason, "at": now}
            )  # fmt: skip
            continue
        parent[invitee] = inviter
        made.append(
            {"inviter_id": inviter, "invitee_id": invitee, "code": code.strip().upper(),
             "linked_at": now}
        )  # fmt: skip
    if refused_rows:
        session.execute(refusals.insert(), refused_rows)
    if made:
        stmt = (
            upsert(referrals)
            .on_conflict_do_nothing(index_elements=["invitee_id"])
            .returning(referrals.c.invitee_id, referrals.c.inviter_id)
        )
        result.linked = dict(session.execute(stmt, made).all())
        _announce(session, result.linked, "referral_registered", now, source)
    return result


def _announce(session, links: dict[int, int], kind: str, now: datetime, source: str) -> None:
    """One ``kind`` event for each side of each link, once ever (keyed by invitee)."""
    ids = set(links) | set(links.values())
    external = dict(
        _in_chunks(session, select(members.c.id, members.c.external_id), members.c.id, ids)
    )
    short = kind.removeprefix("referral_")
    rows = []
    for invitee, inviter in links.items():
        about = {
            "inviter_id": inviter, "inviter_external_id": external[inviter],
            "invitee_id": invitee, "invitee_external_id": external[invitee],
            "source": source,
        }  # fmt: skip
        for role, member in (("inviter", inviter), ("invitee", invitee)):
            rows.append(
                {"external_id": f"referral:{invitee}:{short}:{role}", "member_id": member,
                 "type": kind, "name": None, "occurred_at": now,
                 "properties": {"role": role, **about}, "created_at": now}
            )  # fmt: skip
    if rows:
        insert_events(rows)
