"""The dispatcher: claims due outbox rows, applies the send rules, renders, sends in
small chunks through the channel's provider, and records each outcome with its reason.

A claim is one ``UPDATE`` that leases rows (``status='sending'``, ``next_attempt_at`` = end
of the lease, a fresh ``claim_token``; ``FOR UPDATE SKIP LOCKED`` on PostgreSQL so several
workers share the work). The claim is fenced by its token:

* while the batch is worked on, a :class:`~app.messaging.lease.LeaseKeeper` thread keeps
  extending the lease of the rows that still carry the token;
* before each chunk goes to the provider, one ``UPDATE … WHERE claim_token = :token
  RETURNING id`` extends the lease again and says which rows are still held; a row claimed
  by someone else since is not sent. Only then is the chunk decided and rendered; this
  happens for the next chunk while the current one is on the wire (a
  :class:`~app.messaging.providers.base.Feed`);
* outcomes are written (``… AND claim_token = :token``) and committed group by group as the
  provider answers, senders running at most two messages per connection ahead, so a worker
  killed mid-batch leaves at most those to be re-sent, with the same idempotency key.
"""

from __future__ import annotations

import secrets
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.engine import hooks, webhook_answers
from app.messaging.batch import ChannelBatch, Result
from app.messaging.callbacks import callback_secret, callback_url
from app.messaging.journey_rate import hold_back
from app.messaging.lease import LeaseKeeper
from app.messaging.pipelined import renew_postgres
from app.messaging.providers import Outcome, Outgoing, SendContext, get_provider
from app.messaging.providers.base import Feed
from app.messaging.ratelimit import RateLimiter
from app.messaging.record import record_results
from app.messaging.rules import backoff
from app.messaging.settings import load_channels
from app.models import DeliveryEvent, OutboxMessage
from app.models.base import utcnow
from app.models.outbox import DUE_STATUSES

_outbox = OutboxMessage.__table__
_events = DeliveryEvent.__table__
NOT_CONFIGURED_DELAY = timedelta(minutes=10)
#: Messages checked (and their lease extended) at once before they go to the provider; the
#: next chunk is checked while the current one is sent.
DEFAULT_CHUNK_SIZE = 50


@dataclass
class DispatchStats:
    claimed: int = 0
    outcomes: Counter = field(default_factory=Counter)

    def add(self, other: DispatchStats) -> None:
        self.claimed += other.claimed
        self.outcomes.update(other.outcomes)


@contextmanager
def _asynchronous_commits(conn: Connection):
    """On PostgreSQL, the dispatcher's commits do not wait for the WAL flush.

    It commits after every few messages; waiting for each flush would cap a worker at the
    disk's flush rate. A dispatcher killed keeps everything it committed (the server has
    it); only a crash of the database server itself can lose the last fraction of a
    second of outcomes, and those messages are then sent again with their idempotency key,
    as after a dispatcher crash.
    """
    if conn.dialect.name != "postgresql":
        yield
        return
    conn.exec_driver_sql("SET synchronous_commit TO off")
    conn.commit()
    try:
        yield
    finally:
        conn.rollback()
        conn.exec_driver_sql("RESET synchronous_commit")
        conn.commit()


@dataclass
class _Claim:
    """One channel's rows of a claim, and where their outcomes go."""

    conn: Connection
    token: str
    rows: list
    now: datetime
    stats: DispatchStats
    by_id: dict = field(init=False)

    def __post_init__(self):
        self.by_id = {row.id: row for row in self.rows}


