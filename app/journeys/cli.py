"""``flask journeys ...``: validate journey files (offline), import and export journeys."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from app.journeys import files, service
from app.journeys.export import export_text
from app.journeys.json_schema import SCHEMA_DIR, schema_files
from app.journeys.violations import Violation, has_errors

journeys_cli = AppGroup("journeys", help="Validate, import and export journey files.")


def _line(source: str, v: Violation) -> str:
    where = "".join(
        f" [{label} {value}]"
        for label, value in (("node", v.node_id), ("edge", v.edge_id))
        if value
    )
    return f"{source}: {v.severity} {v.code}{where}: {v.message}"


@journeys_cli.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--database",
    is_flag=True,
    help="Also check references and channels against this environment's database.",
)
def validate_files(paths: tuple[Path, ...], database: bool) -> None:
    """Print every violation of each FILE; exit 1 when any has errors.

    Works offline: a bundle is checked against the objects it carries, so it fits a
    marketing team's own git checks without a running server or database.
    """
    failed = False
    for path in paths:
        if not path.is_file():
            click.echo(f"{path}: error missing_file: no such file")
            failed = True
            continue
        data, violations = files.load(path)
        note = None
        if not violations:
            if database:
                violations = service.check_payload(data)[1]
            else:
                violations, note = files.check_offline(data)
        for v in violations:
            click.echo(_line(str(path), v))
        failed = failed or has_errors(violations)
        errors = sum(v.severity == "error" for v in violations)
        summary = f"{errors} error(s), {len(violations) - errors} warning(s)"
        click.echo(
            f"{path}: {'FAILED' if errors else 'ok'} ({summary}{'; ' + note if note else ''})"
        )
    sys.exit(1 if failed else 0)


@journeys_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option("--allow-errors", is_flag=True, help="Store a draft even with error violations.")
def import_file(path: Path, dry_run: bool, allow_errors: bool) -> None:
    """Import a journey document or bundle as a new draft version."""
    data, violations = files.load(path)
    if violations:
        click.echo(_line(str(path), violations[0]))
        sys.exit(1)
    try:
        result = service.import_payload(
            data, user_id=None, dry_run=dry_run, allow_errors=allow_errors
        )
    except service.JourneyError as exc:
        for v in exc.violations:
            click.echo(_line(str(path), v))
        click.echo(f"{path}: not imported: {exc.message}")
        sys.exit(1)
    for v in result.violations:
        click.echo(_line(str(path), v))
    if not result.created:
        click.echo(f"{result.journey_key}: unchanged, same as version {result.version}")
    else:
        verb = "would create" if dry_run else "created"
        click.echo(f"{result.journey_key}: {verb} draft version {result.version}")
        for name in result.created_objects:
            click.echo(f"  {verb} {name}")


@journeys_cli.command("export")
@click.argument("key")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--version", "version", type=click.IntRange(min=1), help="Latest when left out.")
@click.option("--bundle", is_flag=True, help="Carry the audiences and templates it uses.")
def export_journey(key: str, output: Path | None, version: int | None, bundle: bool) -> None:
    """Write a journey's canonical JSON to FILE (or standard output)."""
    try:
        text = export_text(key, version, bundle)
    except service.JourneyError as exc:
        click.echo(exc.message, err=True)
        sys.exit(1)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")


@journeys_cli.command("schema")
@click.option("--check", is_flag=True, help="Exit 1 if the committed files are out of date.")
def write_schema(check: bool) -> None:
    """Write the JSON Schemas of documents and bundles to journeys/schema/."""
    stale = []
    for name, text in schema_files().items():
        path = SCHEMA_DIR / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    verb = "out of date" if check else "written"
    click.echo(f"{verb}: {', '.join(stale)}" if stale else "schemas are current")
    sys.exit(1 if check and stale else 0)
