"""each journey's credited orders per node and day, its split arms' totals and its coupon
sales, kept for the journey report; members' credited orders and arms found by member

Revision ID: 0028
Revises: 0020
Create Date: 2026-12-06

"""

import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0028"
down_revision = "0020"
branch_labels = None
depends_on = None

DEFAULT_WINDOW_DAYS = 7
MONEY = sa.Numeric(precision=18, scale=2)


def upgrade():
    with op.batch_alter_table("order_attributions") as batch_op:
        batch_op.create_index("ix_order_attributions_member_id", ["member_id"], unique=False)
    with op.batch_alter_table("journey_split_members") as batch_op:
        batch_op.create_index("ix_journey_split_members_member_id", ["member_id"], unique=False)
    op.create_table(
        "journey_credit_days",
        sa.Column("journey_id", sa.BigInteger(), nullable=False),
        sa.Column("node_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("ordering_members", sa.BigInteger(), nullable=False),
        sa.Column("paying_members", sa.BigInteger(), nullable=False),
        sa.Column("paid_orders", sa.BigInteger(), nullable=False),
        sa.Column("paid_amount", MONEY, nullable=False),
        sa.Column("coupon_discount", MONEY, nullable=False),
        sa.Column("first_order_members", sa.BigInteger(), nullable=False),
        sa.Column("first_order_amount", MONEY, nullable=False),
        sa.Column("repurchase_members", sa.BigInteger(), nullable=False),
        sa.Column("repurchase_amount", MONEY, nullable=False),
        sa.PrimaryKeyConstraint(
            "journey_id", "node_id", "day", name=op.f("pk_journey_credit_days")
        ),
    )
    _backfill_credit_days()
    op.create_table(
        "journey_arm_totals",
        sa.Column("journey_id", sa.BigInteger(), nullable=False),
        sa.Column("window_days", sa.BigInteger(), nullable=False),
        sa.Column("node_id", sa.String(length=64), nullable=False),
        sa.Column("branch", sa.String(length=64), nullable=False),
        sa.Column("members", sa.BigInteger(), nullable=False),
        sa.Column("paying", sa.BigInteger(), nullable=False),
        sa.Column("orders", sa.BigInteger(), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("amount_sq", sa.Numeric(precision=30, scale=4), nullable=False),
        sa.PrimaryKeyConstraint(
            "journey_id", "window_days", "node_id", "branch", name=op.f("pk_journey_arm_totals")
        ),
    )
    _backfill_arm_totals()
    with op.batch_alter_table("journey_coupon_days") as batch_op:
        batch_op.add_column(sa.Column("sales", MONEY, server_default="0", nullable=False))
        batch_op.add_column(sa.Column("paid", MONEY, server_default="0", nullable=False))
    _backfill_coupon_sales()


def _backfill_coupon_sales():
    """The purchases that used each journey's coupons, summed per holder's type at the grant
    and day granted onto the unused row: one grouped INSERT."""
    day = (
        "to_char(timezone('UTC', c.granted_at), 'YYYY-MM-DD')"
        if _postgres()
        else "substr(c.granted_at, 1, 10)"
    )
    kind = (
        "CASE WHEN m.first_order_at IS NULL OR m.first_order_at >= c.granted_at "
        "THEN 'no_first_order' WHEN m.second_order_at IS NULL OR m.second_order_at >= "
        "c.granted_at THEN 'first_order' ELSE 'repurchase' END"
    )
    op.execute(
        "INSERT INTO journey_coupon_days (journey_id, member_type, day, used_day, issued, "
        "claimed, used, sales, paid) SELECT s.journey_id, s.member_type, s.day, '', 0, 0, 0, "
        f"s.sales, s.paid FROM (SELECT t.journey_id, {kind} AS member_type, {day} AS day, "
        "SUM(o.amount) AS sales, SUM(o.net_amount) AS paid FROM coupons c "
        "JOIN journey_touches t ON t.ref = c.code AND t.kind = 'coupon' "
        "JOIN members m ON m.id = c.member_id JOIN orders o ON o.coupon_code = c.code "
        f"WHERE o.net_amount IS NOT NULL GROUP BY t.journey_id, {kind}, {day}) s WHERE TRUE "
        "ON CONFLICT (journey_id, member_type, day, used_day) DO UPDATE SET "
        "sales = excluded.sales, paid = excluded.paid"
    )


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _backfill_credit_days():
    """Every credited order, summed per journey, node and day and their roll-ups: one
    grouped INSERT per roll-up."""
    day = (
        "to_char(timezone('UTC', o.paid_at), 'YYYY-MM-DD')"
        if _postgres()
        else "substr(o.paid_at, 1, 10)"
    )
    credited = (
        f"SELECT a.journey_id, a.member_id, COALESCE(a.node_id, '') AS node_id, {day} AS day, "
        "o.net_amount AS net, CASE WHEN o.net_amount IS NOT NULL AND o.coupon_code IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM journey_touches t WHERE t.journey_id = a.journey_id "
        "AND t.kind = 'coupon' AND t.ref = o.coupon_code) THEN o.discount ELSE 0 END AS discount, "
        "CASE WHEN o.id = m.first_order_id THEN 0 WHEN o.id = m.second_order_id THEN 1 "
        "ELSE 2 END AS prior FROM order_attributions a JOIN orders o ON o.id = a.order_id "
        "JOIN members m ON m.id = o.member_id"
    )
    paid, first, again = (
        "c.net IS NOT NULL",
        "c.net IS NOT NULL AND c.prior = 0",
        ("c.net IS NOT NULL AND c.prior > 0"),
    )
    figures = (
        "COUNT(DISTINCT c.member_id), "
        f"COUNT(DISTINCT CASE WHEN {paid} THEN c.member_id END), "
        f"SUM(CASE WHEN {paid} THEN 1 ELSE 0 END), COALESCE(SUM(c.net), 0), "
        "COALESCE(SUM(c.discount), 0), "
        f"COUNT(DISTINCT CASE WHEN {first} THEN c.member_id END), "
        f"COALESCE(SUM(CASE WHEN {first} THEN c.net END), 0), "
        f"COUNT(DISTINCT CASE WHEN {again} THEN c.member_id END), "
        f"COALESCE(SUM(CASE WHEN {again} THEN c.net END), 0)"
    )
    for node, day_of in (
        ("c.node_id", "c.day"),
        ("c.node_id", "''"),
        ("''", "c.day"),
        ("''", "''"),
    ):
        keys = ", ".join(k for k in (node, day_of) if k != "''")
        op.execute(
            "INSERT INTO journey_credit_days (journey_id, node_id, day, ordering_members, "
            "paying_members, paid_orders, paid_amount, coupon_discount, first_order_members, "
            "first_order_amount, repurchase_members, repurchase_amount) "
            f"SELECT c.journey_id, {node}, {day_of}, {figures} FROM ({credited}) c "
            f"GROUP BY c.journey_id{', ' + keys if keys else ''}"
        )


def _windows() -> dict[int, int]:
    """Each journey's attribution window, from its latest published version."""
    windows: dict[int, int] = {}
    rows = op.get_bind().execute(
        sa.text(
            "SELECT journey_id, document FROM journey_versions WHERE published_at IS NOT NULL "
            "ORDER BY journey_id, number"
        )
    )
    for journey_id, document in rows:
        document = json.loads(document) if isinstance(document, str) else document or {}
        settings = document.get("settings") or {}
        windows[journey_id] = int(settings.get("attribution_window_days") or DEFAULT_WINDOW_DAYS)
    return windows


def _backfill_arm_totals():
    """Each journey's arms under its window: one grouped INSERT per journey with splits."""
    conn = op.get_bind()
    if _postgres():
        within = "o.paid_at >= s.at AND o.paid_at <= s.at + make_interval(0, 0, 0, :window)"
    else:
        within = "o.paid_at >= s.at AND julianday(o.paid_at) <= julianday(s.at) + :window"
    windows = _windows()
    journeys = conn.execute(sa.text("SELECT DISTINCT journey_id FROM journey_split_members"))
    for (journey_id,) in journeys.all():
        conn.execute(
            sa.text(
                "INSERT INTO journey_arm_totals (journey_id, window_days, node_id, branch, "
                "members, paying, orders, amount, amount_sq) SELECT :journey, :window, "
                "p.node_id, p.branch, COUNT(*), SUM(CASE WHEN p.orders > 0 THEN 1 ELSE 0 END), "
                "SUM(p.orders), COALESCE(SUM(p.amount), 0), COALESCE(SUM(p.amount * p.amount), 0) "
                "FROM (SELECT s.node_id, s.branch, s.member_id, COUNT(o.id) AS orders, "
                "SUM(o.net_amount) AS amount FROM journey_split_members s LEFT JOIN orders o "
                f"ON o.member_id = s.member_id AND o.net_amount IS NOT NULL AND {within} "
                "WHERE s.journey_id = :journey GROUP BY s.node_id, s.branch, s.member_id) p "
                "GROUP BY p.node_id, p.branch"
            ),
            {"journey": journey_id, "window": windows.get(journey_id, DEFAULT_WINDOW_DAYS)},
        )


def downgrade():
    with op.batch_alter_table("journey_coupon_days") as batch_op:
        batch_op.drop_column("paid")
        batch_op.drop_column("sales")
    op.drop_table("journey_arm_totals")
    op.drop_table("journey_credit_days")
    with op.batch_alter_table("journey_split_members") as batch_op:
        batch_op.drop_index("ix_journey_split_members_member_id")
    with op.batch_alter_table("order_attributions") as batch_op:
        batch_op.drop_index("ix_order_attributions_member_id")
