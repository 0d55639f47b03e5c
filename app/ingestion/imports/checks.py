"""Vectorised checks of one chunk of CSV text columns, collecting per-row problems.

Every cell arrives as text. A check returns the typed column as a numpy array and records a
problem for every row it refuses, with the row number as a spreadsheet shows it (the header
is row 1).

The work is done per column with numpy and pandas' C routines, or a builtin mapped over the
cells in C; no check loops over the rows in Python. Columns that repeat values (tiers,
flags, dates, time zones, amounts, timestamps of a daily export) are factorized first and
checked once per distinct value.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from app.errors import ERROR_LIST_LIMIT
from app.ingestion.fields import EARLIEST_YEAR, MAX_FUTURE, timezone_names
from app.models.base import utcnow

TZ_SUFFIX = re.compile(r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$")
#: The longest suffix TZ_SUFFIX matches ("+08:00"), so a search can start that far from the end.
TZ_SUFFIX_LEN = 6
INTEGER = re.compile(r"[+-]?\d{1,12}")
MONEY = re.compile(r"\d{1,10}(?:\.\d{1,2})?")
TRUE = {"true", "1", "yes", "y", "t"}
FALSE = {"false", "0", "no", "n", "f", ""}
EARLIEST = np.datetime64(f"{EARLIEST_YEAR}-01-01", "us")


def strip(values: np.ndarray) -> np.ndarray:
    """The cells without surrounding whitespace (``str.strip`` keeps unchanged cells as is)."""
    return np.fromiter(map(str.strip, values), dtype=object, count=len(values))


def lengths(values: np.ndarray) -> np.ndarray:
    """Each cell's length in characters."""
    return np.fromiter(map(len, values), dtype=np.intp, count=len(values))


def matches(pattern: re.Pattern, values: np.ndarray, full: bool = False) -> np.ndarray:
    """Whether each cell matches ``pattern`` (from its start; with ``full``, to its end)."""
    find = pattern.fullmatch if full else pattern.match
    return np.fromiter(map(bool, map(find, values)), dtype=bool, count=len(values))


def has_timezone(values: np.ndarray) -> np.ndarray:
    """Whether each cell ends with Z or an offset such as +08:00, +0800 or +08."""
    starts = np.maximum(lengths(values) - TZ_SUFFIX_LEN, 0).tolist()
    found = map(TZ_SUFFIX.search, values, starts)
    return np.fromiter(map(bool, found), dtype=bool, count=len(values))


