"""The page's formatting (frontend/src/format/format.ts, frontend/src/reports/figures.ts),
written again in Python so browser tests can compare the page with the API's numbers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MINUS = "\u2212"


def number(value: int) -> str:
    return f"{value:,}"


def money(value: float) -> str:
    # Intl.NumberFormat rounds the shortest decimal form of the number, half away from zero.
    amount = Decimal(repr(float(value))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"-¥{-amount:,}" if amount < 0 else f"¥{amount:,}"


def fixed(value: float, places: int = 1) -> str:
    # toFixed rounds the exact binary value, ties to the larger magnitude.
    return str(Decimal(value).quantize(Decimal(10) ** -places, ROUND_HALF_UP))


def rate(value: float | None) -> str:
    if value is None:
        return "—"
    text = fixed(value * 100)
    return (text[:-2] if text.endswith(".0") else text) + "%"


def _signed(text: str, value: float) -> str:
    if not any(c in "123456789" for c in text):
        return text
    return ("+" if value > 0 else MINUS) + text


def points(value: float) -> str:
    return _signed(fixed(abs(value) * 100), value) + " pp"


def relative(value: float) -> str:
    return _signed(fixed(abs(value) * 100), value) + "%"


def signed_money(value: float) -> str:
    amount = Decimal(repr(float(abs(value)))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return _signed(f"¥{amount:,}", value)
