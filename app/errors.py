"""JSON error responses, so every failure names what was wrong."""

from __future__ import annotations

import re

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

#: At most this many problems are listed in one response; ``error_count`` gives the total.
ERROR_LIST_LIMIT = 100


class ApiError(Exception):
    """An error answered as ``{"error": code, "message": ..., "errors": [...]}``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        errors: list | None = None,
        error_count: int | None = None,
    ):
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors or []
        self.error_count = error_count if error_count is not None else len(self.errors)

    def response(self):
        body = {"error": self.code, "message": self.message}
        if self.errors:
            body["errors"] = self.errors
            body["error_count"] = self.error_count
        return jsonify(body), self.status


def validation_error(errors: list[dict], message: str | None = None) -> ApiError:
    """A 400 for a list of ``{"index"?, "field", "message"}`` problems.

    Only the first :data:`ERROR_LIST_LIMIT` problems are listed; ``error_count`` is the total.
    """
    first = errors[0]
    where = ".".join(
        str(p) for p in ([first.get("index")] if "index" in first else []) + [first.get("field")]
    )
    summary = message or f"{len(errors)} invalid field(s); first: {where}: {first['message']}"
    return ApiError(400, "validation_failed", summary, errors[:ERROR_LIST_LIMIT], len(errors))


def pydantic_errors(exc, index_offset: int = 0) -> list[dict]:
    """Turn pydantic's error list into ``{"index", "field", "message"}`` entries.

    A location such as ``("records", 3, "amount")`` becomes index 3 and field ``amount``.
    """
    out = []
    for err in exc.errors(include_url=False, include_input=False):
        loc = list(err.get("loc", ()))
        entry: dict = {}
        if len(loc) >= 2 and loc[0] == "records" and isinstance(loc[1], int):
            entry["index"] = loc[1] + index_offset
            loc = loc[2:]
        elif loc and isinstance(loc[0], int):
            entry["index"] = loc[0] + index_offset
            loc = loc[1:]
        entry["field"] = ".".join(str(p) for p in loc) or "(body)"
        entry["message"] = err["msg"]
        out.append(entry)
    return out


def integrity_error(exc) -> ApiError:
    """What a constraint the database enforced says about the input, naming the column:
    a null where a value is required, a duplicate, or a reference to nothing."""
    orig = getattr(exc, "orig", exc)
    text = str(orig)
    diag = getattr(orig, "diag", None)
    detail = getattr(diag, "message_detail", None) or ""
    keyed = re.search(r"Key \(([^)]+)\)=", detail)
    sqlite_column = re.search(r"constraint failed: \w+\.(\w+)", text)
    column = (
        getattr(diag, "column_name", None)
        or (keyed.group(1) if keyed else None)
        or (sqlite_column.group(1) if sqlite_column else None)
        or "(body)"
    )
    if "NOT NULL" in text or "not-null" in text:
        return validation_error([{"field": column, "message": "must not be null"}])
    if "UNIQUE" in text or "unique constraint" in text:
        return ApiError(
            409,
            "conflict",
            f"{column}: a record with this value exists already.",
            [{"field": column, "message": "exists already"}],
        )
    if "FOREIGN KEY" in text or "foreign key" in text:
        return validation_error(
            [{"field": column, "message": "refers to a record that does not exist"}]
        )
    return validation_error([{"field": column, "message": "breaks a rule of the data"}])


def init_app(app: Flask) -> None:
    from sqlalchemy.exc import DataError, IntegrityError, OperationalError

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        return exc.response()

    @app.errorhandler(IntegrityError)
    def _integrity_error(exc: IntegrityError):
        from app.extensions import db

        db.session.rollback()
        return integrity_error(exc).response()

    @app.errorhandler(OperationalError)
    def _operational_error(exc: OperationalError):
        from app.extensions import db

        db.session.rollback()
        if "database is locked" not in str(exc.orig):
            return _unexpected(exc)
        # SQLite's writers waited for the whole busy timeout: nothing was written, and the
        # same request a moment later will get through.
        app.logger.warning("SQLite stayed locked for the whole busy timeout")
        response = jsonify(
            error="busy", message="The database is busy; nothing was changed. Try again."
        )
        response.headers["Retry-After"] = "1"
        return response, 503

    @app.errorhandler(DataError)
    def _data_error(exc: DataError):
        from app.extensions import db

        db.session.rollback()
        app.logger.warning("refused by the database: %s", exc.orig)
        return validation_error(
            [{"field": "(body)", "message": "a value does not fit its column"}]
        ).response()

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.response is not None and exc.response.mimetype == "application/json":
            return exc.response
        code = (exc.name or "error").lower().replace(" ", "_")
        return jsonify(error=code, message=exc.description), exc.code

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        return jsonify(error="internal_error", message="An unexpected error occurred."), 500
