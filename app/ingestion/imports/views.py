"""``POST /api/imports/<kind>``: upload a CSV file of members, orders or events."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from pydantic import BaseModel, Field
from spectree.model_adapter.pydantic_adapter import BaseFile

from app.auth.access import roles_required
from app.errors import ApiError
from app.extensions import api_spec
from app.ingestion.imports import KINDS, run_import

bp = Blueprint("imports", __name__, url_prefix="/api")


class ImportForm(BaseModel):
    file: BaseFile = Field(description="The CSV file, UTF-8, first line naming the columns")
    dry_run: bool = Field(default=False, description="Check and count, write nothing")


@bp.post("/imports/<kind>")
@roles_required("marketer", "admin")
@api_spec.validate(form=ImportForm, tags=["imports"])
def import_file(kind: str, form: ImportForm):
    """Import a CSV file (multipart field ``file``) of ``members``, ``orders`` or ``events``.

    Nothing is half-imported: if any row is bad, nothing is written and the 400 answer lists
    the bad rows (``row`` as a spreadsheet numbers it, ``column``, ``message``; the first
    100, ``error_count`` is the total). Otherwise the answer counts the rows ``created``,
    ``updated`` and ``unchanged``. With ``dry_run`` the counts say what would happen.
    """
    if kind not in KINDS:
        raise ApiError(404, "not_found", f"Import kinds are {', '.join(KINDS)}, not '{kind}'.")
    if not request.mimetype.startswith("multipart/"):
        raise ApiError(415, "unsupported_media_type", "Upload the file as multipart/form-data.")
    report = run_import(kind, form.file.stream, dry_run=form.dry_run)
    if not report.ok:
        raise ApiError(
            400,
            "import_failed",
            f"Nothing was imported: {report.error_count} problem(s) in the file.",
            report.errors,
            report.error_count,
        )
    return jsonify(report.as_dict())
