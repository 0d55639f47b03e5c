"""product recommendations: members' top products, products bought together, and the
offline evaluation of the models

Revision ID: 0023
Revises: 0025
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0025"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    op.create_table(
        "member_recommendations",
        sa.Column("member_id", BIG_ID, nullable=False),
        sa.Column("rank", sa.SmallInteger(), nullable=False),
        sa.Column("product_id", BIG_ID, nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_recommendations_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_member_recommendations_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "rank", name=op.f("pk_member_recommendations")),
    )
    op.create_table(
        "product_pairs",
        sa.Column("product_id", BIG_ID, nullable=False),
        sa.Column("rank", sa.SmallInteger(), nullable=False),
        sa.Column("other_product_id", BIG_ID, nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_product_pairs_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_product_id"],
            ["products.id"],
            name=op.f("fk_product_pairs_other_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("product_id", "rank", name=op.f("pk_product_pairs")),
    )
    op.create_table(
        "recommendation_evaluations",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cutoff", sa.DateTime(timezone=True), nullable=False),
        sa.Column("model", sa.String(length=32), nullable=False),
        sa.Column("k", sa.SmallInteger(), nullable=False),
        sa.Column("precision", sa.Float(), nullable=False),
        sa.Column("recall", sa.Float(), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_evaluations")),
    )
    op.create_index(
        op.f("ix_recommendation_evaluations_computed_at"),
        "recommendation_evaluations",
        ["computed_at"],
        unique=False,
    )


def downgrade():
    op.drop_index(
        op.f("ix_recommendation_evaluations_computed_at"), table_name="recommendation_evaluations"
    )
    op.drop_table("recommendation_evaluations")
    op.drop_table("product_pairs")
    op.drop_table("member_recommendations")
