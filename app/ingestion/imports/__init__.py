"""CSV import of members, orders and events, shared by the CLI and the upload route.

The file is read in chunks, each checked with vectorised pandas operations and loaded into
a staging table; database checks and the merge are then single statements. Nothing is
half-imported: if any row is bad, nothing is written and the report lists the bad rows.
"""

from __future__ import annotations

from types import ModuleType

from app.extensions import db
from app.ingestion.imports import events, members, orders
from app.ingestion.imports.checks import Chunk
from app.ingestion.imports.reader import CHUNK_ROWS, read_chunks
from app.ingestion.imports.report import FileProblem, ImportReport
from app.ingestion.imports.staging import Stage

#: Each kind module declares COLUMNS, REQUIRED, prepare, stage_columns, check, count, merge.
KINDS: dict[str, ModuleType] = {"members": members, "orders": orders, "events": events}


def run_import(
    kind: str, stream, dry_run: bool = False, on_read=None, chunk_rows: int = CHUNK_ROWS
) -> ImportReport:
    """Import a CSV ``stream`` of ``kind``; commit only when every row is good.

    With ``dry_run`` everything is checked and counted, and nothing is written.
    """
    spec = KINDS[kind]
    report = ImportReport(kind, dry_run)
    stage = None
    try:
        for frame in read_chunks(stream, spec.COLUMNS, spec.REQUIRED, on_read, chunk_rows):
            if stage is None:
                columns = spec.stage_columns(list(frame.columns))
                stage = Stage(db.session.connection(), kind, columns)
            chunk = Chunk(frame)
            rows = spec.prepare(chunk)
            report.rows += len(frame)
            report.add_errors(chunk.errors)
            stage.load(rows[~chunk.bad])
        if stage is not None:
            spec.check(stage, report)
            if report.ok:
                spec.count(stage, report)
                if not dry_run:
                    spec.merge(stage, report)
    except FileProblem as exc:
        report.add_errors([{"row": exc.row, "column": exc.column, "message": exc.message}])
    except Exception:
        # Rolling back also drops the staging table on PostgreSQL.
        db.session.rollback()
        raise
    if stage is not None:
        stage.drop()
    if report.ok and not dry_run:
        db.session.commit()
    else:
        db.session.rollback()
    return report