class Chunk:
    """One chunk of rows (all text) and the problems found in it so far."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.rows = frame.index.to_numpy() + 2
        self.errors: list[dict] = []
        self.error_count = 0
        self.bad = np.zeros(len(frame), dtype=bool)

    def __len__(self) -> int:
        return len(self.frame)

    def has(self, column: str) -> bool:
        """Whether the file has this column."""
        return column in self.frame.columns

    def raw(self, column: str) -> np.ndarray:
        """The column's cells as read, an object array of ``str``."""
        return self.frame[column].to_numpy(dtype=object)

    def cells(self, column: str) -> np.ndarray:
        """The column's text, stripped."""
        return strip(self.raw(column))

    def distinct(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """``(codes, values)``: the column's distinct texts, stripped, and for each row the
        position of its text among them, so ``values[codes]`` is :meth:`cells`."""
        codes, uniques = pd.factorize(self.raw(column), use_na_sentinel=False)
        return codes, strip(uniques)

    def refuse(self, mask, column: str, message: str, values=None) -> None:
        """Record a problem for every row where ``mask`` holds, quoting ``values`` if given.

        Every problem is counted; only the first :data:`ERROR_LIST_LIMIT` of each call are
        spelled out, which always includes the first that many of the whole chunk.
        """
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        self.bad |= mask
        where = np.flatnonzero(mask)
        self.error_count += len(where)
        where = where[:ERROR_LIST_LIMIT]
        quoted = np.asarray(values, dtype=object)[where].tolist() if values is not None else None
        for i, row in enumerate(self.rows[where].tolist()):
            text = f"'{quoted[i][:40]}' {message}" if quoted is not None else message
            self.errors.append({"row": row, "column": column, "message": text})

    def text(self, column: str, max_len: int, required=False, pattern=None) -> np.ndarray:
        """Text up to ``max_len`` characters; empty cells become None (or a problem)."""
        values = self.cells(column)
        size = lengths(values)
        empty = size == 0
        if required:
            self.refuse(empty, column, "is required")
        self.refuse(size > max_len, column, f"is longer than {max_len} characters")
        if pattern is not None:
            wrong = ~empty & ~matches(re.compile(pattern), values)
            self.refuse(wrong, column, "is not valid", values)
        if empty.any():
            values[empty] = None
        return values

    def choice(self, column: str, allowed, default: str) -> np.ndarray:
        """One of ``allowed``; an empty cell means ``default``."""
        message = "is not one of " + ", ".join(allowed)
        return self._member_of(column, frozenset(allowed), default, message)

    def timezone(self, column: str) -> np.ndarray:
        """An IANA time zone; an empty cell means Asia/Shanghai."""
        return self._member_of(
            column, timezone_names(), "Asia/Shanghai", "is not an IANA time zone"
        )

    def _member_of(self, column: str, allowed, default: str, message: str) -> np.ndarray:
        codes, stripped = self.distinct(column)
        stripped[stripped == ""] = default
        known = np.fromiter(map(allowed.__contains__, stripped), bool, count=len(stripped))
        values = stripped[codes]
        self.refuse(~known[codes], column, message, values)
        return values

    def boolean(self, column: str) -> np.ndarray:
        """true/false, yes/no or 1/0; an empty cell means false."""
        codes, texts = self.distinct(column)
        lowered = [value.lower() for value in texts]
        known = np.array([value in TRUE or value in FALSE for value in lowered], dtype=bool)
        self.refuse(~known[codes], column, "is not true or false", np.array(lowered)[codes])
        return np.array([value in TRUE for value in lowered], dtype=bool)[codes]

    def integer(self, column: str, low: int, high: int) -> np.ndarray:
        """A whole number between ``low`` and ``high``; an empty cell means 0."""
        codes, text = self.distinct(column)
        text[text == ""] = "0"
        shaped = matches(INTEGER, text, full=True)
        numbers = pd.to_numeric(np.where(shaped, text, None), errors="coerce")
        numbers = np.asarray(numbers, dtype="float64")
        wrong = np.isnan(numbers) | (numbers < low) | (numbers > high)
        message = f"is not a whole number from {low} to {high}"
        self.refuse(wrong[codes], column, message, text[codes])
        return np.where(wrong, 0, numbers).astype("int64")[codes]

    def money(self, column: str, positive: bool, required: bool) -> np.ndarray:
        """An amount with at most two decimals, as normalised text; empty means 0."""
        codes, text = self.distinct(column)
        if required:
            self.refuse((text == "")[codes], column, "is required")
        text[text == ""] = "0"
        numbers = pd.to_numeric(text, errors="coerce")
        wrong = ~matches(MONEY, text, full=True) | np.isnan(np.asarray(numbers, dtype="float64"))
        self.refuse(wrong[codes], column, "is not an amount such as 12.50", text[codes])
        if positive:
            self.refuse((~wrong & (numbers <= 0))[codes], column, "must be more than 0")
        text[wrong] = "0"
        return text[codes]

    def timestamp(self, column: str, required: bool = True) -> np.ndarray:
        """ISO 8601 with a timezone, as UTC ``datetime64[us]`` (NaT for an empty cell);
        naive, unparseable and future ones are refused."""
        codes, text = self.distinct(column)
        empty = text == ""
        if required:
            self.refuse(empty[codes], column, "is required")
        naive = ~empty & ~has_timezone(text)
        self.refuse(naive[codes], column, "has no timezone; add Z or an offset", text[codes])
        candidates = np.where(~empty & ~naive, text, None)
        parsed = pd.to_datetime(candidates, utc=True, format="ISO8601", errors="coerce")
        stamps = parsed.tz_convert(None).to_numpy().astype("datetime64[us]")
        unparsed = ~empty & ~naive & np.isnat(stamps)
        self.refuse(unparsed[codes], column, "is not an ISO 8601 timestamp", text[codes])
        latest = np.datetime64((utcnow() + MAX_FUTURE).replace(tzinfo=None), "us")
        self.refuse((stamps > latest)[codes], column, "is in the future", text[codes])
        early = ~np.isnat(stamps) & (stamps < EARLIEST)
        self.refuse(early[codes], column, "is before 1900", text[codes])
        return stamps[codes]

    def date(self, column: str) -> np.ndarray:
        """A date ``YYYY-MM-DD`` between 1900 and today as ``datetime64[D]``, or NaT."""
        codes, text = self.distinct(column)
        empty = text == ""
        parsed = pd.to_datetime(
            np.where(empty, None, text), format="%Y-%m-%d", errors="coerce"
        ).to_numpy()
        days = parsed.astype("datetime64[D]")
        today = np.datetime64(utcnow().date(), "D")
        plausible = ~np.isnat(days) & (days <= today) & (days >= EARLIEST.astype("datetime64[D]"))
        wrong = ~empty & ~plausible
        self.refuse(wrong[codes], column, "is not a plausible date such as 1990-05-17", text[codes])
        days[wrong] = np.datetime64("NaT")
        return days[codes]

    def json_object(self, column: str) -> np.ndarray:
        """A JSON object as compact text; an empty cell means ``{}``."""
        codes, texts = self.distinct(column)
        out, wrong = [], []
        for value in texts:
            try:
                parsed = json.loads(value) if value else {}
            except ValueError:
                parsed = None
            ok = isinstance(parsed, dict)
            wrong.append(not ok)
            out.append(json.dumps(parsed if ok else {}, ensure_ascii=False))
        message = 'is not a JSON object such as {"a": 1}'
        self.refuse(np.array(wrong, dtype=bool)[codes], column, message)
        return np.array(out, dtype=object)[codes]


class RepeatedIds:
    """Refuses a row whose id an earlier row of the file holds, across all chunks.

    The ids seen so far are kept in a set; a chunk without repeats costs one pass over it.
    """

    def __init__(self, column: str = "external_id"):
        self.column = column
        self.seen: set[str] = set()

    def check(self, chunk: Chunk, ids: np.ndarray) -> None:
        """Refuse rows of ``chunk`` repeating an id (rows without an id never repeat)."""
        values = ids.tolist()
        fresh = set(values)
        present = len(values)
        if None in fresh:
            fresh.discard(None)
            present -= values.count(None)
        if len(fresh) < present or not self.seen.isdisjoint(fresh):
            before = np.fromiter(map(self.seen.__contains__, values), dtype=bool, count=len(ids))
            again = pd.Series(ids, dtype=object).duplicated().to_numpy() | before
            again &= ~np.equal(ids, None)
            chunk.refuse(again, self.column, "appears on an earlier row", ids)
        self.seen |= fresh
