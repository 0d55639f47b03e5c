"""a journey's coupon touch found by its code: ``ref`` joins the journey index

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-06

Whether an order's coupon was granted by a journey is asked once per credited order (the
journey report, its kept credit counts, every ingested order of a touched member). With the
index on ``(journey_id, kind)`` alone both databases answered it by walking every coupon
touch of the journey for each order: a journey that granted 800,000 coupons made counting
its 76,000 credited orders run for over ten minutes. With ``ref`` in the index the question
is one index lookup, whatever the planner's statistics say.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_journey_touches_journey", table_name="journey_touches")
    op.create_index("ix_journey_touches_journey", "journey_touches", ["journey_id", "kind", "ref"])


def downgrade():
    op.drop_index("ix_journey_touches_journey", table_name="journey_touches")
    op.create_index("ix_journey_touches_journey", "journey_touches", ["journey_id", "kind"])
