"""member search by any part of name, email, phone or external id: pg_trgm / FTS5 trigram

Revision ID: 0020
Revises: 0012
Create Date: 2026-12-06

"""

from alembic import op

SEARCH_TEXT = (
    "lower(coalesce(name, '') || chr(1) || coalesce(email, '') || chr(1) || "
    "coalesce(phone, '') || chr(1) || external_id)"
)

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0021"
branch_labels = None
depends_on = None

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE member_search USING fts5(name, email, phone, external_id, "
    "content='members', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER member_search_ai AFTER INSERT ON members BEGIN "
    "INSERT INTO member_search(rowid, name, email, phone, external_id) "
    "VALUES (new.id, new.name, new.email, new.phone, new.external_id); END",
    "CREATE TRIGGER member_search_ad AFTER DELETE ON members BEGIN "
    "INSERT INTO member_search(member_search, rowid, name, email, phone, external_id) "
    "VALUES ('delete', old.id, old.name, old.email, old.phone, old.external_id); END",
    "CREATE TRIGGER member_search_au AFTER UPDATE OF name, email, phone, external_id ON members "
    "BEGIN INSERT INTO member_search(member_search, rowid, name, email, phone, external_id) "
    "VALUES ('delete', old.id, old.name, old.email, old.phone, old.external_id); "
    "INSERT INTO member_search(rowid, name, email, phone, external_id) "
    "VALUES (new.id, new.name, new.email, new.phone, new.external_id); END",
    "INSERT INTO member_search(member_search) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS member_search_ai",
    "DROP TRIGGER IF EXISTS member_search_ad",
    "DROP TRIGGER IF EXISTS member_search_au",
    "DROP TABLE IF EXISTS member_search",
]
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_members_search_trgm ON members USING gin (("
    + SEARCH_TEXT
    + ") gin_trgm_ops)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS ix_members_search_trgm"]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        _run(POSTGRES_CREATE)
    else:
        _run(SQLITE_CREATE)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        _run(POSTGRES_DROP)
    else:
        _run(SQLITE_DROP)
