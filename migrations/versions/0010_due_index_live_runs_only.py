"""the due-time index holds live runs only

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("journey_members") as batch_op:
        batch_op.drop_index("ix_journey_members_due_at")
        batch_op.create_index(
            "ix_journey_members_due_at",
            ["due_at"],
            sqlite_where=sa.text("due_at IS NOT NULL"),
            postgresql_where=sa.text("due_at IS NOT NULL"),
        )


def downgrade():
    with op.batch_alter_table("journey_members") as batch_op:
        batch_op.drop_index("ix_journey_members_due_at")
        batch_op.create_index("ix_journey_members_due_at", ["due_at"])
