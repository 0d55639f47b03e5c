"""Inbound SMS replies reported by the provider: an opt-out keyword unsubscribes the sender.

Marketing SMS end with "回T退订" (or "Reply STOP"), so a reply of ``T``, ``TD``, ``STOP``,
``退订`` or ``UNSUBSCRIBE`` — alone, any case, surrounding spaces and punctuation ignored —
unsubscribes every member with that phone number from SMS. Other replies are kept as
nothing but the answer ``ignored``.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Member

OPT_OUT = {"T", "TD", "STOP", "UNSUBSCRIBE", "退订", "STOPALL", "CANCEL", "QUIT", "END"}
_EDGES = re.compile(r"^[\s\W_]+|[\s\W_]+$")


def is_opt_out(text: str) -> bool:
    return _EDGES.sub("", text or "").upper() in OPT_OUT


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    # +86 138… and 138… are the same subscriber.
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


def unsubscribe_replies(session: Session, replies: list[tuple[str, str]], now: datetime) -> list:
    """Apply the opt-out replies; returns ``{from, result}`` per reply (``unsubscribed``,
    ``unknown_number`` or ``ignored``)."""
    wanted = {_digits(sender) for sender, text in replies if is_opt_out(text)}
    found: dict[str, list[Member]] = {}
    if wanted:
        candidates = {p for d in wanted for p in (d, f"86{d}", f"+86{d}")}
        for member in session.scalars(select(Member).where(Member.phone.in_(candidates))):
            found.setdefault(_digits(member.phone), []).append(member)
    out = []
    for sender, text in replies:
        if not is_opt_out(text):
            out.append({"from": sender, "result": "ignored"})
            continue
        matched = found.get(_digits(sender), [])
        for member in matched:
            if member.unsubscribed_sms_at is None:
                member.unsubscribed_sms_at = now
        out.append({"from": sender, "result": "unsubscribed" if matched else "unknown_number"})
    return out
