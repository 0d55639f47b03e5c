"""order status, refunds and net amount; journey touches and order attributions; program
settings (the global control group)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), server_default="paid", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "refunded", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False
            )
        )
        batch_op.add_column(sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("net_amount", sa.Numeric(precision=12, scale=2), nullable=True)
        )
        batch_op.drop_index("ix_orders_member_paid_at_amount")
    op.execute("UPDATE orders SET net_amount = amount - discount")
    with op.batch_alter_table("orders") as batch_op:
        batch_op.create_index(
            "ix_orders_member_paid_at_net", ["member_id", "paid_at", "net_amount"], unique=False
        )

    op.create_table(
        "journey_touches",
        sa.Column("id", BigId, nullable=False),
        sa.Column("journey_member_id", BigId, nullable=False),
        sa.Column("step_no", sa.Integer(), nullable=False),
        sa.Column("journey_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("node_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_touches")),
        sa.UniqueConstraint("journey_member_id", "step_no", name=op.f("uq_journey_touches_step")),
    )
    op.create_index("ix_journey_touches_member_at", "journey_touches", ["member_id", "at"])
    op.create_index("ix_journey_touches_journey", "journey_touches", ["journey_id", "kind"])
    op.create_index("ix_journey_touches_ref", "journey_touches", ["ref"])

    op.create_table(
        "order_attributions",
        sa.Column("order_id", sa.BigInteger(), nullable=False),
        sa.Column("journey_id", sa.BigInteger(), nullable=False),
        sa.Column("journey_member_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("node_id", sa.String(length=64), nullable=False),
        sa.Column("touch_id", sa.BigInteger(), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("order_id", "journey_id", name=op.f("pk_order_attributions")),
    )
    op.create_index(
        "ix_order_attributions_journey_paid", "order_attributions", ["journey_id", "paid_at"]
    )

    op.create_table(
        "program_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column(
            "value", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_program_settings")),
    )


def downgrade():
    op.drop_table("program_settings")
    op.drop_table("order_attributions")
    op.drop_table("journey_touches")
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_index("ix_orders_member_paid_at_net")
        batch_op.drop_column("net_amount")
        batch_op.drop_column("refunded_at")
        batch_op.drop_column("refunded")
        batch_op.drop_column("status")
        batch_op.create_index(
            "ix_orders_member_paid_at_amount", ["member_id", "paid_at", "amount"], unique=False
        )
