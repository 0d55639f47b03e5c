"""Create pools, load codes into them, and describe them; used by the routes and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.bulk import fetch_in, insert_tuples
from app.code_pools.claims import check_low_stock, remaining
from app.code_pools.csvfile import problem, read_codes
from app.ingestion.imports.report import FileProblem
from app.models import CouponTemplate
from app.models.code_pools import CodePool, CodePoolAlert, PoolCode

pool_codes = PoolCode.__table__


@dataclass
class UploadReport:
    """Rows read and codes added, or why nothing was added."""

    pool: str
    rows: int = 0
    added: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "pool": self.pool,
            "rows": self.rows,
            "added": self.added,
            "error_count": len(self.errors),
            "errors": self.errors[:100],
        }


def upload_codes(session: Session, pool: CodePool, stream, now: datetime) -> UploadReport:
    """Add the codes of a CSV ``stream`` to ``pool``, all or nothing, without committing.

    A code repeated in the file, already in this or another pool, or already a coupon's code
    is refused on its row, and then nothing is added.
    """
    report = UploadReport(pool.key)
    try:
        parsed = read_codes(stream)
    except FileProblem as exc:
        report.errors.append({"row": exc.row, "column": exc.column, "message": exc.message})
        return report
    report.rows = len(parsed.codes) + len(parsed.errors)
    errors = parsed.errors
    row_of = dict(zip(parsed.codes, parsed.rows, strict=True))
    for code, pool_key in fetch_in(
        session,
        "SELECT c.code, p.key FROM pool_codes c JOIN code_pools p ON p.id = c.pool_id "
        "WHERE c.code IN ({values})",
        parsed.codes,
    ):
        where = "this pool" if pool_key == pool.key else f"pool {pool_key!r}"
        errors.append(problem(row_of[code], f"code {code!r} is already in {where}"))
    for (code,) in fetch_in(
        session, "SELECT code FROM coupons WHERE code IN ({values})", parsed.codes
    ):
        errors.append(problem(row_of[code], f"code {code!r} is already a coupon's code"))
    if errors:
        report.errors = sorted(errors, key=lambda e: e["row"] or 0)
        return report
    insert_tuples(
        session,
        pool_codes,
        ("pool_id", "code", "uploaded_at"),
        [(pool.id, code, now) for code in parsed.codes],
    )
    report.added = len(parsed.codes)
    check_low_stock(session, pool, now)
    return report


def pool_json(session: Session, pool: CodePool) -> dict:
    """A pool with its counts, the templates drawing on it and its latest alert."""
    total = session.scalar(
        select(func.count()).select_from(pool_codes).where(pool_codes.c.pool_id == pool.id)
    )
    left = remaining(session, pool.id)
    templates = session.scalars(
        select(CouponTemplate.key).where(CouponTemplate.code_pool == pool.key)
    ).all()
    alert = session.scalar(
        select(CodePoolAlert)
        .where(CodePoolAlert.pool_id == pool.id)
        .order_by(CodePoolAlert.id.desc())
        .limit(1)
    )
    return {
        "key": pool.key,
        "name": pool.name,
        "total": total,
        "remaining": left,
        "claimed": total - left,
        "low_stock_level": pool.low_stock_level,
        "low_stock": pool.low_stock_since is not None,
        "low_stock_since": pool.low_stock_since.isoformat() if pool.low_stock_since else None,
        "last_alert": alert_json(alert) if alert else None,
        "templates": list(templates),
    }


def alert_json(alert: CodePoolAlert) -> dict:
    return {"remaining": alert.remaining, "level": alert.level, "at": alert.at.isoformat()}
