"""Auditable lottery draws among the codes of a coupon template (the lottery codes).

The draw is a pure function of the sorted entrant codes and a seed: anyone holding the list
of codes can check the recorded SHA-256 and draw the same winners again. Entrants are the
template's coupons granted up to ``entrants_until`` (whatever their status since), so the
list does not change after the draw.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Coupon, CouponTemplate
from app.models.referrals import LotteryDraw


class DrawRefused(ValueError):
    """The draw cannot be made as asked; ``field`` names what to change."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def entrants_hash(codes: list[str]) -> str:
    """SHA-256 (hex) of the codes, sorted, one per line."""
    return hashlib.sha256("\n".join(sorted(codes)).encode()).hexdigest()


def draw_winners(codes: list[str], seed: str, winners: int) -> list[str]:
    """``winners`` codes drawn without replacement, in draw order; the same for the same
    codes (in any order) and seed."""
    ordered = sorted(codes)
    return random.Random(f"lottery:{seed}").sample(ordered, min(winners, len(ordered)))


def entrants(session: Session, template_key: str, until: datetime) -> list[str]:
    return list(
        session.scalars(
            select(Coupon.code)
            .join(CouponTemplate, CouponTemplate.id == Coupon.template_id)
            .where(CouponTemplate.key == template_key, Coupon.granted_at <= until)
        )
    )


def make_draw(
    session: Session,
    template_key: str,
    winners: int,
    now: datetime,
    until: datetime | None = None,
    seed: str | None = None,
    drawn_by: str = "",
) -> LotteryDraw:
    """Draw and record (without committing) ``winners`` among the template's codes."""
    if session.scalar(select(CouponTemplate.id).where(CouponTemplate.key == template_key)) is None:
        raise DrawRefused("template", f"no coupon template {template_key!r}")
    until = until or now
    if until > now:
        raise DrawRefused("until", "entrants may only be taken up to now")
    codes = entrants(session, template_key, until)
    if not codes:
        raise DrawRefused("template", f"no codes of {template_key!r} were granted by then")
    seed = seed or secrets.token_hex(16)
    draw = LotteryDraw(
        template_key=template_key,
        entrants_until=until,
        seed=seed,
        entrants_count=len(codes),
        entrants_hash=entrants_hash(codes),
        winners=draw_winners(codes, seed, winners),
        drawn_at=now,
        drawn_by=drawn_by,
    )
    session.add(draw)
    session.flush()
    return draw


def verify_draw(session: Session, draw: LotteryDraw) -> dict:
    """Draw again from the stored entrants and seed; says whether both still agree."""
    codes = entrants(session, draw.template_key, draw.entrants_until)
    again = draw_winners(codes, draw.seed, len(draw.winners))
    return {
        "entrants_match": entrants_hash(codes) == draw.entrants_hash,
        "winners_match": again == draw.winners,
        "entrants_count": len(codes),
    }


def draw_json(draw: LotteryDraw) -> dict:
    return {
        "id": draw.id,
        "template": draw.template_key,
        "entrants_until": draw.entrants_until.isoformat(),
        "seed": draw.seed,
        "entrants_count": draw.entrants_count,
        "entrants_hash": draw.entrants_hash,
        "winners": draw.winners,
        "drawn_at": draw.drawn_at.isoformat(),
        "drawn_by": draw.drawn_by,
    }
