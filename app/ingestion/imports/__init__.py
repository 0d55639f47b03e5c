"""CSV import of members, orders and events, shared by the CLI and the upload route.

The file is read in chunks, each checked with vectorised pandas operations (in a worker
thread, one chunk ahead) and loaded into a staging table; database checks and the merge are
then single statements. Nothing is half-imported: if any row is bad, nothing is written and
the report lists the bad rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import numpy as np

from app.extensions import db
from app.ingestion.imports import events, members, orders
from app.ingestion.imports.checks import Chunk, RepeatedIds
from app.ingestion.imports.reader import CHUNK_ROWS, read_ahead, read_chunks
from app.ingestion.imports.report import FileProblem, ImportReport
from app.ingestion.imports.staging import Stage

#: Each kind module declares COLUMNS, REQUIRED, KEY, prepare, stage_columns, check, count,
#: merge.
KINDS: dict[str, ModuleType] = {"members": members, "orders": orders, "events": events}


def run_import(
    kind: str,
    stream,
    dry_run: bool = False,
    on_read=None,
    chunk_rows: int = CHUNK_ROWS,
    on_step=None,
) -> ImportReport:
    """Import a CSV ``stream`` of ``kind``; commit only when every row is good.

    With ``dry_run`` everything is checked and counted, and nothing is written.
    ``on_read(n)`` is told of every ``n`` bytes read and ``on_step(name)`` of each step
    after reading ("checking", "merging", "committing"), for a progress bar.
    """
    spec = KINDS[kind]
    report = ImportReport(kind, dry_run)
    step = on_step or (lambda name: None)
    stage = None
    try:
        for chunk, rows in read_ahead(_checked(spec, stream, on_read, chunk_rows)):
            if stage is None:
                columns = spec.stage_columns(list(chunk.frame.columns))
                stage = Stage(db.session.connection(), kind, columns)
            report.rows += len(chunk)
            report.add_errors(chunk.errors, chunk.error_count)
            stage.load(rows, ~chunk.bad)
        if stage is not None:
            step("checking")
            spec.check(stage, report)
            if report.ok:
                spec.count(stage, report)
                if not dry_run:
                    step("merging")
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
        step("committing")
        db.session.commit()
    else:
        db.session.rollback()
    return report


def _checked(spec: ModuleType, stream, on_read, chunk_rows: int) -> Iterator[tuple[Chunk, dict]]:
    """Each chunk of the file with its checked, typed columns (no database needed)."""
    repeats = RepeatedIds(spec.KEY)
    for frame in read_chunks(stream, spec.COLUMNS, spec.REQUIRED, on_read, chunk_rows):
        chunk = Chunk(frame)
        rows = spec.prepare(chunk)
        if isinstance(rows.get(spec.KEY), np.ndarray):
            repeats.check(chunk, rows[spec.KEY])
        yield chunk, rows
