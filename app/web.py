"""The browser app's shell (the built frontend bundle) and the health check."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, send_from_directory
from sqlalchemy import text

from app.auth.access import public
from app.extensions import db

bp = Blueprint("web", __name__)


@bp.get("/api/health")
@public
def health():
    """Liveness and database reachability, for load balancers and the run script."""
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")


@bp.get("/api/openapi.json")
def openapi_document():
    """The OpenAPI description of the API, generated from the routes (pages: /api/docs/)."""
    from app.extensions import api_spec

    return jsonify(api_spec.spec)


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
@public
def app_shell(path: str):
    """Serve the single-page app; unknown paths get its index so client routes work."""
    if path.startswith("api/") or path == "api":
        abort(404)
    dist = Path(current_app.config["FRONTEND_DIST"])
    if path and (dist / path).is_file():
        return send_from_directory(
            dist, path, max_age=31536000 if path.startswith("assets/") else 0
        )
    if not (dist / "index.html").is_file():
        abort(404, "The frontend is not built: run `npm --prefix frontend run build`.")
    return send_from_directory(dist, "index.html", max_age=0)
