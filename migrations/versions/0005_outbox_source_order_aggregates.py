"""outbox source journey and node; covering index for per-member order aggregates

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.add_column(
            sa.Column(
                "journey_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("node_id", sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(
            "fk_outbox_journey_id_journeys", "journeys", ["journey_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index("ix_outbox_journey_node", ["journey_id", "node_id"], unique=False)
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_index("ix_orders_member_paid_at")
        batch_op.create_index(
            "ix_orders_member_paid_at_amount", ["member_id", "paid_at", "amount"], unique=False
        )


def downgrade():
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_index("ix_orders_member_paid_at_amount")
        batch_op.create_index("ix_orders_member_paid_at", ["member_id", "paid_at"], unique=False)
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.drop_index("ix_outbox_journey_node")
        batch_op.drop_constraint("fk_outbox_journey_id_journeys", type_="foreignkey")
        batch_op.drop_column("node_id")
        batch_op.drop_column("journey_id")
