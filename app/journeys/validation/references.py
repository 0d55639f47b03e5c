"""Checks against what exists: referenced audiences and templates, configured channels."""

from __future__ import annotations

from app.journeys.catalog import ReferenceCatalog
from app.journeys.validation.config import TypedNode
from app.journeys.violations import Violation, violation

_UNKNOWN = {
    "audience": ("unknown_audience", "audience"),
    "coupon_template": ("unknown_coupon_template", "coupon template"),
    "message_template": ("unknown_message_template", "message template"),
}


def check_references(typed: dict[str, TypedNode], catalog: ReferenceCatalog) -> list[Violation]:
    """A violation per reference to a missing key and per send on an unconfigured channel.

    A part of the catalog that is None (not known, e.g. offline without a bundle) is not
    checked.
    """
    out = []
    for node_id, item in typed.items():
        if item.config is None:
            continue
        for ref in item.type.references(item.config):
            known = catalog.keys(ref.kind)
            if known is None:
                continue
            code, what = _UNKNOWN[ref.kind]
            if ref.key not in known:
                out.append(
                    violation(code, f"There is no {what} with the key '{ref.key}'.", node_id)
                )
            elif ref.channel is not None and known[ref.key] not in (None, ref.channel):
                out.append(
                    violation(
                        "template_channel_mismatch",
                        f"Message template '{ref.key}' is written for {known[ref.key]}, not {ref.channel}.",
                        node_id,
                    )
                )
        if catalog.channels is not None:
            for channel in item.type.sends(item.config):
                if channel not in catalog.channels:
                    out.append(
                        violation(
                            "channel_not_configured",
                            f"The {channel} channel is not configured yet; set it up in Settings → Channels before publishing.",
                            node_id,
                        )
                    )
    return out
