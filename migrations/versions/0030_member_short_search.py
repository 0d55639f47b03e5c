"""member search by one or two characters: an index of every member's 1- and 2-grams

Revision ID: 0030
Revises: 0022
Create Date: 2026-12-06

SQLite: a contentless FTS5 table (``detail=none``: a compressed list of member ids per token)
whose one column holds, for each member, every pair of adjacent characters of its lower-cased
name, email, phone and external id, each field followed by a separator (chr(1)), so that
every character of a field starts at least one pair. Each pair is written as the hex of its
UTF-8, one token whatever punctuation it holds. Two characters are looked up as a token; one
character as a token prefix, which the prefix indexes of 2, 4 and 6 hex digits (characters
of 1, 2 and 3 bytes) serve. Triggers keep the table in step with every insert, update and
delete of members, whichever code path writes them.

PostgreSQL: a GIN index on the array of the same grams of the trigram index's search text
(an expression index, kept by PostgreSQL itself).
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0030"
down_revision = "0022"
branch_labels = None
depends_on = None

SEARCH_TEXT = (
    "lower(coalesce(name, '') || chr(1) || coalesce(email, '') || chr(1) || "
    "coalesce(phone, '') || chr(1) || external_id)"
)


def _grams(row: str) -> str:
    """SQLite: the pairs text of ``row`` (``new``, ``old`` or ``members``), as a subquery.

    ``json_each`` over a list of ``length(f) - 1`` zeros numbers the pairs' positions, since
    a trigger may not hold a recursive common table expression.
    """
    fields = " || char(1) || ".join(
        f"coalesce({row}.{column}, '')" for column in ("name", "email", "phone", "external_id")
    )
    return (
        "(SELECT group_concat(hex(substr(f, key + 1, 2)), ' ') "
        f"FROM (SELECT lower({fields} || char(1)) AS f), "
        "json_each('[' || substr(replace(hex(zeroblob(length(f) - 1)), '00', ',0'), 2) || ']'))"
    )


SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE member_search_grams USING fts5(grams, content='', detail=none, "
    "prefix='2 4 6', tokenize='unicode61')",
    "CREATE TRIGGER member_search_grams_ai AFTER INSERT ON members BEGIN "
    f"INSERT INTO member_search_grams(rowid, grams) VALUES (new.id, {_grams('new')}); END",
    "CREATE TRIGGER member_search_grams_ad AFTER DELETE ON members BEGIN "
    "INSERT INTO member_search_grams(member_search_grams, rowid, grams) "
    f"VALUES ('delete', old.id, {_grams('old')}); END",
    "CREATE TRIGGER member_search_grams_au "
    "AFTER UPDATE OF id, name, email, phone, external_id ON members BEGIN "
    "INSERT INTO member_search_grams(member_search_grams, rowid, grams) "
    f"VALUES ('delete', old.id, {_grams('old')}); "
    f"INSERT INTO member_search_grams(rowid, grams) VALUES (new.id, {_grams('new')}); END",
    f"INSERT INTO member_search_grams(rowid, grams) SELECT id, {_grams('members')} FROM members",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS member_search_grams_ai",
    "DROP TRIGGER IF EXISTS member_search_grams_ad",
    "DROP TRIGGER IF EXISTS member_search_grams_au",
    "DROP TABLE IF EXISTS member_search_grams",
]
POSTGRES_CREATE = [
    # Every character and every pair of adjacent characters, without the field separator.
    "CREATE OR REPLACE FUNCTION member_search_grams(t text) RETURNS text[] "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    "SELECT coalesce(array_agg(DISTINCT g), '{}') FROM ("
    "SELECT substr(t, i, 1) AS g FROM generate_series(1, length(t)) AS i "
    "UNION ALL SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i"
    ") AS grams WHERE strpos(g, chr(1)) = 0 $$",
    "CREATE INDEX IF NOT EXISTS ix_members_search_grams ON members USING gin ("
    f"member_search_grams({SEARCH_TEXT}))",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS ix_members_search_grams",
    "DROP FUNCTION IF EXISTS member_search_grams(text)",
]


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
