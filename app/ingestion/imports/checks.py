"""Vectorised checks of one chunk of CSV text columns, collecting per-row problems.

Every cell arrives as text. A check returns the typed column and records a problem for
every row it refuses, with the row number as a spreadsheet shows it (the header is row 1).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from app.ingestion.fields import EARLIEST_YEAR, MAX_FUTURE, timezone_names
from app.models.base import utcnow

TZ_SUFFIX = r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$"
TRUE = {"true", "1", "yes", "y", "t"}
FALSE = {"false", "0", "no", "n", "f", ""}


class Chunk:
    """One chunk of rows (all text) and the problems found in it so far."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.rows = frame.index.to_numpy() + 2
        self.errors: list[dict] = []
        self.bad = np.zeros(len(frame), dtype=bool)

    def has(self, column: str) -> bool:
        """Whether the file has this column."""
        return column in self.frame.columns

    def cells(self, column: str) -> pd.Series:
        """The column's text, stripped."""
        return self.frame[column].str.strip()

    def refuse(self, mask, column: str, message: str, values: pd.Series | None = None) -> None:
        """Record a problem for every row where ``mask`` holds, quoting ``values`` if given."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        self.bad |= mask
        quoted = values[mask].tolist() if values is not None else None
        for i, row in enumerate(self.rows[mask]):
            text = f"'{quoted[i][:40]}' {message}" if quoted is not None else message
            self.errors.append({"row": int(row), "column": column, "message": text})

    def text(self, column: str, max_len: int, required=False, pattern=None) -> pd.Series:
        """Text up to ``max_len`` characters; empty cells become None (or a problem)."""
        values = self.cells(column)
        empty = values == ""
        if required:
            self.refuse(empty, column, "is required")
        self.refuse(values.str.len() > max_len, column, f"is longer than {max_len} characters")
        if pattern is not None:
            self.refuse(~empty & ~values.str.match(pattern), column, "is not valid", values)
        return values.where(~empty, None)

    def choice(self, column: str, allowed, default: str) -> pd.Series:
        """One of ``allowed``; an empty cell means ``default``."""
        values = self.cells(column).replace("", default)
        self.refuse(~values.isin(allowed), column, "is not one of " + ", ".join(allowed), values)
        return values

    def timezone(self, column: str) -> pd.Series:
        """An IANA time zone; an empty cell means Asia/Shanghai."""
        values = self.cells(column).replace("", "Asia/Shanghai")
        self.refuse(~values.isin(timezone_names()), column, "is not an IANA time zone", values)
        return values

    def boolean(self, column: str) -> pd.Series:
        """true/false, yes/no or 1/0; an empty cell means false."""
        values = self.cells(column).str.lower()
        self.refuse(~values.isin(TRUE | FALSE), column, "is not true or false", values)
        return values.isin(TRUE)

    def integer(self, column: str, low: int, high: int) -> pd.Series:
        """A whole number between ``low`` and ``high``; an empty cell means 0."""
        values = self.cells(column).replace("", "0")
        numbers = pd.to_numeric(values.where(values.str.fullmatch(r"[+-]?\d{1,12}"), None))
        wrong = numbers.isna() | (numbers < low) | (numbers > high)
        self.refuse(wrong, column, f"is not a whole number from {low} to {high}", values)
        return numbers.fillna(0).astype("int64")

    def money(self, column: str, positive: bool, required: bool) -> pd.Series:
        """An amount with at most two decimals, as normalised text; empty means 0."""
        values = self.cells(column)
        if required:
            self.refuse(values == "", column, "is required")
        values = values.replace("", "0")
        wrong = ~values.str.fullmatch(r"\d{1,10}(?:\.\d{1,2})?")
        self.refuse(wrong, column, "is not an amount such as 12.50", values)
        numbers = pd.to_numeric(values.where(~wrong, "0"))
        if positive:
            self.refuse(~wrong & (numbers <= 0), column, "must be more than 0")
        return values.where(~wrong, "0")

    def timestamp(self, column: str, required: bool = True) -> pd.Series:
        """ISO 8601 with a timezone, as UTC; naive, unparseable and future ones are refused."""
        values = self.cells(column)
        empty = values == ""
        if required:
            self.refuse(empty, column, "is required")
        naive = ~empty & ~values.str.contains(TZ_SUFFIX)
        self.refuse(naive, column, "has no timezone; add Z or an offset", values)
        parsed = pd.to_datetime(
            values.where(~empty & ~naive, None), utc=True, format="ISO8601", errors="coerce"
        )
        unparsed = ~empty & ~naive & parsed.isna()
        self.refuse(unparsed, column, "is not an ISO 8601 timestamp", values)
        late = parsed > pd.Timestamp(utcnow() + MAX_FUTURE)
        self.refuse(late, column, "is in the future", values)
        self.refuse(parsed.dt.year < EARLIEST_YEAR, column, "is before 1900", values)
        return parsed

    def date(self, column: str) -> pd.Series:
        """A date ``YYYY-MM-DD`` between 1900 and today, or None."""
        values = self.cells(column)
        empty = values == ""
        parsed = pd.to_datetime(values.where(~empty, None), format="%Y-%m-%d", errors="coerce")
        today = pd.Timestamp(utcnow().date())
        wrong = ~empty & (parsed.isna() | (parsed > today) | (parsed.dt.year < EARLIEST_YEAR))
        self.refuse(wrong, column, "is not a plausible date such as 1990-05-17", values)
        return parsed.where(~wrong)

    def json_object(self, column: str) -> pd.Series:
        """A JSON object as compact text; an empty cell means ``{}``."""
        values = self.cells(column)
        out, wrong = [], []
        for text in values:
            try:
                parsed = json.loads(text) if text else {}
            except ValueError:
                parsed = None
            ok = isinstance(parsed, dict)
            wrong.append(not ok)
            out.append(json.dumps(parsed if ok else {}, ensure_ascii=False))
        self.refuse(np.array(wrong, dtype=bool), column, 'is not a JSON object such as {"a": 1}')
        return pd.Series(out, index=values.index, dtype=object)
