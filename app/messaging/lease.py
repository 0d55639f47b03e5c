"""Keeping a claim alive while its batch is sent.

A claim leases rows until ``next_attempt_at``. A batch may take longer to send than the
lease (a slow SMTP server, a provider rate), so while the dispatcher works a
:class:`LeaseKeeper` thread pushes the end of the lease forward every third of a lease, on
its own connection, for the rows that still carry the claim's token. The token is the fence:
once another dispatcher has claimed a row again (after a real lapse, e.g. a frozen process),
the row carries a new token, the keeper no longer extends it and the old holder can neither
send it (:meth:`Dispatcher.renew` checks before each chunk) nor record a result for it.

On PostgreSQL the keeper skips rows locked by someone else (``SKIP LOCKED``): those are the
dispatcher's own rows being recorded or renewed on its main connection at that moment, and
waiting for them while holding the locks of the others could deadlock with it (the two lock
the claim's rows in different orders). A row skipped is being settled or renewed anyway,
and the next round extends it otherwise.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from app.models import OutboxMessage

_outbox = OutboxMessage.__table__
log = logging.getLogger(__name__)


class LeaseKeeper:
    """Extends the lease of every row of one claim until :meth:`stop` is called."""

    def __init__(
        self,
        engine: Engine,
        token: str,
        clock: Callable[[], datetime],
        lease: timedelta,
        ids: list[int] | None = None,
    ):
        """``ids``: the claimed rows (found by primary key); without, by the token alone."""
        self.engine, self.token, self.clock, self.lease = engine, token, clock, lease
        self.ids = ids
        self.interval = max(lease.total_seconds() / 3, 0.05)
        self.renewals = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lease-keeper", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def renew(self) -> int:
        """Push the lease of the claim's rows still being sent; returns how many."""
        held = select(_outbox.c.id).where(
            _outbox.c.claim_token == self.token, _outbox.c.status == "sending"
        )
        if self.ids is not None:
            held = held.where(_outbox.c.id.in_(self.ids))
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                held = held.with_for_update(skip_locked=True)
            n = conn.execute(
                update(_outbox)
                .where(_outbox.c.id.in_(held.scalar_subquery()))
                .values(next_attempt_at=self.clock() + self.lease)
            ).rowcount
        self.renewals += 1
        return n

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.renew()
            except Exception:  # noqa: BLE001 - keep trying; the chunk check still fences
                log.exception("lease renewal failed")
