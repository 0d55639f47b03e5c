"""members' first two purchases; the members who left each split and each journey's coupon
counts per member type and day, its entries and messages per day, for the journey report

Revision ID: 0021
Revises: 0012
Create Date: 2026-12-06

"""

import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0018"
branch_labels = None
depends_on = None

SPLIT_TYPES = ("split.random", "split.experiment", "split.condition", "split.multi")


#: Each member's first two purchases by (paid_at, id), in one pass over the orders: ranked
#: per member by a window function, the first two kept, one row per member (a correlated
#: lookup per member took longer than 25 minutes on 10,000,000 orders).
FIRST_TWO_PURCHASES = (
    "UPDATE members SET first_order_id = p.first_id, second_order_id = p.second_id, "
    "second_order_at = p.second_at FROM (SELECT member_id, "
    "MAX(CASE WHEN n = 1 THEN id END) AS first_id, MAX(CASE WHEN n = 2 THEN id END) AS second_id, "
    "MAX(CASE WHEN n = 2 THEN paid_at END) AS second_at FROM (SELECT member_id, id, paid_at, "
    "ROW_NUMBER() OVER (PARTITION BY member_id ORDER BY paid_at, id) AS n FROM orders "
    "WHERE net_amount IS NOT NULL) AS ranked WHERE n <= 2 GROUP BY member_id) AS p "
    "WHERE members.id = p.member_id AND members.first_order_at IS NOT NULL"
)


