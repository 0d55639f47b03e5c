"""The schema comes only from the migrations, and they agree with the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.extensions import db
from app.members import short_search
from app.members.search_index import FTS_TABLES, TRGM_INDEX


def _not_the_search_index(name, type_, parent_names) -> bool:
    """The member search indexes are not a model's: FTS5 tables on SQLite, expression indexes
    (pg_trgm, an array of grams) on PostgreSQL."""
    search_table = name is not None and (
        name in FTS_TABLES or name.startswith(short_search.FTS_TABLE)
    )
    return not (
        (type_ == "table" and search_table) or name in (TRGM_INDEX, short_search.GRAMS_INDEX)
    )


def test_migrations_and_models_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": _not_the_search_index}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_0015_splits_no_orders_and_renames_the_old_lost_cell(tmp_path):
    """Stored segments mean the same after the upgrade as before, until the next refresh."""
    from datetime import UTC, datetime

    from flask_migrate import downgrade, upgrade
    from sqlalchemy import insert, text

    from app import create_app
    from app.models import Member

    url = f"sqlite:///{tmp_path / 'old.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "SCHEDULER_ENABLED": False})
    with app.app_context():
        upgrade(revision="0011")
        refreshed = datetime(2025, 6, 1, 2, 30, tzinfo=UTC)
        rows = [
            # id, segment, r, first purchase, last refresh
            (1, "Lost", 1, datetime(2024, 1, 5, tzinfo=UTC), refreshed),
            (2, "No orders", None, datetime(2023, 3, 1, tzinfo=UTC), refreshed),
            (3, "No orders", None, None, refreshed),
            (4, "No orders", None, datetime(2025, 6, 10, tzinfo=UTC), refreshed),
            (5, "Champions", 5, datetime(2024, 1, 5, tzinfo=UTC), refreshed),
        ]
        with db.engine.begin() as conn:
            conn.execute(
                insert(Member.__table__),
                [
                    {
                        "id": mid,
                        "external_id": f"m{mid}",
                        "registered_at": datetime(2023, 1, 1, tzinfo=UTC),
                        "attributes": {},
                        "rfm_segment": segment,
                        "rfm_r": r,
                        "first_order_at": first,
                        "rfm_updated_at": refreshed,
                    }
                    for mid, segment, r, first, refreshed in rows
                ],
            )
        upgrade(revision="0015")
        with db.engine.connect() as conn:
            after = dict(conn.execute(text("SELECT id, rfm_segment FROM members")).all())
        assert after == {
            1: "Hibernating",
            2: "Lost",
            3: "Never bought",
            4: "Never bought",
            5: "Champions",
        }
        downgrade(revision="0011")
        with db.engine.connect() as conn:
            before = dict(conn.execute(text("SELECT id, rfm_segment FROM members")).all())
        assert before == {1: "Lost", 2: "No orders", 3: "No orders", 4: "No orders", 5: "Champions"}
        db.engine.dispose()
