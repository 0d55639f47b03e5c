"""entry.event: a member enters when an event with matching properties happens."""

from __future__ import annotations

from app.journeys.nodes.registry import NodeType, register
from app.journeys.settings import EventMatch


class EventEntry(NodeType):
    type = "entry.event"
    group = "entry"
    label = "Event"
    icon = "zap"
    description = "A member enters when an event happens, e.g. order_paid with amount ≥ 200."
    config_model = EventMatch
    default_config = {"event_type": "registered", "where": []}


register(EventEntry())
