"""outbox index by journey and send time, for per-journey send rates

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-06

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_outbox_journey_sent", "outbox", ["journey_id", "sent_at"])


def downgrade():
    op.drop_index("ix_outbox_journey_sent", table_name="outbox")
