"""the step log without foreign keys

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_FOREIGN_KEYS = (
    ("fk_journey_steps_journey_member_id_journey_members", "journey_members", "journey_member_id"),
    ("fk_journey_steps_journey_id_journeys", "journeys", "journey_id"),
    ("fk_journey_steps_version_id_journey_versions", "journey_versions", "version_id"),
)


def upgrade():
    with op.batch_alter_table("journey_steps") as batch_op:
        for name, _, _ in _FOREIGN_KEYS:
            batch_op.drop_constraint(name, type_="foreignkey")


def downgrade():
    with op.batch_alter_table("journey_steps") as batch_op:
        for name, table, column in _FOREIGN_KEYS:
            batch_op.create_foreign_key(
                name,
                table,
                [column],
                ["id"],
                ondelete=None if table == "journey_versions" else "CASCADE",
            )
