"""member predictions, replenishment run-out dates and prediction refreshes

Revision ID: 0016
Revises: 0012
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0012"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade():
    op.create_table(
        "member_predictions",
        sa.Column("member_id", BIG_ID, nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purchases", sa.Integer(), nullable=False),
        sa.Column("probability_alive", sa.Float(), nullable=False),
        sa.Column("expected_purchases_30", sa.Float(), nullable=False),
        sa.Column("expected_purchases_90", sa.Float(), nullable=False),
        sa.Column("expected_purchases_365", sa.Float(), nullable=False),
        sa.Column("expected_spend", sa.Float(), nullable=False),
        sa.Column("predicted_value", sa.Float(), nullable=False),
        sa.Column("next_purchase_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("churn_risk", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_predictions_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_member_predictions")),
    )
    with op.batch_alter_table("member_predictions") as batch_op:
        batch_op.create_index("ix_member_predictions_churn_risk", ["churn_risk"])
        batch_op.create_index("ix_member_predictions_predicted_value", ["predicted_value"])
        batch_op.create_index("ix_member_predictions_next_purchase_at", ["next_purchase_at"])
    op.create_table(
        "member_replenishments",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("member_id", BIG_ID, nullable=False),
        sa.Column("product_id", BIG_ID, nullable=True),
        sa.Column("category_id", BIG_ID, nullable=True),
        sa.Column("purchases", sa.Integer(), nullable=False),
        sa.Column("last_bought_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("interval_days", sa.Float(), nullable=False),
        sa.Column("runs_out_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_replenishments_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_member_replenishments_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_member_replenishments_category_id_categories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_replenishments")),
    )
    with op.batch_alter_table("member_replenishments") as batch_op:
        batch_op.create_index("ix_member_replenishments_member_id", ["member_id"])
        batch_op.create_index("ix_member_replenishments_runs_out_at", ["runs_out_at"])
    op.create_table(
        "prediction_refreshes",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("replenishments", sa.Integer(), nullable=False),
        sa.Column("parameters", JSON_DOC, nullable=False),
        sa.Column("holdout_days", sa.Integer(), nullable=False),
        sa.Column("calibration", JSON_DOC, nullable=True),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prediction_refreshes")),
    )
    with op.batch_alter_table("prediction_refreshes") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prediction_refreshes_refreshed_at"), ["refreshed_at"], unique=False
        )


def downgrade():
    op.drop_table("prediction_refreshes")
    op.drop_table("member_replenishments")
    op.drop_table("member_predictions")
