"""New nodes' settings fitted to this environment.

A node type's ``default_config`` names example keys (``all-members``, ``welcome-coupon``,
``welcome-inapp``) that a fresh install may not have. A node dropped on the canvas should
not start with an error about a key nobody chose: where the example key does not exist it
takes the first existing one of its kind (for a message template, one written for the
node's channel), and where none exists the setting is left empty, so the form asks for it.
"""

from __future__ import annotations

from typing import Any

from app.journeys.catalog import ReferenceCatalog
from app.journeys.nodes.registry import NodeType


def fitted_default(node_type: NodeType, catalog: ReferenceCatalog) -> dict[str, Any]:
    """``node_type.default_config`` with each reference to a missing key replaced."""
    config = dict(node_type.default_config)
    try:
        parsed = node_type.config_model.model_validate(config)
    except ValueError:
        return config
    for ref in node_type.references(parsed):
        known = catalog.keys(ref.kind)
        if known is None or ref.key in known:
            continue
        field = next((name for name, value in config.items() if value == ref.key), None)
        if field is None:
            continue
        fitting = sorted(k for k, channel in known.items() if channel in (None, ref.channel))
        if fitting:
            config[field] = fitting[0]
        else:
            config.pop(field)
    return config
