"""What ingestion sets off elsewhere, in the same transaction as the ingested rows.

Stored events reach the journey engine (entries, wake-ups, goals); stored orders earn points
(refunds claw them back) and are attributed to the journeys that touched their members.
"""

from __future__ import annotations

from app.ingestion.signals import events_stored, orders_stored


def _events(session, rows, **_):
    from app.engine.clock import current_clock
    from app.engine.events import handle_events
    from app.ingestion.signals import StoredEvent

    # Rows that carry the whole event (the API's inserts) are not read again.
    events = rows if all(isinstance(row, StoredEvent) for row in rows) else None
    handle_events(session, [row.id for row in rows], current_clock().now(), events=events)


def _orders(session, rows, **_):
    from app.attribution.orders import attribute_orders
    from app.engine.clock import current_clock
    from app.points.earning import claw_back_refunds, earn_points_for_orders

    order_ids, now = [row.id for row in rows], current_clock().now()
    earn_points_for_orders(session, order_ids, now)
    claw_back_refunds(session, order_ids, now)
    attribute_orders(session, order_ids)


def connect() -> None:
    """Connect the receivers (idempotent: blinker keeps one connection per receiver)."""
    events_stored.connect(_events)
    orders_stored.connect(_orders)
