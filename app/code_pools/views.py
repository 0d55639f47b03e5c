"""Code pool routes: list pools with their stock (everyone signed in), create, set the
low-stock level and upload codes (admins)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from pydantic import BaseModel, Field
from spectree import Response
from spectree.model_adapter.pydantic_adapter import BaseFile
from sqlalchemy import select

from app.auth.access import roles_required
from app.code_pools.claims import UnknownPool, check_low_stock, pool_by_key
from app.code_pools.service import alert_json, pool_json, upload_codes
from app.engine.clock import current_clock
from app.errors import ApiError
from app.extensions import api_spec, db
from app.models.code_pools import CodePool, CodePoolAlert

bp = Blueprint("code_pools", __name__, url_prefix="/api")
TAGS = ["coupons"]


class PoolBody(BaseModel):
    key: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: str = Field(min_length=1, max_length=200)
    low_stock_level: int = Field(default=0, ge=0, le=100_000_000)


class PoolSettings(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    low_stock_level: int | None = Field(default=None, ge=0, le=100_000_000)


class UploadForm(BaseModel):
    file: BaseFile = Field(description="CSV, UTF-8, with a `code` column")


def _pool_or_404(key: str) -> CodePool:
    try:
        return pool_by_key(db.session, key)
    except UnknownPool as exc:
        raise ApiError(404, "not_found", str(exc)) from exc


@bp.get("/code-pools")
@api_spec.validate(tags=TAGS)
def list_pools():
    """Every pool with its total, remaining and claimed codes and its low-stock state."""
    pools = db.session.scalars(select(CodePool).order_by(CodePool.key))
    return jsonify(pools=[pool_json(db.session, p) for p in pools])


@bp.post("/code-pools")
@roles_required("admin")
@api_spec.validate(json=PoolBody, resp=Response(HTTP_201=None), tags=TAGS)
def create_pool(json: PoolBody):
    """Create an empty pool; upload its codes next."""
    if db.session.scalar(select(CodePool.id).where(CodePool.key == json.key)):
        raise ApiError(409, "conflict", f"A code pool with key {json.key!r} exists already.")
    pool = CodePool(**json.model_dump(), created_at=current_clock().now())
    db.session.add(pool)
    db.session.commit()
    return jsonify(pool=pool_json(db.session, pool)), 201


@bp.get("/code-pools/<key>")
@api_spec.validate(tags=TAGS)
def get_pool(key: str):
    """One pool and its low-stock alerts, latest first."""
    pool = _pool_or_404(key)
    alerts = db.session.scalars(
        select(CodePoolAlert)
        .where(CodePoolAlert.pool_id == pool.id)
        .order_by(CodePoolAlert.id.desc())
        .limit(50)
    )
    return jsonify(pool=pool_json(db.session, pool), alerts=[alert_json(a) for a in alerts])


@bp.patch("/code-pools/<key>")
@roles_required("admin")
@api_spec.validate(json=PoolSettings, tags=TAGS)
def update_pool(key: str, json: PoolSettings):
    """Rename a pool or set its low-stock level (an alert is recorded at once if below)."""
    pool = _pool_or_404(key)
    for field, value in json.model_dump(exclude_none=True).items():
        setattr(pool, field, value)
    check_low_stock(db.session, pool, current_clock().now())
    db.session.commit()
    return jsonify(pool=pool_json(db.session, pool))


@bp.post("/code-pools/<key>/codes")
@roles_required("admin")
@api_spec.validate(form=UploadForm, tags=TAGS)
def upload(key: str, form: UploadForm):
    """Add the codes of a CSV file (multipart field ``file``, column ``code``) to a pool.

    All or nothing: a code that is empty, malformed, repeated in the file, already in a pool
    or already a coupon's code answers 400 listing each such ``row`` (header is row 1),
    ``column`` and ``message``, and nothing is added.
    """
    pool = _pool_or_404(key)
    if not request.mimetype.startswith("multipart/"):
        raise ApiError(415, "unsupported_media_type", "Upload the file as multipart/form-data.")
    report = upload_codes(db.session, pool, form.file.stream, current_clock().now())
    if not report.ok:
        db.session.rollback()
        raise ApiError(
            400,
            "import_failed",
            f"Nothing was added: {len(report.errors)} problem(s) in the file.",
            report.errors[:100],
            len(report.errors),
        )
    db.session.commit()
    return jsonify(report.as_dict() | {"pool_state": pool_json(db.session, pool)})
