"""What systems post: one pydantic model per record kind, and the bulk envelopes.

Unknown fields are refused so that a typo (``emial``) is reported instead of ignored.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from flask import current_app, has_app_context
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from app.ingestion.fields import (
    EMAIL_PATTERN,
    Birthday,
    ExternalId,
    Money,
    Timestamp,
    TimezoneName,
)
from app.models.events import EVENT_TYPES
from app.models.members import GENDERS, TIERS
from app.models.orders import ORDER_CHANNELS, ORDER_STATUSES

DEFAULT_BULK_LIMIT = 10_000


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Consent(Record):
    """Consent per channel; a channel left out keeps its stored consent."""

    email: bool | None = None
    sms: bool | None = None
    push: bool | None = None


class MemberIn(Record):
    """A member, upserted by ``external_id``. Fields left out keep their stored value."""

    external_id: ExternalId
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254, pattern=EMAIL_PATTERN)
    phone: str | None = Field(default=None, max_length=32)
    gender: Literal[GENDERS] = "unknown"
    city: str | None = Field(default=None, max_length=100)
    birthday: Birthday | None = None
    registered_at: Timestamp | None = None
    timezone: TimezoneName = "Asia/Shanghai"
    tier: Literal[TIERS] = "basic"
    points_balance: int = Field(default=0, ge=0, le=2_000_000_000)
    attributes: dict[str, Any] = Field(default_factory=dict, description="Replaces stored ones")
    tags: list[str] | None = Field(
        default=None, max_length=200, description="Replaces the member's manual tags"
    )
    consent: Consent | None = None
    registration_channel: str | None = Field(
        default=None, max_length=32, description="Where the member registered (app, shop, pos...)"
    )
    registration_campaign: str | None = Field(default=None, max_length=100)
    referral_code: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="The inviter's invitation code; the first accepted one links the member",
    )

    @field_validator("tags")
    @classmethod
    def _tags_are_short(cls, tags: list[str] | None) -> list[str] | None:
        if tags is not None:
            for tag in tags:
                if not 1 <= len(tag.strip()) <= 64:
                    raise PydanticCustomError("tag", "each tag needs 1 to 64 characters")
        return tags


class OrderItemIn(Record):
    sku: ExternalId
    category: ExternalId | None = Field(default=None, description="Category key")
    quantity: int = Field(gt=0, le=1_000_000)
    unit_price: Money


class OrderIn(Record):
    """An order, upserted by ``external_id``; re-posting replaces it (items included).

    Re-posting with another ``status`` or a larger ``refunded`` records a payment,
    cancellation or refund: spend, RFM, points and reports follow.
    """

    external_id: ExternalId
    member_external_id: ExternalId
    amount: Money = Field(description="Order value before discounts; 0 for a free order")
    discount: Money = Field(default=Decimal("0"), description="Discounts taken off; at most amount")
    paid_at: Timestamp = Field(description="When it was paid (for a placed order: placed)")
    status: Literal[ORDER_STATUSES] = Field(
        default="paid",
        description="placed, paid, cancelled or refunded (all of it paid back); "
        "a partial refund keeps an order paid, with the amount in refunded",
    )
    refunded: Money = Field(
        default=Decimal("0"), description="Paid back so far; at most amount less discount"
    )
    refunded_at: Timestamp | None = None
    channel: Literal[ORDER_CHANNELS] = "online"
    store: str | None = Field(default=None, max_length=100)
    coupon_code: str | None = Field(default=None, max_length=64)
    items: list[OrderItemIn] = Field(default_factory=list, max_length=500)

    @field_validator("discount")
    @classmethod
    def _discount_within_amount(cls, discount, info: ValidationInfo):
        amount = info.data.get("amount")
        if amount is not None and discount > amount:
            raise PydanticCustomError(
                "discount",
                "discount {discount} is more than amount {amount}",
                {"discount": str(discount), "amount": str(amount)},
            )
        return discount

    @field_validator("refunded")
    @classmethod
    def _refund_within_paid(cls, refunded, info: ValidationInfo):
        amount, discount = info.data.get("amount"), info.data.get("discount")
        if amount is not None and discount is not None and refunded > amount - discount:
            raise PydanticCustomError(
                "refunded",
                "refund {refunded} is more than the {paid} paid",
                {"refunded": str(refunded), "paid": str(amount - discount)},
            )
        return refunded

    @model_validator(mode="after")
    def _refunded_status_pays_all_back(self):
        if self.status == "refunded":
            self.refunded = self.amount - self.discount
        return self


class EventIn(Record):
    """A behaviour event. With ``external_id``, re-posting it never stores it twice."""

    external_id: ExternalId | None = None
    member_external_id: ExternalId
    type: Literal[EVENT_TYPES]
    name: str | None = Field(default=None, min_length=1, max_length=64, validate_default=True)
    occurred_at: Timestamp
    properties: dict[str, Any] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _custom_needs_name(cls, name, info: ValidationInfo):
        if info.data.get("type") == "custom" and not name:
            raise PydanticCustomError("name", "custom events need a name")
        return name


def _check_batch_size(records: object) -> object:
    if isinstance(records, list):
        limit = current_app.config["BULK_LIMIT"] if has_app_context() else DEFAULT_BULK_LIMIT
        if not records:
            raise PydanticCustomError("batch_empty", "send at least one record")
        if len(records) > limit:
            raise PydanticCustomError(
                "batch_size",
                "{count} records is more than the limit of {limit} per request",
                {"count": len(records), "limit": limit},
            )
    return records


class MemberBatch(Record):
    records: list[MemberIn]
    _size = field_validator("records", mode="before")(_check_batch_size)


class OrderBatch(Record):
    records: list[OrderIn]
    _size = field_validator("records", mode="before")(_check_batch_size)


class EventBatch(Record):
    records: list[EventIn]
    _size = field_validator("records", mode="before")(_check_batch_size)
