"""entry.alert: members entered by a fired KPI alert (``app.alerts``) move straight on,
except the global control group, like every entry."""

from __future__ import annotations

from app.engine.steps import entry, executor

execute = executor("entry.alert")(entry.execute)