class Dispatcher:
    """Sends due outbox rows. ``clock`` gives "now"; ``monotonic``/``sleep`` pace rates."""

    def __init__(
        self,
        session: Session,
        clock: Callable[[], datetime] = utcnow,
        batch_size: int = 500,
        lease: timedelta = timedelta(minutes=5),
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ):
        self.session, self.clock = session, clock
        self.batch_size, self.lease, self.chunk_size = batch_size, lease, chunk_size
        self.monotonic, self.sleep = monotonic, sleep
        self.limiters: dict[str, RateLimiter] = {}

    def claim(self, now: datetime, conn: Connection | None = None) -> tuple[str, list]:
        """Lease up to ``batch_size`` due rows; returns the claim token and the rows."""
        if conn is None:
            with self.session.get_bind().connect() as own:
                return self.claim(now, own)
        token = secrets.token_hex(16)
        due = (
            select(_outbox.c.id)
            .where(_outbox.c.status.in_(DUE_STATUSES), _outbox.c.next_attempt_at <= now)
            .order_by(_outbox.c.next_attempt_at, _outbox.c.id)
            .limit(self.batch_size)
        )
        if conn.dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        # The claimed rows come back from the claim itself (claim_token has no index).
        rows = conn.execute(
            update(_outbox)
            .where(_outbox.c.id.in_(due.scalar_subquery()))
            .values(
                status="sending",
                claim_token=token,
                next_attempt_at=now + self.lease,
                attempts=_outbox.c.attempts + 1,
                updated_at=now,
            )
            .returning(*_outbox.c)
        ).all()
        conn.commit()
        rows.sort(key=lambda row: row.id)
        return token, rows

    def run_once(self) -> DispatchStats:
        """Claim one batch and settle every row of it; returns what happened.

        Claims, renewals and outcomes go through one connection held for the batch (in its
        own short transactions); the session only reads members, templates and settings.
        """
        now = self.clock()
        with self.session.get_bind().connect() as conn, _asynchronous_commits(conn):
            token, rows = self.claim(now, conn)
            stats = DispatchStats(claimed=len(rows))
            if not rows:
                return stats
            held = hold_back(conn, token, rows, now)
            if held:
                self._commit(_Claim(conn, token, rows, now, stats), held)
                waiting = {r.id for r in held}
                rows = [r for r in rows if r.id not in waiting]
            conn.commit()
            ids = [row.id for row in rows]
            with LeaseKeeper(conn.engine, token, self.clock, self.lease, ids):
                setups = load_channels(self.session)
                by_channel = defaultdict(list)
                for row in rows:
                    by_channel[row.channel].append(row)
                for channel, group in by_channel.items():
                    claim = _Claim(conn, token, group, now, stats)
                    self._settle(claim, channel, setups.get(channel))
        return stats

    def run(self, max_batches: int | None = None) -> DispatchStats:
        """Run batches until nothing is due (or ``max_batches`` ran)."""
        total = DispatchStats()
        batches = 0
        while max_batches is None or batches < max_batches:
            stats = self.run_once()
            total.add(stats)
            batches += 1
            if stats.claimed == 0:
                break
        return total

    def renew(self, claim: _Claim, ids: list[int]) -> set[int]:
        """Extend the lease of ``ids`` still held by the claim and commit; returns those."""
        if claim.conn.dialect.name == "postgresql":
            claim.conn.commit()  # nothing is pending; the renewal commits in its round trip
            return renew_postgres(claim.conn, claim.token, ids, self.clock() + self.lease)
        held = claim.conn.execute(
            update(_outbox)
            .where(
                _outbox.c.id.in_(ids),
                _outbox.c.claim_token == claim.token,
                _outbox.c.status == "sending",
            )
            .values(next_attempt_at=self.clock() + self.lease)
            .returning(_outbox.c.id)
        ).scalars()
        held = set(held)
        claim.conn.commit()
        return held

    def _commit(self, claim: _Claim, results: list[Result]) -> None:
        # A webhook's answers wake its runs in the same transaction as its outcomes.
        webhook = claim.rows[0].channel == "webhook"
        recorded = self._record(claim, results, commit=not webhook)
        if recorded and webhook:
            rows = [claim.by_id[r.id] for r in recorded]
            webhook_answers.wake_runs(claim.conn, rows, recorded, claim.now)
        claim.conn.commit()
        if recorded:
            rows = [claim.by_id[r.id] for r in recorded]
            hooks.messages_settled(rows, recorded, claim.now)
            claim.stats.outcomes.update(r.status for r in recorded)

    def _settle(self, claim: _Claim, channel: str, setup) -> None:
        rows, now = claim.rows, claim.now
        try:
            provider = get_provider(channel)
        except KeyError:
            failed = [Result(r.id, "failed", f"unknown channel {channel!r}") for r in rows]
            return self._commit(claim, failed)
        if setup is None or not setup.usable:
            until = now + NOT_CONFIGURED_DELAY
            waiting = [Result(r.id, "deferred", "channel_not_configured", until, -1) for r in rows]
            return self._commit(claim, waiting)
        if setup.callback_url is None:
            setup.callback_url = callback_url(channel, callback_secret(self.session, channel))
        provider = setup.provider  # the sandbox stand-in when the channel is set to capture
        batch = ChannelBatch(self.session, channel, provider, setup.rules, rows, now)
        # The session only read; end its transaction so it holds no snapshot while sending.
        self.session.commit()
        ctx = SendContext(claim.conn, now, setup.callback_url)
        # Rows are decided and rendered a chunk at a time, as the feed releases them, so
        # the next chunk is prepared while the current one is on the wire.
        feed = Feed(
            batch.ordered(),
            self.chunk_size,
            check=lambda chunk: self._prepare(claim, batch, chunk),
            pace=self._pacer(setup),
        )
        self._send(claim, provider, feed, setup, batch, ctx)

    def _prepare(self, claim: _Claim, batch: ChannelBatch, chunk: list) -> list:
        """The fence before a chunk goes out (extend its lease, keep the rows still held),
        then the rules and rendering for those: the rows they stop are recorded at once,
        the messages to send are returned."""
        held = self.renew(claim, [row.id for row in chunk])
        results, outgoing = batch.settle([row for row in chunk if row.id in held])
        self._commit(claim, results)
        return outgoing

    def _pacer(self, setup) -> Callable[[int], int]:
        """How many of the next messages the channel's rate lets go now (waiting for one)."""
        limiter = self.limiters.get(setup.channel)
        if limiter is None or limiter.rate != setup.rules.rate_per_second:
            limiter = RateLimiter(setup.rules.rate_per_second, self.monotonic, self.sleep)
            self.limiters[setup.channel] = limiter
        return limiter.take

    def _send(self, claim: _Claim, provider, feed: Feed, setup, batch, ctx) -> None:
        """Hand the feed to the provider and commit each group of outcomes as it comes."""
        answered: set[int] = set()
        groups = provider.stream_feed(feed, setup.config, ctx)
        while True:
            try:
                group = next(groups)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - a provider bug must not lose the batch
                claim.conn.rollback()
                error = Outcome("temporary", reason=f"provider error: {exc}")
                _, never_released = feed.unsent()
                results = [
                    self._result_of(feed.message(i), error, batch, setup.rules, claim.now)
                    for i in range(feed.released)
                    if i not in answered
                ]
                results += [
                    self._result_of(row, error, batch, setup.rules, claim.now)
                    for row in never_released
                ]
                self._commit(claim, results)
                return
            results = [
                self._result_of(feed.message(i), outcome, batch, setup.rules, claim.now)
                for i, outcome in group
            ]
            answered.update(i for i, _ in group)
            self._commit(claim, results)

    def _result_of(self, message, outcome: Outcome, batch, rules, now) -> Result:
        """The result of an outcome for a sent message (or a claimed row never rendered)."""
        if isinstance(message, Outgoing):
            row = batch.rows_by_id[message.message_id]
            base = {"subject": message.subject, "body": message.body}
        else:
            row, base = message, {}
        if outcome.response is not None:
            base["detail"] = {"response": outcome.response}
        if outcome.status == "sent":
            cost = Decimal(rules.cost_per_message) if rules.cost_per_message else None
            return Result(
                row.id,
                "sent",
                sent_at=now,
                provider_message_id=outcome.provider_message_id,
                cost=cost,
                **base,
            )
        if outcome.status == "temporary" and row.attempts < rules.max_attempts:
            return Result(row.id, "retry", outcome.reason, now + backoff(row.attempts), **base)
        reason = outcome.reason
        if outcome.status == "temporary":
            reason = f"gave up after {row.attempts} attempts: {reason}"
        return Result(row.id, "failed", reason, **base)

    def _record(self, claim: _Claim, results: list[Result], commit: bool = False) -> list[Result]:
        """Write the results of rows still held by the claim (and commit them, with
        ``commit``); returns those written."""
        return record_results(claim.conn, claim.token, claim.now, results, commit)


def unsettled_count(session: Session) -> int:
    """How many rows are still waiting or leased (the worker's log, the benchmark)."""
    from sqlalchemy import func

    return session.scalar(
        select(func.count()).select_from(_outbox).where(_outbox.c.status.in_(DUE_STATUSES))
    )
