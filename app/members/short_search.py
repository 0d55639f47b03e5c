"""The index behind member searches of one or two characters: every member's 1- and 2-grams.

A search of one or two characters (a Chinese given name such as 王芳, a digit, a letter) is too
short for the trigram index of :mod:`app.members.search_index`, so migration 0030 keeps a
second index of the pairs of adjacent characters (and, on PostgreSQL, the single characters)
of each field (name, email, phone, external id; lower-cased). A member contains ``q`` exactly
when the index holds ``q`` for it, so the index answers without a check on the member rows,
also when nobody matches.

- SQLite: a contentless FTS5 table, ``detail=none`` (per token, the compressed ids of its
  members), kept by triggers, of each member's pairs of adjacent characters, every field
  followed by a separator so each of its characters starts a pair. Each pair is stored as the
  hex of its UTF-8, one token whatever it holds; one character is looked up as a token prefix
  (served by FTS5 prefix indexes). FTS5 reads a token's ids in id order from any id on, in
  either direction, so a page is read from the index directly however many members match.
- PostgreSQL: a GIN index on ``member_search_grams(SEARCH_TEXT)``, the array of the text's
  single characters and pairs.

SQLite's ``lower()`` folds only ASCII letters, so the SQLite index holds other letters as they
were written; a search for ``é`` looks for ``é`` and ``É`` both.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, column, func, select, table, text

from app.members.search_index import SEARCH_TEXT, like_pattern, normalise
from app.models import Member

FTS_TABLE = "member_search_grams"
GRAMS_INDEX = "ix_members_search_grams"
MAX_LENGTH = 2

#: The FTS5 table, whose ``rowid`` is the member's id.
grams_table = table(FTS_TABLE, column("rowid"))


def usable(q: str) -> bool:
    """Whether ``q`` is short enough for this index (one or two characters)."""
    return 0 < len(normalise(q)) <= MAX_LENGTH


def _case_variants(ch: str) -> list[str]:
    """Every way ``ch`` (lower case) may be stored in the SQLite index: as itself, and, when it
    is not ASCII, in upper or title case too (SQLite lower-cases only ASCII)."""
    if ch.isascii():
        return [ch]
    forms = [ch, ch.upper(), ch.title()]
    return [f for f in dict.fromkeys(forms) if len(f) == 1 and f.lower() == ch]


def fts_query(q: str) -> str:
    """The FTS5 query for ``q`` in each stored case, joined by OR: two characters are a pair's
    hex token, one character the prefix of every pair it starts."""
    needle = normalise(q)
    variants = [""]
    for ch in needle:
        variants = [v + f for v in variants for f in _case_variants(ch)]
    star = "*" if len(needle) == 1 else ""
    return " OR ".join(f'"{v.encode().hex()}"{star}' for v in variants)


def fts_match(q: str) -> ColumnElement[bool]:
    """SQLite: the FTS5 condition, for a statement that reads ``grams_table``."""
    return text(f"{FTS_TABLE} MATCH :grams_query").bindparams(grams_query=fts_query(q))


def postgres_index_condition(q: str) -> ColumnElement[bool]:
    """PostgreSQL: the members containing ``q``, as the GIN index of grams answers it."""
    return text(f"member_search_grams({SEARCH_TEXT}) @> ARRAY[CAST(:gram AS text)]").bindparams(
        gram=normalise(q)
    )


def postgres_condition(q: str) -> ColumnElement[bool]:
    """PostgreSQL: the same, with a ``LIKE`` that says the same thing, so that a walk in id
    order (which the planner takes for a gram most members have) checks each member cheaply
    before it computes the member's grams."""
    needle = normalise(q)
    like = text(f"{SEARCH_TEXT} LIKE :gram_pattern ESCAPE '\\'").bindparams(
        gram_pattern=like_pattern(needle)
    )
    return and_(like, postgres_index_condition(q))


def postgres_count(session, q: str, conditions: list, cap: int) -> int:
    """PostgreSQL: how many members contain ``q`` (and meet ``conditions``), up to ``cap + 1``,
    read from the GIN index (a bitmap scan, told so for this one query): a walk over the
    members, which the planner would take for a common gram, computes each member's grams."""
    capped = (
        select(Member.id).where(postgres_index_condition(q), *conditions).limit(cap + 1).subquery()
    )
    session.execute(text("SET LOCAL enable_seqscan = off"))
    session.execute(text("SET LOCAL enable_indexscan = off"))
    try:
        return session.scalar(select(func.count()).select_from(capped))
    finally:
        session.execute(text("SET LOCAL enable_seqscan = on"))
        session.execute(text("SET LOCAL enable_indexscan = on"))


def sqlite_page_source(q: str) -> Select:
    """SQLite: members joined to their FTS5 rows for ``q``; page on ``grams_table.c.rowid``."""
    return (
        select()
        .select_from(grams_table.join(Member.__table__, Member.id == grams_table.c.rowid))
        .where(fts_match(q))
    )


def count_statement(q: str, conditions: list, cap: int) -> Select:
    """SQLite: how many members contain ``q`` (and meet ``conditions``), up to ``cap + 1``."""
    source = grams_table
    if conditions:
        source = grams_table.join(Member.__table__, Member.id == grams_table.c.rowid)
    capped = select(grams_table.c.rowid).select_from(source).where(fts_match(q), *conditions)
    return select(func.count()).select_from(capped.limit(cap + 1).subquery())
