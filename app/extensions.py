"""Flask extensions, created once here and bound to the app in ``create_app``."""

from __future__ import annotations

from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from spectree import SpecTree
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler

from app.models.base import Base


def _sqlite_table_hint(compiler, table, text: str) -> str:
    """Render ``Select.with_hint(table, "INDEXED BY ...", "sqlite")`` after the table name:
    SQLAlchemy's SQLite compiler drops table hints, so without this the few queries that
    must start from a small index (a report's coupon sales and unsubscribes, the waiting
    runs) would be planned from SQLite's averaged statistics into a scan of millions."""
    return text


SQLiteCompiler.get_from_hint_text = _sqlite_table_hint


def _validation_error_body(req, resp, req_validation_error, instance, model_adapter) -> None:
    """Answer spectree's request validation failures in the API's own error shape."""
    if req_validation_error is None or resp is None:
        return
    from app.errors import pydantic_errors, validation_error

    body, status = validation_error(pydantic_errors(req_validation_error)).response()
    resp.set_data(body.get_data())
    resp.status_code = status
    resp.mimetype = "application/json"


db = SQLAlchemy(model_class=Base)
migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
socketio = SocketIO()
#: Only the routes that say so are limited (sign-in); storage comes from the config.
limiter = Limiter(get_remote_address)
compress = Compress()
api_spec = SpecTree(
    "flask",
    title="Loyalty Canvas API",
    version="1",
    # The document and its pages live under /api/docs/ (spectree leaves its own path out of
    # the document, so it cannot be /api itself); /api/openapi.json serves it too.
    path="api/docs",
    filename="openapi.json",
    validation_error_status=400,
    annotations=True,
    before=_validation_error_body,
)
