"""Bulk coupon grants: thousands of members in one call, inside the caller's transaction.

Stock is never oversold: the template row is locked first with a no-op ``UPDATE`` (a row
lock on PostgreSQL, the write lock on SQLite), so concurrent grants of one template run one
after the other and each reads the stock its predecessor left.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.bulk import fetch_in, insert_tuples
from app.code_pools.claims import claim_codes, pool_of_template, remaining
from app.coupons.terms import validity_window
from app.models import Coupon, CouponEvent, CouponTemplate

#: No 0/O, 1/I/L: codes are read out at tills.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
CHUNK = 5000


class UnknownTemplate(LookupError):
    """No active coupon template has this key."""


@dataclass
class GrantResult:
    """Codes granted per member id (their first), and the members left without one and why;
    per request: ``codes`` by position in the request, ``outcomes`` (``granted``,
    ``over_limit``, ``out_of_stock``, ``unknown_member``)."""

    granted: dict[int, str] = field(default_factory=dict)
    codes: dict[int, str] = field(default_factory=dict)
    outcomes: list[str] = field(default_factory=list)
    out_of_stock: set[int] = field(default_factory=set)
    over_limit: set[int] = field(default_factory=set)
    unknown_members: set[int] = field(default_factory=set)


#: Random bytes below this map evenly onto the alphabet; the rest are dropped (no bias).
_USABLE = 256 - 256 % len(CODE_ALPHABET)
_TO_ALPHABET = bytes(CODE_ALPHABET.encode()[b % len(CODE_ALPHABET)] for b in range(256))
_UNUSABLE = bytes(range(_USABLE, 256))


def new_codes(count: int) -> list[str]:
    """``count`` random 12-character codes (about 59 bits each), unique by the database.

    Drawn in one go from the system's CSPRNG: thousands of codes cost one call.
    """
    needed = count * CODE_LENGTH
    text = b""
    while len(text) < needed:
        draw = secrets.token_bytes((needed - len(text)) * 2)
        text += draw.translate(_TO_ALPHABET, _UNUSABLE)
    text = text[:needed].decode()
    return [text[i : i + CODE_LENGTH] for i in range(0, needed, CODE_LENGTH)]


def new_code() -> str:
    """One random code."""
    return new_codes(1)[0]


def lock_template(session: Session, template_key: str) -> CouponTemplate:
    """Take the template's row lock and return it with its current counters."""
    locked = session.execute(
        update(CouponTemplate)
        .where(CouponTemplate.key == template_key)
        .values(issued_count=CouponTemplate.issued_count)
        .execution_options(synchronize_session=False)
    )
    if locked.rowcount == 0:
        raise UnknownTemplate(f"No coupon template with key {template_key!r}.")
    template = session.scalar(
        select(CouponTemplate)
        .where(CouponTemplate.key == template_key)
        .execution_options(populate_existing=True)
    )
    if not template.active:
        raise UnknownTemplate(f"The coupon template {template_key!r} is not active.")
    return template


def _log_grants(session: Session, codes: list[str], now: datetime, source: str) -> None:
    """A ``granted`` event per new coupon, written by the database from the coupons just
    inserted (their codes are unique), so no coupon id travels back to Python."""
    connection = session.connection()
    dialect = connection.dialect
    events = CouponEvent.__table__
    at = events.c.at.type._cached_bind_processor(dialect)
    detail = json.dumps({"source": source})
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    detail_mark = f"CAST({mark} AS JSONB)" if dialect.name == "postgresql" else mark
    for start in range(0, len(codes), CHUNK):
        part = codes[start : start + CHUNK]
        connection.exec_driver_sql(
            "INSERT INTO coupon_events (coupon_id, status, at, detail) "
            f"SELECT id, 'granted', {mark}, {detail_mark} FROM coupons "
            f"WHERE code IN ({', '.join([mark] * len(part))})",
            (at(now) if at else now, detail, *part),
        )


def plan_grants(
    session: Session, template: CouponTemplate, member_ids: Iterable[int], each: bool = False
) -> tuple[GrantResult, list[int]]:
    """Decide, without writing, who of ``member_ids`` would get a coupon of ``template``:
    the result's ``over_limit``, ``out_of_stock`` and ``unknown_members``, and the members
    served, in order. With ``each``, a member named twice asks for two coupons (one per
    journey run), up to the per-member limit; otherwise repeats are one request. One query
    whatever the batch size; test runs use it alone."""
    requested = _requested(member_ids, each)
    result, positions = _plan(session, template, requested)
    return result, [requested[p] for p in positions]


