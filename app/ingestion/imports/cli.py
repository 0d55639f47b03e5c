"""``flask import members|orders|events FILE [--dry-run]``: load a CSV file."""

from __future__ import annotations

import os

import click
from flask.cli import AppGroup
from tqdm import tqdm

from app.ingestion.imports import KINDS, run_import
from app.ingestion.imports.report import ImportReport

import_cli = AppGroup("import", help="Import members, orders or events from a CSV file.")


def import_file(kind: str, path: str, dry_run: bool, progress: bool = True) -> ImportReport:
    """Import the file at ``path`` with a progress bar; the code path the benchmark times."""
    size = os.path.getsize(path)
    with (
        open(path, "rb") as stream,
        tqdm(
            total=size, unit="B", unit_scale=True, desc=f"import {kind}", disable=not progress
        ) as bar,
    ):
        return run_import(
            kind, stream, dry_run=dry_run, on_read=bar.update, on_step=bar.set_postfix_str
        )


def _echo_report(report: ImportReport) -> None:
    verb = "would be" if report.dry_run else "were"
    if report.ok:
        click.echo(
            f"{report.rows} rows: {report.created} {verb} created, {report.updated} updated, "
            f"{report.unchanged} unchanged."
        )
        return
    click.echo(f"Nothing was imported: {report.error_count} problem(s).", err=True)
    for error in report.errors:
        where = f"row {error['row']}" if error["row"] else "file"
        column = f", column {error['column']}" if error["column"] else ""
        click.echo(f"  {where}{column}: {error['message']}", err=True)
    if report.error_count > len(report.errors):
        click.echo(f"  ... and {report.error_count - len(report.errors)} more", err=True)


def _command(kind: str):
    @import_cli.command(kind, help=f"Import {kind} from a CSV file (nothing if any row is bad).")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--dry-run", is_flag=True, help="Check and count, write nothing.")
    def command(path: str, dry_run: bool) -> None:
        report = import_file(kind, path, dry_run)
        _echo_report(report)
        if not report.ok:
            raise SystemExit(1)

    return command


for _kind in KINDS:
    _command(_kind)
