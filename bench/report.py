"""Benchmark: a journey's effect report over a generated base (1,000,000 members in the
journey, 10,000,000 orders), on SQLite or PostgreSQL.

    .venv/bin/python bench/report.py --members 100000 --orders 1000000
    .venv/bin/python bench/report.py --db postgresql://postgres@127.0.0.1:5432/bench

Members and orders come from ``audience_preview.generate``. Every member entered one journey
30 days before the base's "now": a random split (a fifth held out), a coupon and a message
for the rest, and orders in the 7 days after the message credited to it (set-based SQL, as
the engine and ingestion would have left them). The report is timed ``--repeats`` times
(median), and in the same run the bare scan of the credited orders it reads
(``COUNT`` and ``SUM`` over ``order_attributions`` joined to ``orders``), with the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from audience_preview import NOW, generate, open_app  # noqa: E402

T0 = NOW - timedelta(days=30)

DOCUMENT = {
    "schema_version": 1,
    "key": "bench",
    "name": "Bench",
    "nodes": [
        {"id": "start", "type": "entry.api", "config": {}},
        {"id": "split", "type": "split.random",
         "config": {"variants": [{"key": "a", "weight": 80}], "holdout_percent": 20}},
        {"id": "coupon", "type": "action.coupon", "config": {"coupon_template": "gift"}},
        {"id": "send", "type": "action.send", "config": {"channel": "sms", "template": "hi"}},
        {"id": "done", "type": "exit", "config": {}},
        {"id": "held", "type": "exit", "config": {}},
    ],
    "edges": [],
    "settings": {"attribution_window_days": 7},
}  # fmt: skip


def _nth_purchase(offset: int, column: str = "id") -> str:
    return (
        f"(SELECT o.{column} FROM orders o WHERE o.member_id = members.id AND o.net_amount IS NOT NULL "
        f"ORDER BY o.paid_at, o.id LIMIT 1 OFFSET {offset})"
    )


def build_journey() -> None:
    """The journey's runs, split steps, touches, coupons, messages and credits, in SQL."""
    from sqlalchemy import text

    from app.extensions import db
    from app.models import CouponTemplate, Journey, JourneyVersion
    from app.reports.coupon_days import count_journey_coupons
    from app.reports.entry_days import count_journey_entries
    from app.reports.message_days import count_journey_messages

    t0, t7 = T0.replace(tzinfo=None), (T0 + timedelta(days=7)).replace(tzinfo=None)
    pg = db.engine.dialect.name == "postgresql"
    stamp = (lambda v: f"'{v.isoformat()}+00'") if pg else (lambda v: f"'{v.isoformat(' ')}'")
    db.session.add(Journey(id=1, key="bench", name="Bench", status="published"))
    db.session.add(CouponTemplate(id=1, key="gift", name="Gift", kind="amount_off",
                                  terms={"threshold": 100, "amount": 20}, validity={}))  # fmt: skip
    db.session.flush()
    db.session.add(JourneyVersion(id=1, journey_id=1, number=1, status="published",
                                  document=DOCUMENT, checksum="x", published_at=T0))  # fmt: skip
    db.session.flush()
    false, true = ("false", "true") if pg else ("0", "1")
    held = "m.id % 5 = 0"
    statements = [
        "INSERT INTO journey_members (id, journey_id, version_id, member_id, entry_key, node_id, "
        "status, step_no, attempts, path, is_test, entered_at, updated_at, finished_at) "
        f"SELECT m.id, 1, 1, m.id, 'api:1', 'done', 'exited', 4, 0, '[]', {false}, {stamp(t0)}, "
        f"{stamp(t0)}, {stamp(t0)} FROM members m",
        "INSERT INTO journey_steps (journey_member_id, step_no, journey_id, version_id, member_id, "
        "node_id, branch, outcome, at) SELECT m.id, 2, 1, 1, m.id, 'split', "
        f"CASE WHEN {held} THEN 'holdout' ELSE 'a' END, 'passed', {stamp(t0)} FROM members m",
        "INSERT INTO journey_split_members (journey_id, node_id, branch, member_id, at) "
        f"SELECT 1, 'split', CASE WHEN {held} THEN 'holdout' ELSE 'a' END, m.id, {stamp(t0)} "
        "FROM members m",
        "INSERT INTO journey_step_counts (journey_id, node_id, outcome, branch, count) "
        "SELECT 1, node_id, outcome, COALESCE(branch, ''), COUNT(*) FROM journey_steps "
        "GROUP BY node_id, outcome, COALESCE(branch, '')",
        "INSERT INTO coupons (code, template_id, member_id, status, source, granted_at, "
        "valid_from, valid_until) SELECT 'c' || m.id, 1, m.id, CASE WHEN m.id % 3 = 0 THEN "
        f"'redeemed' ELSE 'granted' END, 'journey:1:coupon', {stamp(t0)}, {stamp(t0)}, "
        f"{stamp(t7)} FROM members m WHERE NOT ({held})",
        "INSERT INTO journey_touches (journey_member_id, step_no, journey_id, member_id, node_id, "
        f"kind, ref, at) SELECT m.id, 3, 1, m.id, 'coupon', 'coupon', 'c' || m.id, {stamp(t0)} "
        f"FROM members m WHERE NOT ({held})",
        "INSERT INTO journey_touches (journey_member_id, step_no, journey_id, member_id, node_id, "
        f"kind, at) SELECT m.id, 4, 1, m.id, 'send', 'send', {stamp(t0)} FROM members m "
        f"WHERE NOT ({held})",
        "INSERT INTO outbox (idempotency_key, member_id, channel, template_key, category, context, "
        "journey_id, node_id, status, reason, attempts, next_attempt_at, cost, created_at, "
        "sent_at, updated_at) SELECT 'k' || m.id, m.id, 'sms', 'hi', 'marketing', '{}', 1, "
        f"'send', 'delivered', '', 1, {stamp(t0)}, 0.04, {stamp(t0)}, {stamp(t0)}, {stamp(t0)} "
        f"FROM members m WHERE NOT ({held})",
        "UPDATE orders SET coupon_code = 'c' || member_id, discount = 20, "
        f"net_amount = amount - 20 WHERE amount > 100 AND member_id % 3 = 0 AND NOT "
        f"(member_id % 5 = 0) AND paid_at >= {stamp(t0)} AND paid_at <= {stamp(t7)}",
        "INSERT INTO order_attributions (order_id, journey_id, journey_member_id, member_id, "
        "node_id, touch_id, paid_at) SELECT o.id, 1, o.member_id, o.member_id, 'send', t.id, "
        "o.paid_at FROM orders o JOIN journey_touches t ON t.member_id = o.member_id AND "
        f"t.kind = 'send' WHERE o.paid_at >= {stamp(t0)} AND o.paid_at <= {stamp(t7)}",
        # The member facts ingestion keeps: the first two purchases by (paid_at, id).
        f"UPDATE members SET first_order_id = {_nth_purchase(0)}, "
        f"second_order_id = {_nth_purchase(1)}, second_order_at = {_nth_purchase(1, 'paid_at')} "
        "WHERE first_order_at IS NOT NULL",
    ]
    for sql in statements:
        db.session.execute(text(sql))
    count_journey_coupons(db.session, 1)
    count_journey_entries(db.session, 1)
    count_journey_messages(db.session, 1)
    db.session.commit()
    if pg:
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default="/tmp/loyalty_report_bench.db")
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--orders", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="use the existing database at --db")
    args = parser.parse_args()
    from sqlalchemy import text

    from app.extensions import db
    from app.models import Journey
    from app.reports.service import ReportQuery, journey_report

    if not args.reuse:
        generate(args.db, args.members, args.orders)
    with open_app(args.db).app_context():
        if not args.reuse:
            t = time.perf_counter()
            build_journey()
            print(f"journey rows built in {time.perf_counter() - t:.1f}s")
        journey = db.session.get(Journey, 1)
        bare_sql = text(
            "SELECT COUNT(*), SUM(o.net_amount) FROM order_attributions a "
            "JOIN orders o ON o.id = a.order_id WHERE a.journey_id = 1"
        )
        report_times, bare_times = [], []
        for _ in range(args.repeats):
            t = time.perf_counter()
            credited, _amount = db.session.execute(bare_sql).one()
            bare_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            report = journey_report(db.session, journey, ReportQuery())
            report_times.append(time.perf_counter() - t)
            db.session.rollback()
        report_s, bare_s = statistics.median(report_times), statistics.median(bare_times)
        print(
            f"credited orders: {credited:,}; paying members {report['member']['paying_members']:,}"
        )
        print(f"report: {report_s:.2f}s (median of {args.repeats})")
        print(f"bare scan of the credited orders: {bare_s:.3f}s")
        print(f"report ratio: {report_s / bare_s:.1f}x the bare scan")


if __name__ == "__main__":
    main()
