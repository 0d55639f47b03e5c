"""Command-line groups added to ``flask --app wsgi``."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.auth.cli import users_cli
    from app.serving import serve, worker

    app.cli.add_command(serve)
    app.cli.add_command(worker)
    for group in (users_cli,):
        app.cli.add_command(group)
