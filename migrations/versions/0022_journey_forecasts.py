"""forecasts kept when a version is published, to measure against what it did

Revision ID: 0022
Revises: 0023
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "journey_forecasts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "journey_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "version_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column(
            "figures", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journeys.id"],
            name=op.f("fk_journey_forecasts_journey_id_journeys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["journey_versions.id"],
            name=op.f("fk_journey_forecasts_version_id_journey_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_forecasts")),
    )
    op.create_index("ix_journey_forecasts_version", "journey_forecasts", ["version_id", "made_at"])


def downgrade():
    op.drop_index("ix_journey_forecasts_version", table_name="journey_forecasts")
    op.drop_table("journey_forecasts")