def upgrade():
    with op.batch_alter_table("members") as batch_op:
        batch_op.add_column(sa.Column("first_order_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("second_order_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("second_order_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(FIRST_TWO_PURCHASES)
    op.create_table(
        "journey_split_members",
        sa.Column("journey_id", sa.BigInteger(), nullable=False),
        sa.Column("node_id", sa.String(length=64), nullable=False),
        sa.Column("branch", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "journey_id", "node_id", "branch", "member_id", name=op.f("pk_journey_split_members")
        ),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("journey_split_members") as batch_op:
        batch_op.create_index(
            "ix_journey_split_members_member", ["journey_id", "member_id"], unique=False
        )
    _backfill_split_members()
    op.create_table(
        "journey_coupon_days",
        sa.Column("journey_id", sa.BigInteger(), nullable=False),
        sa.Column("member_type", sa.String(length=16), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("used_day", sa.String(length=10), nullable=False),
        sa.Column("issued", sa.BigInteger(), nullable=False),
        sa.Column("claimed", sa.BigInteger(), nullable=False),
        sa.Column("used", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "journey_id", "member_type", "day", "used_day", name=op.f("pk_journey_coupon_days")
        ),
    )
    _backfill_coupon_days()
    op.create_table(
        "journey_entry_days",
        sa.Column("journey_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("entered", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("journey_id", "day", name=op.f("pk_journey_entry_days")),
    )
    op.execute(
        "INSERT INTO journey_entry_days (journey_id, day, entered) "
        f"SELECT journey_id, {_day('entered_at')}, COUNT(*) FROM journey_members "
        f"WHERE is_test = FALSE GROUP BY journey_id, {_day('entered_at')}"
    )
    op.create_table(
        "journey_message_days",
        sa.Column("journey_id", sa.BigInteger(), nullable=False),
        sa.Column("node_id", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("queued_day", sa.String(length=10), nullable=False),
        sa.Column("messages", sa.BigInteger(), nullable=False),
        sa.Column("cost", sa.Numeric(precision=16, scale=4), nullable=False),
        sa.PrimaryKeyConstraint(
            "journey_id",
            "node_id",
            "channel",
            "status",
            "day",
            "queued_day",
            name=op.f("pk_journey_message_days"),
        ),
    )
    op.execute(
        "INSERT INTO journey_message_days (journey_id, node_id, channel, status, day, "
        "queued_day, messages, cost) SELECT journey_id, COALESCE(node_id, ''), channel, "
        "CASE WHEN status IN ('sent', 'delivered', 'opened', 'clicked') THEN status "
        f"ELSE 'queued' END, COALESCE({_day('sent_at')}, ''), {_day('created_at')}, COUNT(*), "
        "COALESCE(SUM(cost), 0) FROM outbox WHERE journey_id IS NOT NULL "
        "GROUP BY 1, 2, 3, 4, 5, 6"
    )
    with op.batch_alter_table("members") as batch_op:
        for channel in ("email", "sms", "push"):
            batch_op.create_index(
                f"ix_members_unsubscribed_{channel}_at", [f"unsubscribed_{channel}_at"]
            )


def _day(column: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"to_char(timezone('UTC', {column}), 'YYYY-MM-DD')"
    return f"substr({column}, 1, 10)"


def _backfill_coupon_days():
    """Each journey's coupons (its coupon touches) by the holder's purchases before the grant
    and the days of grant and redemption."""
    kind = (
        "CASE WHEN m.first_order_at IS NULL OR m.first_order_at >= c.granted_at "
        "THEN 'no_first_order' WHEN m.second_order_at IS NULL OR m.second_order_at >= "
        "c.granted_at THEN 'first_order' ELSE 'repurchase' END"
    )
    used_day = f"COALESCE({_day('c.redeemed_at')}, '')"
    op.execute(
        "INSERT INTO journey_coupon_days (journey_id, member_type, day, used_day, issued, "
        f"claimed, used) SELECT t.journey_id, {kind}, {_day('c.granted_at')}, {used_day}, "
        "COUNT(*), SUM(CASE WHEN c.claimed_at IS NOT NULL OR c.status IN ('claimed', "
        "'redeemed') THEN 1 ELSE 0 END), SUM(CASE WHEN c.status = 'redeemed' THEN 1 ELSE 0 END) "
        "FROM coupons c JOIN journey_touches t ON t.ref = c.code AND t.kind = 'coupon' "
        "JOIN members m ON m.id = c.member_id "
        f"GROUP BY t.journey_id, {kind}, {_day('c.granted_at')}, {used_day}"
    )


def _backfill_split_members():
    """Every real member who passed a split node by a branch, from the step log."""
    conn = op.get_bind()
    splits: dict[int, set[str]] = {}
    for journey_id, document in conn.execute(
        sa.text("SELECT journey_id, document FROM journey_versions")
    ):
        document = json.loads(document) if isinstance(document, str) else document or {}
        for node in document.get("nodes") or []:
            if node.get("type") in SPLIT_TYPES:
                splits.setdefault(journey_id, set()).add(node["id"])
    for journey_id, nodes in splits.items():
        conn.execute(
            sa.text(
                "INSERT INTO journey_split_members (journey_id, node_id, branch, member_id, at) "
                "SELECT s.journey_id, s.node_id, s.branch, s.member_id, MIN(s.at) "
                "FROM journey_steps s JOIN journey_members jm ON jm.id = s.journey_member_id "
                "WHERE s.journey_id = :journey AND s.node_id IN :nodes "
                "AND s.outcome = 'passed' AND s.branch IS NOT NULL AND jm.is_test = FALSE "
                "GROUP BY s.journey_id, s.node_id, s.branch, s.member_id"
            ).bindparams(sa.bindparam("nodes", expanding=True)),
            {"journey": journey_id, "nodes": sorted(nodes)},
        )


def downgrade():
    with op.batch_alter_table("members") as batch_op:
        for channel in ("email", "sms", "push"):
            batch_op.drop_index(f"ix_members_unsubscribed_{channel}_at")
    op.drop_table("journey_message_days")
    op.drop_table("journey_entry_days")
    op.drop_table("journey_coupon_days")
    op.drop_table("journey_split_members")
    with op.batch_alter_table("members") as batch_op:
        batch_op.drop_column("second_order_at")
        batch_op.drop_column("second_order_id")
        batch_op.drop_column("first_order_id")
