"""Invitation codes: a member's id, scrambled by a fixed permutation, written in the coupon
alphabet with a check character.

The code is computed, never stored: any member has one from the moment it exists, and a code
names its member without a lookup table. A mistyped code fails the check character instead
of naming someone else. Codes are not secrets (knowing one only credits its member).
"""

from __future__ import annotations

from app.coupons.grants import CODE_ALPHABET

BITS = 38
HALF = BITS // 2
MASK = (1 << HALF) - 1
#: Round keys of the Feistel permutation; fixed so codes never change.
KEYS = (0x2F1C3, 0x51A77, 0x1B3E9, 0x6C0D5)
DIGITS = 8  # 31**8 > 2**38
BASE = len(CODE_ALPHABET)
MAX_ID = (1 << BITS) - 1


def _round(value: int, key: int) -> int:
    return ((value * 0x9E37 + key) ^ (value >> 5)) & MASK


def _permute(value: int, keys) -> int:
    left, right = value >> HALF, value & MASK
    for key in keys:
        left, right = right, left ^ _round(right, key)
    return (left << HALF) | right


def _unpermute(value: int, keys) -> int:
    left, right = value >> HALF, value & MASK
    for key in reversed(keys):
        left, right = right ^ _round(left, key), left
    return (left << HALF) | right


def _check(digits: list[int]) -> int:
    return sum((i + 1) * d for i, d in enumerate(digits)) % BASE


def invite_code(member_id: int) -> str:
    """The member's 9-character invitation code."""
    if not 0 < member_id <= MAX_ID:
        raise ValueError(f"member id {member_id} has no invitation code")
    value = _permute(member_id, KEYS)
    digits = []
    for _ in range(DIGITS):
        value, digit = divmod(value, BASE)
        digits.append(digit)
    digits.append(_check(digits))
    return "".join(CODE_ALPHABET[d] for d in digits)


def member_of_code(code: str) -> int | None:
    """The member id a code names, or None when it is no invitation code."""
    text = (code or "").strip().upper()
    if len(text) != DIGITS + 1 or any(c not in CODE_ALPHABET for c in text):
        return None
    digits = [CODE_ALPHABET.index(c) for c in text]
    if _check(digits[:DIGITS]) != digits[DIGITS]:
        return None
    value = sum(d * BASE**i for i, d in enumerate(digits[:DIGITS]))
    if value > MAX_ID:
        return None
    member_id = _unpermute(value, KEYS)
    return member_id if member_id > 0 else None
