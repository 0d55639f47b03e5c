"""``flask serve`` and ``flask worker``: the processes that run Loyalty Canvas."""

from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import with_appcontext


def _require_migrated() -> None:
    from app.database import UnmigratedDatabase, check_migrated
    from app.extensions import db

    try:
        check_migrated(db.engine)
    except UnmigratedDatabase as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Serve the app and its websocket; runs the background jobs too unless disabled."""
    from app.extensions import socketio

    _require_migrated()
    app = current_app._get_current_object()
    if app.config["SCHEDULER_ENABLED"]:
        from app.scheduler import build_scheduler

        build_scheduler(app).start()
    # Flask's app.run() refuses to start from inside the `flask` command unless told otherwise;
    # this command exists precisely to start the server.
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True)


@click.command("worker")
@with_appcontext
def worker() -> None:
    """Run the background jobs in this process (production: beside the web processes)."""
    from app.scheduler import build_scheduler

    _require_migrated()
    scheduler = build_scheduler(current_app._get_current_object(), blocking=True)
    click.echo(f"worker: {len(scheduler.get_jobs())} job(s)")
    scheduler.start()
