"""Benchmark: a journey's effect report over a generated base (1,000,000 members in the
journey, 10,000,000 orders), on SQLite or PostgreSQL.

    .venv/bin/python bench/report.py --members 100000 --orders 1000000
    .venv/bin/python bench/report.py --db postgresql://postgres@127.0.0.1:5432/bench
    .venv/bin/python bench/report.py --db /tmp/big.db --reuse --from 2025-05-16 --to 2025-05-20

Members and orders come from ``audience_preview.generate``. Every member entered one journey
30 days before the base's "now": a random split (a fifth held out), a coupon and a message
for the rest, and orders in the 7 days after the message credited to it (set-based SQL, as
the engine and ingestion would have left them). The report is timed ``--repeats`` times
(median), and in the same run the bare scan of the credited orders it reads
(``COUNT`` and ``SUM`` over ``order_attributions`` joined to ``orders``), with the ratio.
``--reuse`` times an existing database (brought to the newest migration first, which fills
any kept table added since); ``--from``, ``--to`` and ``--window-days`` time the report with
those options.
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


#: Each member's first two purchases by (paid_at, id), in one pass over the orders (as
#: migration 0021 fills them; ingestion keeps them since).
FIRST_TWO_PURCHASES = (
    "UPDATE members SET first_order_id = p.first_id, second_order_id = p.second_id, "
    "second_order_at = p.second_at FROM (SELECT member_id, "
    "MAX(CASE WHEN n = 1 THEN id END) AS first_id, MAX(CASE WHEN n = 2 THEN id END) AS second_id, "
    "MAX(CASE WHEN n = 2 THEN paid_at END) AS second_at FROM (SELECT member_id, id, paid_at, "
    "ROW_NUMBER() OVER (PARTITION BY member_id ORDER BY paid_at, id) AS n FROM orders "
    "WHERE net_amount IS NOT NULL) AS ranked WHERE n <= 2 GROUP BY member_id) AS p "
    "WHERE members.id = p.member_id AND members.first_order_at IS NOT NULL"
)


def build_journey() -> None:
    """The journey's runs, split steps, touches, coupons, messages and credits, in SQL."""
    from sqlalchemy import text

    from app.extensions import db
    from app.models import CouponTemplate, Journey, JourneyVersion
    from app.reports.arms import count_journey_arms
    from app.reports.coupon_days import count_journey_coupons
    from app.reports.credit_days import count_journey_credits
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
        FIRST_TWO_PURCHASES,
    ]
    for sql in statements:
        t = time.perf_counter()
        db.session.execute(text(sql))
        print(f"  {time.perf_counter() - t:6.1f}s  {sql[:60]}", flush=True)
    count_journey_coupons(db.session, 1)
    count_journey_entries(db.session, 1)
    count_journey_messages(db.session, 1)
    count_journey_credits(db.session, 1)
    count_journey_arms(db.session, 1, DOCUMENT["settings"]["attribution_window_days"])
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
    parser.add_argument("--from", dest="since", help="report period's first day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="until", help="report period's last day (YYYY-MM-DD)")
    parser.add_argument("--window-days", type=int, help="another attribution window")
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
        options = {"from": args.since, "to": args.until, "window_days": args.window_days}
        query = ReportQuery.model_validate({k: v for k, v in options.items() if v})
        report_times, bare_times = [], []
        for _ in range(args.repeats):
            t = time.perf_counter()
            credited, _amount = db.session.execute(bare_sql).one()
            bare_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            report = journey_report(db.session, journey, query)
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
