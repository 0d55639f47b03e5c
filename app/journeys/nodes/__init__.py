"""Every node type, registered in this one place by importing its module.

Look a type up with :func:`get`; list them with :func:`all_types`.
"""

from app.journeys.nodes import (  # noqa: F401  (each module registers its type on import)
    action_attribute,
    action_coupon,
    action_points,
    action_send,
    action_tag,
    action_tier,
    action_webhook,
    entry_alert,
    entry_api,
    entry_audience,
    entry_date,
    entry_event,
    exit,
    split_condition,
    split_experiment,
    split_multi,
    split_random,
    wait_duration,
    wait_event,
    wait_until,
)
from app.journeys.nodes.registry import NodeType, Problem, Reference, all_types, get, register

__all__ = ["NodeType", "Problem", "Reference", "all_types", "get", "register"]
