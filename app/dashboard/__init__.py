"""The member dashboard: activity, repurchase, order value, tiers, segments, journeys and
channels for a period against the previous one, read from daily aggregates
(``docs/dashboard.md``)."""
