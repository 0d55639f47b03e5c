"""Carried objects (bundle audiences and templates) to and from their database rows."""

from __future__ import annotations

from pydantic import BaseModel

from app.journeys.bundle import SECTIONS
from app.models import Audience, CouponTemplate, MessageTemplate

#: Bundle section -> the model its objects are stored as.
MODELS = {
    "audiences": Audience,
    "coupon_templates": CouponTemplate,
    "message_templates": MessageTemplate,
}


def as_carried(section: str, row) -> dict:
    """A stored audience or template as it appears in a bundle: no ids, no timestamps."""
    fields = SECTIONS[section].model_fields
    return {name: getattr(row, name) for name in fields}


def differences(section: str, row, carried: BaseModel) -> list[str]:
    """Names of the fields where a stored object and a carried one disagree."""
    stored = as_carried(section, row)
    incoming = carried.model_dump(mode="json")
    return [name for name in incoming if stored[name] != incoming[name]]