def _requested(member_ids: Iterable[int], each: bool) -> list[int]:
    ids = [int(m) for m in member_ids]
    return ids if each else list(dict.fromkeys(ids))


def _plan(
    session: Session, template: CouponTemplate, requested: list[int]
) -> tuple[GrantResult, list[int]]:
    """The plan of :func:`plan_grants` with the served requests as positions in
    ``requested``; ``result.outcomes`` says what each request gets."""
    result = GrantResult()
    if not requested:
        return result, []
    # Which members exist, and how many coupons of the template each holds: one query.
    held = dict(
        fetch_in(
            session,
            "SELECT m.id, (SELECT count(*) FROM coupons c WHERE c.template_id = {p} "
            "AND c.member_id = m.id) FROM members m WHERE m.id IN ({values})",
            list(dict.fromkeys(requested)),
            (template.id,),
        )
    )
    result.outcomes = ["granted"] * len(requested)
    eligible: list[int] = []
    for position, member_id in enumerate(requested):
        if member_id not in held:
            result.unknown_members.add(member_id)
            result.outcomes[position] = "unknown_member"
        elif held[member_id] >= template.per_member_limit:
            result.over_limit.add(member_id)
            result.outcomes[position] = "over_limit"
        else:
            held[member_id] += 1  # the next request of the member counts this one
            eligible.append(position)

    left = (
        None
        if template.stock_total is None
        else max(template.stock_total - template.issued_count, 0)
    )
    pool = pool_of_template(session, template)
    if pool is not None:
        in_pool = remaining(session, pool.id)
        left = in_pool if left is None else min(left, in_pool)
    if left is not None:
        eligible = _cut(result, requested, eligible, left)
    return result, eligible


def _cut(result: GrantResult, requested: list[int], eligible: list[int], keep: int) -> list[int]:
    """Keep the first ``keep`` served requests; the rest are out of stock."""
    for position in eligible[keep:]:
        result.out_of_stock.add(requested[position])
        result.outcomes[position] = "out_of_stock"
    return eligible[:keep]


def grant_coupons(
    session: Session,
    template_key: str,
    member_ids: Iterable[int],
    now: datetime,
    source: str = "",
    each: bool = False,
) -> GrantResult:
    """Grant one coupon of ``template_key`` to each member (with ``each``: to each request,
    a member named twice asking for two), without committing.

        Members already holding ``per_member_limit`` coupons of the template are left out
        (``over_limit``); when stock runs short the first members in the given order get one and
        the rest are ``out_of_stock`` (:func:`plan_grants`). A template set to a code pool hands
    out the pool's codes, claimed for the whole batch at once; when the pool runs dry the members
    left are ``out_of_stock`` too. Runs a fixed number of statements
        whatever the batch size.
    """
    template = lock_template(session, template_key)
    requested = _requested(member_ids, each)
    result, positions = _plan(session, template, requested)
    if not positions:
        return result

    pool = pool_of_template(session, template)
    if pool is None:
        codes = new_codes(len(positions))
    else:
        # Another template drawing on the pool may have taken codes since the plan.
        codes = claim_codes(session, pool, len(positions), now)
        positions = _cut(result, requested, positions, len(codes))
        if not positions:
            return result
    eligible = [requested[p] for p in positions]
    valid_from, valid_until = validity_window(template.validity, now)
    insert_tuples(
        session,
        Coupon.__table__,
        (
            "code",
            "template_id",
            "member_id",
            "status",
            "source",
            "granted_at",
            "valid_from",
            "valid_until",
        ),
        [
            (code, template.id, member_id, "granted", source, now, valid_from, valid_until)
            for member_id, code in zip(eligible, codes, strict=True)
        ],
    )
    _log_grants(session, codes, now, source)
    session.execute(
        update(CouponTemplate)
        .where(CouponTemplate.id == template.id)
        .values(issued_count=CouponTemplate.issued_count + len(codes))
        .execution_options(synchronize_session=False)
    )
    result.codes = dict(zip(positions, codes, strict=True))
    for member_id, code in zip(eligible, codes, strict=True):
        result.granted.setdefault(member_id, code)
    return result
