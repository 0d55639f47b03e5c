"""Read a file of partner codes: one ``code`` column, checked row by row, no database needed.

Codes are stored upper-case (the shop and POS look coupons up that way); a code repeated in
the file is refused at each repeat, naming the row it repeats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.ingestion.imports.reader import read_chunks

COLUMNS = ("code",)
MAX_LENGTH = 32
#: Letters, digits and ``-``/``_``: what a till can type and a message can carry.
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_-]*$")


@dataclass
class CodeFile:
    """The codes of a file with their row numbers, and the problems found."""

    codes: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)


def problem(row: int | None, message: str) -> dict:
    return {"row": row, "column": "code" if row and row > 1 else None, "message": message}


def read_codes(stream) -> CodeFile:
    """Every code of the CSV ``stream`` (rows as a spreadsheet numbers them: header is 1)."""
    out = CodeFile()
    first_row: dict[str, int] = {}
    for chunk in read_chunks(stream, COLUMNS, COLUMNS):
        for index, raw in zip(chunk.index, chunk["code"], strict=True):
            row = int(index) + 2
            code = raw.strip().upper()
            if not code:
                out.errors.append(problem(row, "code is empty"))
            elif len(code) > MAX_LENGTH:
                out.errors.append(problem(row, f"code is longer than {MAX_LENGTH} characters"))
            elif not CODE_PATTERN.match(code):
                out.errors.append(
                    problem(row, f"code {raw!r} may hold only letters, digits, - and _")
                )
            elif code in first_row:
                out.errors.append(
                    problem(row, f"code {code!r} repeats row {first_row[code]} of the file")
                )
            else:
                first_row[code] = row
                out.codes.append(code)
                out.rows.append(row)
    if not out.codes and not out.errors:
        out.errors.append(problem(None, "the file holds no codes"))
    return out
