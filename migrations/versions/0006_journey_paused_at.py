"""when a running journey was paused

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("journeys") as batch_op:
        batch_op.add_column(sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("journeys") as batch_op:
        batch_op.drop_column("paused_at")
