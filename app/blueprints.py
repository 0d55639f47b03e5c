"""Every blueprint of the app, registered in one place."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from app.auth.views import bp as auth_bp
    from app.web import bp as web_bp

    for bp in (auth_bp,):
        app.register_blueprint(bp)
    # The app shell catches every other path, so it comes last.
    app.register_blueprint(web_bp)
