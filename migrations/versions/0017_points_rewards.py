"""the points rewards catalogue (rewards and their redemptions) and members' best send times

Revision ID: 0017
Revises: 0012
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade():
    op.create_table(
        "rewards",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("points_price", sa.Integer(), nullable=False),
        sa.Column("coupon_template_id", BIG_ID, nullable=True),
        sa.Column("product_id", BIG_ID, nullable=True),
        sa.Column("stock_total", sa.Integer(), nullable=True),
        sa.Column("redeemed_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("per_member_limit", sa.Integer(), nullable=True),
        sa.Column("tiers", JSON_DOC, nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["coupon_template_id"],
            ["coupon_templates.id"],
            name=op.f("fk_rewards_coupon_template_id_coupon_templates"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_rewards_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rewards")),
        sa.UniqueConstraint("key", name=op.f("uq_rewards_key")),
    )
    op.create_table(
        "reward_redemptions",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("reward_id", BIG_ID, nullable=False),
        sa.Column("member_id", BIG_ID, nullable=False),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("ledger_entry_id", BIG_ID, nullable=True),
        sa.Column("coupon_code", sa.String(length=32), nullable=True),
        sa.Column("lottery_code", sa.String(length=32), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ledger_entry_id"],
            ["points_ledger.id"],
            name=op.f("fk_reward_redemptions_ledger_entry_id_points_ledger"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_reward_redemptions_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reward_id"], ["rewards.id"], name=op.f("fk_reward_redemptions_reward_id_rewards")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reward_redemptions")),
        sa.UniqueConstraint(
            "member_id", "idempotency_key", name="uq_reward_redemptions_member_key"
        ),
    )
    op.create_index(
        "ix_reward_redemptions_reward_member",
        "reward_redemptions",
        ["reward_id", "member_id"],
        unique=False,
    )
    op.create_index(
        "ix_reward_redemptions_created_at", "reward_redemptions", ["created_at"], unique=False
    )
    op.create_table(
        "member_send_times",
        sa.Column("member_id", BIG_ID, nullable=False),
        sa.Column("hour_of_week", sa.SmallInteger(), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("responses", sa.Float(), nullable=False),
        sa.Column("segment", sa.String(length=32), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_send_times_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_member_send_times")),
    )


def downgrade():
    op.drop_table("member_send_times")
    op.drop_index("ix_reward_redemptions_created_at", table_name="reward_redemptions")
    op.drop_index("ix_reward_redemptions_reward_member", table_name="reward_redemptions")
    op.drop_table("reward_redemptions")
    op.drop_table("rewards")
