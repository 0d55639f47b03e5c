"""a log of RFM refreshes

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rfm_refreshes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_days", sa.Integer(), nullable=False),
        sa.Column("scored", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfm_refreshes")),
    )
    with op.batch_alter_table("rfm_refreshes") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rfm_refreshes_refreshed_at"), ["refreshed_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("rfm_refreshes") as batch_op:
        batch_op.drop_index(batch_op.f("ix_rfm_refreshes_refreshed_at"))
    op.drop_table("rfm_refreshes")
