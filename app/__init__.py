"""Loyalty Canvas: a visual journey builder for member and loyalty marketing."""

from __future__ import annotations

from flask import Flask

from app import config as app_config


def create_app(config: dict | None = None) -> Flask:
    """Build the application. ``config`` overrides what the environment gives."""
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    app.config.from_mapping(app_config.load(app.instance_path))
    if config:
        app.config.update(config)
        if "SQLALCHEMY_ENGINE_OPTIONS" not in config:
            uri = app.config["SQLALCHEMY_DATABASE_URI"]
            app.config["SQLALCHEMY_ENGINE_OPTIONS"] = app_config.engine_options(uri)
        if "RATELIMIT_STORAGE_URI" not in config:
            app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"] or "memory://"

    from app import database, errors
    from app.extensions import (
        api_spec,
        compress,
        csrf,
        db,
        limiter,
        login_manager,
        migrate,
        socketio,
    )
    from app.serving import bind_limits, headers, inputs, proxy, sessions  # noqa: F401

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(app_config.MIGRATIONS_DIR))
    csrf.init_app(app)
    login_manager.init_app(app)
    # Before anything reads the body (the sign-in throttle reads the email from it).
    inputs.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    sessions.init_app(app)
    headers.init_app(app)
    socketio.init_app(
        app,
        message_queue=app.config["REDIS_URL"],
        channel=app.config["SOCKETIO_CHANNEL"],
        async_mode="threading",
        cors_allowed_origins=[],
        # One websocket per browser: several web processes cannot share long-polling
        # sessions (see app/serving/gunicorn_config.py).
        transports=["websocket"],
    )
    errors.init_app(app)

    from app import live

    live.init_app(app)
    from app.auth import init_app as init_auth

    init_auth(app)

    from app import cli
    from app.blueprints import register_blueprints

    register_blueprints(app)
    from app import wiring

    wiring.connect()
    api_spec.register(app)
    cli.init_app(app)
    # Last, so it wraps everything else: the client's address and scheme as the proxy saw them.
    proxy.init_app(app)
    return app
