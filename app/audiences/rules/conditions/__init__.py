"""The registry of condition kinds: one module per kind, each registering itself here.

Adding a kind (churn risk, lifetime value, ...) is one new module that subclasses
:class:`~app.audiences.rules.conditions.base.ConditionKind`, calls :func:`register`, and
is listed in ``_MODULES`` below.
"""

from __future__ import annotations

import importlib

from app.audiences.rules.conditions.base import ConditionKind

_REGISTRY: dict[str, ConditionKind] = {}


def register(kind: ConditionKind) -> ConditionKind:
    """Add a condition kind under ``kind.kind``."""
    if kind.kind in _REGISTRY:
        raise ValueError(f"condition kind {kind.kind!r} is registered twice")
    _REGISTRY[kind.kind] = kind
    return kind


def get_condition(kind: object) -> ConditionKind | None:
    """The registered kind named ``kind``, or None."""
    return _REGISTRY.get(kind) if isinstance(kind, str) else None


def all_conditions() -> list[ConditionKind]:
    """Every registered kind, in registration order."""
    return list(_REGISTRY.values())


_MODULES = (
    "profile",
    "attribute",
    "tag",
    "consent",
    "registered_days_ago",
    "birthday_within",
    "event_count",
    "days_since_last_order",
    "order_count",
    "total_spend",
    "avg_spend",
    "no_first_order",
    "bought",
    "cart_abandoned",
    "rfm",
    "churn_risk",
    "predicted_value",
    "probability_alive",
    "next_purchase_within",
    "runs_out_within",
)

for _name in _MODULES:
    importlib.import_module(f"{__name__}.{_name}")
