"""RFM: "No orders" split into "Lost" and "Never bought"; refreshes record their as-of time

Revision ID: 0015
Revises: 0011
Create Date: 2026-12-06

The score table's old "Lost" cell (R 1, FM 1-2) is now part of "Hibernating", and "Lost"
names members who bought before the window but not in it. Stored segments are renamed so
they mean the same until the next refresh recomputes them: a member in "No orders" who had
bought before that refresh is "Lost", the others "Never bought".
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("rfm_refreshes") as batch_op:
        batch_op.add_column(sa.Column("as_of", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE members SET rfm_segment = 'Hibernating' WHERE rfm_segment = 'Lost'")
    op.execute(
        "UPDATE members SET rfm_segment = CASE"
        " WHEN first_order_at IS NULL OR first_order_at > rfm_updated_at THEN 'Never bought'"
        " ELSE 'Lost' END"
        " WHERE rfm_segment = 'No orders'"
    )


def downgrade():
    op.execute(
        "UPDATE members SET rfm_segment = 'No orders' WHERE rfm_segment IN ('Lost', 'Never bought')"
    )
    op.execute(
        "UPDATE members SET rfm_segment = 'Lost' WHERE rfm_segment = 'Hibernating' AND rfm_r = 1"
    )
    with op.batch_alter_table("rfm_refreshes") as batch_op:
        batch_op.drop_column("as_of")
