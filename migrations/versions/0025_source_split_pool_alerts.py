"""the dashboard's daily aggregates per registration channel; code pool low-stock alerts in
the alerts list (an alert without a monitor, pointing at its code pool alert)

Revision ID: 0025
Revises: 0028
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0028"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    op.create_table(
        "dashboard_source_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("new_members", sa.Integer(), nullable=False),
        sa.Column("paid_orders", sa.Integer(), nullable=False),
        sa.Column("paid_amount", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.PrimaryKeyConstraint("day", "channel", name=op.f("pk_dashboard_source_days")),
    )
    op.create_table(
        "dashboard_source_gap_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("gap", sa.Integer(), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "channel", "kind", "gap", name=op.f("pk_dashboard_source_gap_days")
        ),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.alter_column("monitor_id", existing_type=BigId, nullable=True)
        batch_op.add_column(sa.Column("code_pool_alert_id", BigId, nullable=True))
        batch_op.create_unique_constraint("uq_alerts_code_pool_alert_id", ["code_pool_alert_id"])
        batch_op.create_foreign_key(
            "fk_alerts_code_pool_alert_id_code_pool_alerts",
            "code_pool_alerts",
            ["code_pool_alert_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade():
    op.execute("DELETE FROM alerts WHERE monitor_id IS NULL")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_alerts_code_pool_alert_id_code_pool_alerts", type_="foreignkey"
        )
        batch_op.drop_constraint("uq_alerts_code_pool_alert_id", type_="unique")
        batch_op.drop_column("code_pool_alert_id")
        batch_op.alter_column("monitor_id", existing_type=BigId, nullable=False)
    op.drop_table("dashboard_source_gap_days")
    op.drop_table("dashboard_source_days")
