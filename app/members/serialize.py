"""JSON shapes of members, shared by the list and the profile.

Timestamps are ISO 8601 in UTC (``2026-05-01T08:30:00+00:00``); money is a number with at
most two decimals.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal


def timestamp(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def money(value: Decimal | float | None) -> float | None:
    return round(float(value), 2) if value is not None else None


def member_summary(row) -> dict:
    """The fields of a member in the list (``row`` has the list columns)."""
    return {
        "id": row.id,
        "external_id": row.external_id,
        "name": row.name,
        "email": row.email,
        "phone": row.phone,
        "tier": row.tier,
        "city": row.city,
        "points_balance": row.points_balance,
        "registered_at": timestamp(row.registered_at),
        "last_order_at": timestamp(row.last_order_at),
        "orders_count": row.orders_count,
        "total_spent": money(row.total_spent),
        "rfm_segment": row.rfm_segment,
    }


def member_detail(member) -> dict:
    """Every profile field of a :class:`~app.models.Member`."""
    return {
        **member_summary(member),
        "gender": member.gender,
        "birthday": day(member.birthday),
        "timezone": member.timezone,
        "attributes": member.attributes or {},
        "consent": {
            "email": bool(member.consent_email),
            "sms": bool(member.consent_sms),
            "push": bool(member.consent_push),
        },
        "unsubscribed": {
            "email": timestamp(member.unsubscribed_email_at),
            "sms": timestamp(member.unsubscribed_sms_at),
            "push": timestamp(member.unsubscribed_push_at),
        },
        "first_order_at": timestamp(member.first_order_at),
        "rfm": {
            "r": member.rfm_r,
            "f": member.rfm_f,
            "m": member.rfm_m,
            "segment": member.rfm_segment,
            "updated_at": timestamp(member.rfm_updated_at),
        },
    }
