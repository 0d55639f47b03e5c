"""The audiences blueprint: saved audiences, preview and validation, RFM, tags."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("audiences", __name__, url_prefix="/api")

from app.audiences.views import audiences, rfm, tags  # noqa: E402,F401  (routes register on bp)
