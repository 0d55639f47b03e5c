"""What an import did, or why it wrote nothing: counts and a per-row error list."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.errors import ERROR_LIST_LIMIT


class FileProblem(Exception):
    """The file cannot be read on (bad header, encoding or quoting); stops the import."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.row, self.column, self.message = row, column, message


@dataclass
class ImportReport:
    """Rows read, what was (or in a dry run would be) stored, and the first problems."""

    kind: str
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_count: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no row had a problem (and so the import was, or may be, stored)."""
        return self.error_count == 0

    def add_errors(self, errors: list[dict], total: int | None = None) -> None:
        """Count these problems (``total`` of them when more were found than are listed)
        and keep the first :data:`ERROR_LIST_LIMIT` by row number."""
        self.error_count += len(errors) if total is None else total
        room = ERROR_LIST_LIMIT - len(self.errors)
        if room > 0:
            self.errors.extend(sorted(errors, key=lambda e: e["row"] or 0)[:room])

    def as_dict(self) -> dict:
        """The report as the API answers it and the CLI prints it."""
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "error_count": self.error_count,
            "errors": self.errors,
        }
