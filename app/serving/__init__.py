"""``flask serve`` and ``flask worker``: the processes that run Loyalty Canvas.

``flask serve`` alone is the development server (Werkzeug, one process, the background jobs
inside). ``flask serve --production`` replaces itself with gunicorn (see
:mod:`app.serving.gunicorn_config`): several processes of threads, browsers on websockets
only, Socket.IO shared through Redis, no background jobs (run ``flask worker`` beside it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _require_migrated() -> None:
    from app.database import UnmigratedDatabase, check_migrated
    from app.extensions import db

    try:
        check_migrated(db.engine)
    except UnmigratedDatabase as exc:
        raise click.ClickException(str(exc)) from exc


def gunicorn_argv(host: str, port: int, workers: int, threads: int) -> list[str]:
    """The command line ``serve --production`` runs: gunicorn with this package's config."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:app.serving.gunicorn_config",
        # wsgi.py is found from the project's folder, wherever the command was started.
        "--chdir",
        str(PROJECT_ROOT),
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "wsgi:app",
    ]


def local_base_url(host: str, port: int) -> str:
    """Where a browser on this machine reaches ``serve --host HOST --port PORT``."""
    name = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::", "localhost") else host
    return f"http://{name}:{port}"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--production",
    is_flag=True,
    help="Serve with gunicorn in several processes (needs REDIS_URL with more than one).",
)
@click.option(
    "--workers",
    default=lambda: int(os.environ.get("WEB_WORKERS", 2)),
    show_default="WEB_WORKERS or 2",
    type=click.IntRange(min=1),
    help="Processes (--production).",
)
@click.option(
    "--threads",
    default=lambda: int(os.environ.get("WEB_THREADS", 64)),
    show_default="WEB_THREADS or 64",
    type=click.IntRange(min=2),
    help="Threads per process (--production); each open websocket holds one.",
)
@with_appcontext
def serve(host: str, port: int, production: bool, workers: int, threads: int) -> None:
    """Serve the app and its websocket; the development server runs the background jobs too
    unless SCHEDULER_ENABLED=0."""
    from app.extensions import socketio

    _require_migrated()
    app = current_app._get_current_object()
    if not app.config.get("PUBLIC_BASE_URL"):
        # Links in messages and the channel callback URLs follow the port served on.
        app.config["PUBLIC_BASE_URL"] = os.environ["PUBLIC_BASE_URL"] = local_base_url(host, port)
    if production:
        if workers > 1 and not app.config["REDIS_URL"]:
            raise click.ClickException(
                "Several web processes share the live view through Redis: set REDIS_URL "
                "or serve with --workers 1."
            )
        # The jobs run in `flask worker` processes; each web process running them too would
        # multiply the ticker by the number of processes.
        env = {**os.environ, "SCHEDULER_ENABLED": "0"}
        argv = gunicorn_argv(host, port, workers, threads)
        os.execve(argv[0], argv, env)
    if app.config["SCHEDULER_ENABLED"]:
        from app.scheduler import build_scheduler

        build_scheduler(app).start()
    # Flask's app.run() refuses to start from inside the `flask` command unless told otherwise;
    # this command exists precisely to start the server.
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    from app.serving.headers import QuietRequestHandler

    socketio.run(
        app,
        host=host,
        port=port,
        allow_unsafe_werkzeug=True,
        request_handler=QuietRequestHandler,
    )


@click.command("worker")
@with_appcontext
def worker() -> None:
    """Run the background jobs in this process (production: beside the web processes)."""
    from app.scheduler import build_scheduler

    _require_migrated()
    scheduler = build_scheduler(current_app._get_current_object(), blocking=True)
    click.echo(f"worker: {len(scheduler.get_jobs())} job(s)")
    scheduler.start()
