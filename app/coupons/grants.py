"""Bulk coupon grants: thousands of members in one call, inside the caller's transaction.

Stock is never oversold: the template row is locked first with a no-op ``UPDATE`` (a row
lock on PostgreSQL, the write lock on SQLite), so concurrent grants of one template run one
after the other and each reads the stock its predecessor left.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.bulk import insert_tuples
from app.coupons.terms import validity_window
from app.models import Coupon, CouponEvent, CouponTemplate, Member

#: No 0/O, 1/I/L: codes are read out at tills.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
CHUNK = 5000


class UnknownTemplate(LookupError):
    """No active coupon template has this key."""


@dataclass
class GrantResult:
    """Codes granted per member id, and the members left without one and why."""

    granted: dict[int, str] = field(default_factory=dict)
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


def grant_coupons(
    session: Session,
    template_key: str,
    member_ids: Iterable[int],
    now: datetime,
    source: str = "",
) -> GrantResult:
    """Grant one coupon of ``template_key`` to each member, without committing.

    Members already holding ``per_member_limit`` coupons of the template are left out
    (``over_limit``); when stock runs short the first members in the given order get one and
    the rest are ``out_of_stock``. Runs a fixed number of statements whatever the batch size.
    """
    ordered = list(dict.fromkeys(int(m) for m in member_ids))
    result = GrantResult()
    template = lock_template(session, template_key)
    if not ordered:
        return result

    known = set(session.scalars(select(Member.id).where(Member.id.in_(ordered))))
    result.unknown_members = {m for m in ordered if m not in known}
    held = dict(
        session.execute(
            select(Coupon.member_id, func.count())
            .where(Coupon.template_id == template.id, Coupon.member_id.in_(known))
            .group_by(Coupon.member_id)
        ).all()
    )
    eligible = []
    for member_id in ordered:
        if member_id not in known:
            continue
        if held.get(member_id, 0) >= template.per_member_limit:
            result.over_limit.add(member_id)
        else:
            eligible.append(member_id)

    if template.stock_total is not None:
        left = max(template.stock_total - template.issued_count, 0)
        result.out_of_stock = set(eligible[left:])
        eligible = eligible[:left]
    if not eligible:
        return result

    valid_from, valid_until = validity_window(template.validity, now)
    codes = new_codes(len(eligible))
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
    detail = {"source": source}  # one object for every row: encoded once
    inserted = []
    for start in range(0, len(codes), CHUNK):
        chunk = codes[start : start + CHUNK]
        inserted += session.execute(
            select(Coupon.id, Coupon.member_id, Coupon.code).where(Coupon.code.in_(chunk))
        ).all()
    insert_tuples(
        session,
        CouponEvent.__table__,
        ("coupon_id", "status", "at", "detail"),
        [(cid, "granted", now, detail) for cid, _, _ in inserted],
    )
    session.execute(
        update(CouponTemplate)
        .where(CouponTemplate.id == template.id)
        .values(issued_count=CouponTemplate.issued_count + len(inserted))
        .execution_options(synchronize_session=False)
    )
    result.granted = {member_id: code for _, member_id, code in inserted}
    return result
