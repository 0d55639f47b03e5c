"""KPI alerts: monitors on dashboard metrics, checked daily, that record an alert, notify
admins and start ``entry.alert`` journeys for the members concerned (``docs/alerts.md``)."""
