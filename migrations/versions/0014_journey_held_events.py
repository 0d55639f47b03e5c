"""events held for paused journeys, entered on resume

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0015"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    op.create_table(
        "journey_held_events",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("journey_id", BIG_ID, nullable=False),
        sa.Column("node_id", sa.String(length=64), nullable=False),
        sa.Column("event_id", BIG_ID, nullable=False),
        sa.Column("member_id", BIG_ID, nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journeys.id"],
            name=op.f("fk_journey_held_events_journey_id_journeys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_held_events")),
        sa.UniqueConstraint("journey_id", "node_id", "event_id", name="uq_journey_held_events"),
    )


def downgrade():
    op.drop_table("journey_held_events")
