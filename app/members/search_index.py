"""The substring index behind member search: any part of name, email, phone or external id.

PostgreSQL keeps a ``pg_trgm`` GIN index on one lower-cased text made of the four fields
(``SEARCH_TEXT``, separated by a control character nobody types, so no match spans two
fields). SQLite keeps an FTS5 table with the trigram tokenizer (``member_search``), an
external-content index over ``members`` that triggers keep in step with every insert, update
and delete. Both answer searches of three characters or more (a trigram); one or two
characters (a Chinese given name) are answered by the index of :mod:`app.members.short_search`.
"""

from __future__ import annotations

import re

from sqlalchemy import Select, literal_column, select, text

from app.models import Member

#: The FTS5 table on SQLite, and the tables FTS5 creates for it.
FTS_TABLE = "member_search"
FTS_TABLES = {FTS_TABLE} | {f"{FTS_TABLE}_{part}" for part in ("data", "idx", "docsize", "config")}
TRGM_INDEX = "ix_members_search_trgm"
MIN_LENGTH = 3
#: Must stay the expression of the index migration 0020 creates, or PostgreSQL will not use it.
SEARCH_TEXT = (
    "lower(coalesce(name, '') || chr(1) || coalesce(email, '') || chr(1) || "
    "coalesce(phone, '') || chr(1) || external_id)"
)
_PHONE_LIKE = re.compile(r"^\+?[0-9][0-9 \-]*$")


def normalise(q: str) -> str:
    """What is looked for: phone numbers without spaces or dashes, everything lower-cased."""
    q = q.strip()
    if _PHONE_LIKE.match(q):
        q = re.sub(r"[ \-]", "", q)
    return q.lower()


def usable(q: str) -> bool:
    """Whether the trigram index can answer ``q``."""
    return len(normalise(q)) >= MIN_LENGTH


def like_pattern(q: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", q) + "%"


def substring_ids(dialect: str, q: str) -> Select:
    """``SELECT id`` of every member whose name, email, phone or external id contains ``q``."""
    needle = normalise(q)
    if dialect == "postgresql":
        return select(Member.id).where(
            literal_column(SEARCH_TEXT).like(like_pattern(needle), escape="\\")
        )
    phrase = '"' + needle.replace('"', '""') + '"'
    return (
        select(literal_column("rowid").label("id"))
        .select_from(text(FTS_TABLE))
        .where(text(f"{FTS_TABLE} MATCH :phrase").bindparams(phrase=phrase))
    )
