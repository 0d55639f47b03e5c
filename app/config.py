"""Configuration read from the environment, with safe defaults for the embedded setup."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def _instance_secret(instance_path: Path) -> str:
    """Return the secret key kept in ``instance/secret_key``, creating it on first use."""
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the short way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(url: str) -> dict:
    """Connection pool options; on PostgreSQL, no JIT compilation: it costs the audience
    previews and RFM aggregates more than it saves, and the engine's queries are short."""
    options: dict = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        options["connect_args"] = {"options": "-c jit=off"}
    return options


def int_setting(name: str, default: int, low: int, high: int | None = None) -> int:
    """A whole number from the environment variable ``name`` (``default`` when unset or
    empty), within ``[low, high]``; anything else stops the app with a message naming it."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < low or (high is not None and value > high):
        bound = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise ValueError(f"{name} must be a whole number {bound}, not {value}")
    return value


def load(instance_path: str) -> dict:
    """Build the Flask config mapping from environment variables."""
    instance = Path(instance_path)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'loyalty.db'}"
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _instance_secret(instance),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(normalise_database_url(database_url)),
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        # Fernet key(s) for channel secrets at rest; unset: instance/channel_secrets_key.
        "CHANNEL_SECRETS_KEY": os.environ.get("CHANNEL_SECRETS_KEY") or None,
        # Deployments sharing one Redis server need a channel each (Redis pub/sub ignores
        # the database number in the URL).
        "SOCKETIO_CHANNEL": os.environ.get("SOCKETIO_CHANNEL", "flask-socketio"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure whenever the request came over HTTPS (app/serving/sessions.py); 1 forces it.
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        # Reverse proxies in front whose X-Forwarded-* headers are trusted (app/serving/proxy.py).
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", 0)),
        # Sign-in throttling (app/auth/throttle.py): failed sign-ins per account, per address.
        "LOGIN_LIMIT_ACCOUNT": os.environ.get("LOGIN_LIMIT_ACCOUNT", "10 per 15 minutes"),
        "LOGIN_LIMIT_ADDRESS": os.environ.get("LOGIN_LIMIT_ADDRESS", "50 per 15 minutes"),
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "loyalty-canvas"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Compressed responses (Flask-Compress): text, JSON, scripts, styles, SVG.
        "COMPRESS_MIMETYPES": [
            "text/html",
            "text/css",
            "text/csv",
            "text/plain",
            "text/javascript",
            "application/javascript",
            "application/json",
            "image/svg+xml",
        ],
        # Files of the built frontend are streamed: compressed as they go (zstd, br or deflate;
        # Flask-Compress streams no gzip) and still answered 304 when unchanged.
        "COMPRESS_STREAMING_ENDPOINT_CONDITIONAL": ["web.app_shell"],
        "WTF_CSRF_CHECK_DEFAULT": False,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": int_setting("MAX_CONTENT_LENGTH", 64 * 1024 * 1024, 1),
        "BULK_LIMIT": 10_000,
        "FRONTEND_DIST": os.environ.get(
            "FRONTEND_DIST", str(Path(__file__).resolve().parent.parent / "frontend" / "dist")
        ),
        "SCHEDULER_ENABLED": os.environ.get("SCHEDULER_ENABLED", "1") == "1",
        # Runs the engine advances per transaction (see docs/engine.md, "Processes").
        "ENGINE_BATCH_SIZE": int_setting("ENGINE_BATCH_SIZE", 10_000, 1),
        # RFM: the purchase window, and the UTC hour of the nightly refresh (at :30).
        "RFM_WINDOW_DAYS": int_setting("RFM_WINDOW_DAYS", 365, 1, 3660),
        "AUDIENCES_REFRESH_HOUR": int_setting("AUDIENCES_REFRESH_HOUR", 2, 0, 23),
        "PREDICT_HOLDOUT_DAYS": int_setting("PREDICT_HOLDOUT_DAYS", 90, 7, 3660),
        # The delivery dispatcher: how often it runs, and how many messages per batch.
        "DISPATCH_INTERVAL_SECONDS": int_setting("DISPATCH_INTERVAL_SECONDS", 5, 1),
        "DISPATCH_BATCH_SIZE": int_setting("DISPATCH_BATCH_SIZE", 500, 1),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL") or None,
        "REQUIRE_MIGRATED_DB": True,
        # The demo shop posts orders every minute (app/demo/shop.py); demo data only.
        "DEMO_SHOP": os.environ.get("DEMO_SHOP", "0") == "1",
        "DEMO_SHOP_ORDERS": int(os.environ.get("DEMO_SHOP_ORDERS", 6)),
        "DEMO_SHOP_CARTS": int(os.environ.get("DEMO_SHOP_CARTS", 1)),
        # The chance, each minute, that a friend registers with a member's invitation code.
        "DEMO_SHOP_FRIENDS": float(os.environ.get("DEMO_SHOP_FRIENDS", 0.2)),
    }


MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
