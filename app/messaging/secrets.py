"""Channel secrets (SMTP password, HTTP auth header, webhook secret) encrypted at rest.

Stored as ``"fernet:" + token`` with `cryptography`'s Fernet (AES-128-CBC + HMAC-SHA256).
The key comes from ``CHANNEL_SECRETS_KEY`` (environment or config): one or more Fernet keys,
comma-separated; the first encrypts, every one decrypts, so a key is rotated by putting the
new one first and saving each channel again. Without it, a key is generated once into
``instance/channel_secrets_key`` (the embedded set-up), next to ``instance/secret_key``.
A value saved before encryption existed is read as it is and encrypted at the next save.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

PREFIX = "fernet:"


class SecretUnreadable(ValueError):
    """A stored secret that none of the configured keys decrypts."""


def _keys() -> list[bytes]:
    configured = current_app.config.get("CHANNEL_SECRETS_KEY")
    if configured:
        return [k.strip().encode() for k in str(configured).split(",") if k.strip()]
    path = Path(current_app.instance_path) / "channel_secrets_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(Fernet.generate_key())
        path.chmod(0o600)
    return [path.read_bytes().strip()]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in _keys()])


def encrypt(value: str) -> str:
    return PREFIX + _fernet().encrypt(value.encode()).decode()


def decrypt(value):
    """The plain value of a stored secret (values stored before encryption pass as is)."""
    if not isinstance(value, str) or not value.startswith(PREFIX):
        return value
    try:
        return _fernet().decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable(
            "a saved channel secret cannot be decrypted with CHANNEL_SECRETS_KEY"
        ) from exc


def encrypt_fields(config: dict, fields: tuple[str, ...]) -> dict:
    return {
        k: (encrypt(v) if k in fields and isinstance(v, str) and v else v)
        for k, v in config.items()
    }


def decrypt_fields(config: dict, fields: tuple[str, ...]) -> dict:
    return {k: (decrypt(v) if k in fields else v) for k, v in config.items()}
