"""The dormant win-back example started by a KPI alert instead of a monthly audience."""

from __future__ import annotations

import copy
import json

from app.demo.journeys import EXAMPLES_DIR

KEY = "active-drop-winback"
MONITOR = "active-drop"


def bundle() -> dict:
    """``journeys/dormant-winback.json`` with its entry node turned into ``entry.alert``."""
    out = copy.deepcopy(json.loads((EXAMPLES_DIR / "dormant-winback.json").read_text()))
    journey = out["journey"]
    journey["key"], journey["name"] = KEY, "Win back members who stopped buying"
    journey["description"] = (
        "When 30-day active members fall 5% against the previous 30 days, members active then "
        "and not now get a coupon fitted to their order value, then a reminder."
    )
    for node in journey["nodes"]:
        if node["type"] == "entry.audience":
            node["type"], node["config"] = "entry.alert", {"monitor": MONITOR}
    out["audiences"] = []
    return out
