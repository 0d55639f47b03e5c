"""coupon code pools, referrals and lottery draws, members' registration source

Revision ID: 0018
Revises: 0012
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0019"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JsonDoc = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
At = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "code_pools",
        sa.Column("id", BigId, nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("low_stock_level", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("low_stock_since", At),
        sa.Column("created_at", At, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_code_pools"),
        sa.UniqueConstraint("key", name="uq_code_pools_key"),
    )
    op.create_table(
        "pool_codes",
        sa.Column("id", BigId, nullable=False),
        sa.Column("pool_id", BigId, nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("uploaded_at", At, nullable=False),
        sa.Column("claimed_at", At),
        sa.PrimaryKeyConstraint("id", name="pk_pool_codes"),
        sa.ForeignKeyConstraint(
            ["pool_id"], ["code_pools.id"], name="fk_pool_codes_pool_id_code_pools",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("code", name="uq_pool_codes_code"),
    )  # fmt: skip
    op.create_index("ix_pool_codes_pool_claimed", "pool_codes", ["pool_id", "claimed_at", "id"])
    op.create_table(
        "code_pool_alerts",
        sa.Column("id", BigId, nullable=False),
        sa.Column("pool_id", BigId, nullable=False),
        sa.Column("remaining", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("at", At, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_code_pool_alerts"),
        sa.ForeignKeyConstraint(
            ["pool_id"], ["code_pools.id"], name="fk_code_pool_alerts_pool_id_code_pools",
            ondelete="CASCADE",
        ),
    )  # fmt: skip
    op.create_table(
        "referrals",
        sa.Column("id", BigId, nullable=False),
        sa.Column("inviter_id", BigId, nullable=False),
        sa.Column("invitee_id", BigId, nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("linked_at", At, nullable=False),
        sa.Column("first_order_at", At),
        sa.PrimaryKeyConstraint("id", name="pk_referrals"),
        sa.ForeignKeyConstraint(
            ["inviter_id"], ["members.id"], name="fk_referrals_inviter_id_members",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invitee_id"], ["members.id"], name="fk_referrals_invitee_id_members",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("invitee_id", name="uq_referrals_invitee_id"),
    )  # fmt: skip
    op.create_index("ix_referrals_inviter", "referrals", ["inviter_id"])
    op.create_table(
        "referral_refusals",
        sa.Column("id", BigId, nullable=False),
        sa.Column("invitee_id", BigId, nullable=False),
        sa.Column("inviter_id", BigId),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("at", At, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_referral_refusals"),
        sa.ForeignKeyConstraint(
            ["invitee_id"], ["members.id"], name="fk_referral_refusals_invitee_id_members",
            ondelete="CASCADE",
        ),
    )  # fmt: skip
    op.create_index("ix_referral_refusals_at", "referral_refusals", ["at"])
    op.create_table(
        "lottery_draws",
        sa.Column("id", BigId, nullable=False),
        sa.Column("template_key", sa.String(100), nullable=False),
        sa.Column("entrants_until", At, nullable=False),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("entrants_count", sa.Integer(), nullable=False),
        sa.Column("entrants_hash", sa.String(64), nullable=False),
        sa.Column("winners", JsonDoc, nullable=False),
        sa.Column("drawn_at", At, nullable=False),
        sa.Column("drawn_by", sa.String(254), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lottery_draws"),
    )
    with op.batch_alter_table("members") as batch_op:
        batch_op.add_column(sa.Column("registration_channel", sa.String(32)))
        batch_op.add_column(sa.Column("registration_campaign", sa.String(100)))
    with op.batch_alter_table("coupon_templates") as batch_op:
        batch_op.add_column(sa.Column("code_pool", sa.String(100)))


def downgrade():
    with op.batch_alter_table("coupon_templates") as batch_op:
        batch_op.drop_column("code_pool")
    with op.batch_alter_table("members") as batch_op:
        batch_op.drop_column("registration_campaign")
        batch_op.drop_column("registration_channel")
    op.drop_table("lottery_draws")
    op.drop_index("ix_referral_refusals_at", table_name="referral_refusals")
    op.drop_table("referral_refusals")
    op.drop_index("ix_referrals_inviter", table_name="referrals")
    op.drop_table("referrals")
    op.drop_table("code_pool_alerts")
    op.drop_index("ix_pool_codes_pool_claimed", table_name="pool_codes")
    op.drop_table("pool_codes")
    op.drop_table("code_pools")
