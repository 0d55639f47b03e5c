"""Password hashing with Argon2id."""

from __future__ import annotations

import secrets
import threading
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

#: Argon2id holds 64 MiB for each hash it computes: at most this many at once per process,
#: so a burst of sign-ins waits its turn instead of growing the server by gigabytes.
CONCURRENT_HASHES = 4
_slots = threading.BoundedSemaphore(CONCURRENT_HASHES)


def hash_password(password: str) -> str:
    with _slots:
        return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    with _slots:
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


_dummy_lock = threading.Lock()


@cache
def _dummy_hash_once() -> str:
    return hash_password(secrets.token_urlsafe(16))


def _dummy_hash() -> str:
    # One thread computes it; the others wait rather than hash a dummy of their own.
    with _dummy_lock:
        return _dummy_hash_once()


def check_sign_in(password_hash: str | None, password: str) -> bool:
    """Verify a sign-in's password. Without a user (``password_hash`` None) a dummy hash of
    the same parameters is verified, so an unknown email costs the same time as a known one
    and answers cannot tell which emails have accounts."""
    if password_hash is None:
        verify_password(_dummy_hash(), password)
        return False
    return verify_password(password_hash, password)
