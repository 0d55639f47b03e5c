"""SQL constructs that read the same on SQLite and PostgreSQL.

JSON documents are JSON text on SQLite and JSONB on PostgreSQL, and their functions differ;
these constructs hide that. Each JSON reader yields a value only when the stored JSON value
has the asked type (a string for :class:`JsonText`, a number for :class:`JsonNumber`, a
boolean for :class:`JsonBool`), and NULL otherwise, so ``"5"`` never equals ``5`` and a
text value never breaks a numeric cast. Keys and search strings are always bound parameters.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, String, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


class _JsonValue(FunctionElement):
    inherit_cache = False

    def __init__(self, document: ColumnElement, key: str):
        self.key = key
        super().__init__(document)


class JsonText(_JsonValue):
    """The string at ``document[key]``, or NULL."""

    type = String()
    name = "json_text"
    inherit_cache = False


class JsonNumber(_JsonValue):
    """The number at ``document[key]``, or NULL."""

    type = Float()
    name = "json_number"
    inherit_cache = False


class JsonBool(_JsonValue):
    """The boolean at ``document[key]``, or NULL."""

    type = Boolean()
    name = "json_bool"
    inherit_cache = False


class JsonPresent(_JsonValue):
    """True when ``document[key]`` holds any value other than null."""

    type = Boolean()
    name = "json_present"
    inherit_cache = False


class Contains(FunctionElement):
    """True when ``needle`` occurs in ``haystack``: a case-sensitive substring test.

    ``instr``/``strpos`` take the needle as data, so ``%`` and ``_`` need no escaping and
    both databases compare the same way (LIKE is case-insensitive on SQLite only).
    """

    type = Boolean()
    name = "contains"
    inherit_cache = True

    def __init__(self, haystack: ColumnElement, needle: str):
        super().__init__(haystack, bindparam(None, needle, type_=String()))


def _parts(element: _JsonValue, compiler, kw, dialect: str) -> tuple[str, str]:
    (document,) = element.clauses
    doc = compiler.process(document, **kw)
    if dialect == "sqlite":
        # A JSON path with the key quoted; keys are validated to [A-Za-z0-9_.-].
        arg = bindparam(None, f'$."{element.key}"', type_=String())
    else:
        arg = bindparam(None, element.key, type_=String())
    return doc, compiler.process(arg, **kw)


_SQLITE = {
    JsonText: "CASE WHEN json_type({d}, {k}) = 'text' THEN json_extract({d}, {k}) END",
    JsonNumber: "CASE WHEN json_type({d}, {k}) IN ('integer', 'real') THEN json_extract({d}, {k}) END",
    JsonBool: "CASE WHEN json_type({d}, {k}) IN ('true', 'false') THEN json_type({d}, {k}) = 'true' END",
    JsonPresent: "coalesce(json_type({d}, {k}) NOT IN ('null'), 0)",
}
_POSTGRES = {
    JsonText: "CASE WHEN jsonb_typeof({d} -> {k}) = 'string' THEN {d} ->> {k} END",
    JsonNumber: "CASE WHEN jsonb_typeof({d} -> {k}) = 'number' THEN CAST({d} ->> {k} AS DOUBLE PRECISION) END",
    JsonBool: "CASE WHEN jsonb_typeof({d} -> {k}) = 'boolean' THEN CAST({d} ->> {k} AS BOOLEAN) END",
    JsonPresent: "coalesce(jsonb_typeof({d} -> {k}) <> 'null', false)",
}


for _cls in (JsonText, JsonNumber, JsonBool, JsonPresent):

    @compiles(_cls, "sqlite")
    def _sqlite_json(element, compiler, **kw):
        doc, key = _parts(element, compiler, kw, "sqlite")
        return "(" + _SQLITE[type(element)].format(d=doc, k=key) + ")"

    @compiles(_cls, "postgresql")
    def _postgres_json(element, compiler, **kw):
        doc, key = _parts(element, compiler, kw, "postgresql")
        return "(" + _POSTGRES[type(element)].format(d=doc, k=key) + ")"


@compiles(Contains, "sqlite")
def _sqlite_contains(element, compiler, **kw):
    haystack, needle = (compiler.process(c, **kw) for c in element.clauses)
    return f"(instr({haystack}, {needle}) > 0)"


@compiles(Contains, "postgresql")
def _postgres_contains(element, compiler, **kw):
    haystack, needle = (compiler.process(c, **kw) for c in element.clauses)
    return f"(strpos({haystack}, {needle}) > 0)"


class Unindexed(FunctionElement):
    """``column`` itself, kept out of index selection on SQLite (``+column``).

    SQLite's planner has no histograms: it takes any range on an indexed column for a
    narrow one. Where a range covers much of a table (a year of orders) and another index
    covers the whole query, ``+column`` keeps the planner on that covering index.
    PostgreSQL plans from statistics and gets the column unchanged.
    """

    name = "unindexed"
    inherit_cache = True

    def __init__(self, column: ColumnElement):
        self.type = column.type
        super().__init__(column)


class EpochMicros(FunctionElement):
    """A UTC timestamp in a form cheap to read in bulk: microseconds since the epoch on
    PostgreSQL, the stored ISO text on SQLite (whose date functions stop at milliseconds).
    :func:`app.audiences.rfm.facts.parse_micros` turns either into int64 microseconds."""

    name = "epoch_micros"
    inherit_cache = True


@compiles(Unindexed, "sqlite")
def _sqlite_unindexed(element, compiler, **kw):
    (column,) = element.clauses
    return "+" + compiler.process(column, **kw)


@compiles(Unindexed)
def _default_unindexed(element, compiler, **kw):
    (column,) = element.clauses
    return compiler.process(column, **kw)


@compiles(EpochMicros, "sqlite")
def _sqlite_epoch_micros(element, compiler, **kw):
    (value,) = element.clauses
    return compiler.process(value, **kw)


@compiles(EpochMicros, "postgresql")
def _postgres_epoch_micros(element, compiler, **kw):
    (value,) = element.clauses
    return f"CAST(round(date_part('epoch', {compiler.process(value, **kw)}) * 1000000) AS BIGINT)"


class JoinedValues(FunctionElement):
    """The non-NULL values of an expression over the aggregated rows, as one text
    ``"1,2,3"`` (NULL when none), for values whose text has no comma (integers, ISO
    timestamps): a whole column read as one value, which numpy parses at once instead of a
    Python object per row. Several of them over the same rows with the same NULLs come out
    aligned, in the order the rows were aggregated."""

    type = String()
    name = "joined_values"
    inherit_cache = True


@compiles(JoinedValues, "sqlite")
def _sqlite_joined_values(element, compiler, **kw):
    (value,) = element.clauses
    return f"group_concat({compiler.process(value, **kw)}, ',')"


@compiles(JoinedValues, "postgresql")
def _postgres_joined_values(element, compiler, **kw):
    (value,) = element.clauses
    return f"string_agg(CAST({compiler.process(value, **kw)} AS TEXT), ',')"
