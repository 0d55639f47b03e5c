"""per-node step counts of real runs, instead of the step log's index by journey and node

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "journey_step_counts",
        sa.Column(
            "journey_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("node_id", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("branch", sa.String(length=64), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journeys.id"],
            name=op.f("fk_journey_step_counts_journey_id_journeys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "journey_id", "node_id", "outcome", "branch", name=op.f("pk_journey_step_counts")
        ),
    )
    op.execute(
        "INSERT INTO journey_step_counts (journey_id, node_id, outcome, branch, count) "
        "SELECT s.journey_id, s.node_id, s.outcome, COALESCE(s.branch, ''), COUNT(*) "
        "FROM journey_steps s JOIN journey_members jm ON jm.id = s.journey_member_id "
        "WHERE jm.is_test = FALSE "
        "GROUP BY s.journey_id, s.node_id, s.outcome, COALESCE(s.branch, '')"
    )
    with op.batch_alter_table("journey_steps") as batch_op:
        batch_op.drop_index("ix_journey_steps_journey_node")


def downgrade():
    with op.batch_alter_table("journey_steps") as batch_op:
        batch_op.create_index("ix_journey_steps_journey_node", ["journey_id", "node_id"])
    op.drop_table("journey_step_counts")
