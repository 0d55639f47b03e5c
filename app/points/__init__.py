"""Points and tiers: the append-only ledger, earning rules, multipliers, tiers and expiry.

The engine calls :func:`app.points.ledger.award_points`; ingestion's ``orders_stored`` signal
is hooked to :func:`app.points.earning.earn_points_for_orders`.
"""
