"""Bundles: a journey document together with the audiences and templates it refers to.

A bundle lets a journey travel between environments (and be checked offline in git)
with everything it needs. Carried objects are matched by key; see service.import_payload
for what happens when a key already exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import Field, TypeAdapter, ValidationError

from app.journeys.catalog import ReferenceCatalog
from app.journeys.rules import RuleTree, rule_problems
from app.journeys.types import Channel, StableKey, Strict
from app.journeys.upgrades import check_version
from app.journeys.violations import Violation, describe_errors, violation
from app.messaging.rendering import check_template
from app.models.coupons import COUPON_KINDS


class CarriedAudience(Strict):
    key: StableKey
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    rules: RuleTree = Field(description="An audience rule tree (docs/audience-rules.md)")


class CarriedCouponTemplate(Strict):
    key: StableKey
    name: str = Field(min_length=1, max_length=200)
    kind: Literal[COUPON_KINDS]  # type: ignore[valid-type]
    terms: dict[str, Any] = Field(default_factory=dict)
    validity: dict[str, Any] = Field(default_factory=dict)
    stock_total: int | None = Field(default=None, ge=0)
    per_member_limit: int = Field(default=1, ge=1)
    channels: list[str] = Field(default_factory=list)


class CarriedMessageTemplate(Strict):
    key: StableKey
    name: str = Field(min_length=1, max_length=200)
    channel: Channel
    subject: str = Field(default="", max_length=300)
    body: str = Field(min_length=1)


#: Bundle section name -> model of the objects in it.
SECTIONS = {
    "audiences": CarriedAudience,
    "coupon_templates": CarriedCouponTemplate,
    "message_templates": CarriedMessageTemplate,
}
_BUNDLE_FIELDS = {"schema_version", "journey", "channels", *SECTIONS}


@dataclass
class Payload:
    """What a file or request body holds: the journey document and, for a bundle, the rest."""

    document: Any
    is_bundle: bool = False
    carried: dict[str, list] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    channels: list[str] | None = None
    violations: list[Violation] = field(default_factory=list)

    def carried_catalog(self) -> ReferenceCatalog | None:
        """The carried objects as a catalog, or None when this is a plain document."""
        if not self.is_bundle:
            return None
        return ReferenceCatalog(
            audiences=frozenset(a.key for a in self.carried["audiences"]),
            coupon_templates=frozenset(c.key for c in self.carried["coupon_templates"]),
            message_templates={m.key: m.channel for m in self.carried["message_templates"]},
            channels=None if self.channels is None else frozenset(self.channels),
        )

    def canonical_carried(self) -> dict:
        """The carried objects as canonical bundle sections, sorted by key."""
        out: dict[str, Any] = {
            section: [o.model_dump(mode="json") for o in sorted(objs, key=lambda o: o.key)]
            for section, objs in self.carried.items()
        }
        out["channels"] = sorted(self.channels or [])
        return out


def _read_section(name: str, raw: Any, payload: Payload) -> None:
    if not isinstance(raw, list):
        payload.violations.append(violation("invalid_document", f"{name} must be a list."))
        return
    seen = set()
    for index, item in enumerate(raw):
        try:
            obj = SECTIONS[name].model_validate(item)
        except ValidationError as exc:
            payload.violations += [
                violation("invalid_document", f"{s}.")
                for s in describe_errors(exc, f"{name}.{index}")
            ]
            continue
        problems = rule_problems(obj, f"{name}.{index}")
        if isinstance(obj, CarriedMessageTemplate):
            # The same check as saving a template by the API (docs/channels.md, Templates).
            problems += [
                (f"{name}.{index}.{p['field']}", p["message"])
                for p in check_template(obj.channel, obj.subject, obj.body)
            ]
        if problems:
            payload.violations += [
                violation("invalid_document", f"{where}: {message}.") for where, message in problems
            ]
            continue
        if obj.key in seen:
            payload.violations.append(
                violation("invalid_document", f"{name}.{index}: the key '{obj.key}' appears twice.")
            )
            continue
        seen.add(obj.key)
        payload.carried[name].append(obj)


def read_payload(data: Any) -> Payload:
    """Split a request body or file into its document and, for a bundle, its carried objects.

    A bundle is an object with a "journey" field; anything else is taken as a document.
    """
    if not (isinstance(data, dict) and "journey" in data):
        return Payload(document=data)
    payload = Payload(document=data["journey"], is_bundle=True)
    payload.violations += check_version(data.get("schema_version"))
    unknown = sorted(set(data) - _BUNDLE_FIELDS)
    if unknown:
        payload.violations.append(
            violation("invalid_document", f"The bundle has unknown fields: {', '.join(unknown)}.")
        )
    for name in SECTIONS:
        _read_section(name, data.get(name, []), payload)
    channels = data.get("channels")
    if channels is not None:
        try:
            payload.channels = TypeAdapter(list[Channel]).validate_python(channels, strict=True)
        except ValidationError as exc:
            payload.violations += [
                violation("invalid_document", f"{s}.") for s in describe_errors(exc, "channels")
            ]
    return payload
