"""Checks over staged rows that need the database: unknown members."""

from __future__ import annotations

from sqlalchemy import exists, select

from app.errors import ERROR_LIST_LIMIT
from app.ingestion.imports.report import ImportReport
from app.ingestion.imports.staging import Stage
from app.models import Member

members = Member.__table__


def _report(stage: Stage, report: ImportReport, condition, column: str, message) -> None:
    total = stage.count(condition)
    if not total:
        return
    query = (
        select(stage.c.row_no, stage.c[column])
        .where(condition)
        .order_by(stage.c.row_no)
        .limit(ERROR_LIST_LIMIT)
    )
    found = [
        {"row": row_no, "column": column, "message": message(value)}
        for row_no, value in stage.conn.execute(query)
    ]
    report.add_errors(found)
    report.error_count += total - len(found)


def unknown_members(stage: Stage, report: ImportReport, column="member_external_id") -> None:
    """A problem for every row naming a member external id that is not stored."""
    condition = ~exists().where(members.c.external_id == stage.c[column])
    _report(stage, report, condition, column, lambda v: f"no member has external_id '{v}'")
