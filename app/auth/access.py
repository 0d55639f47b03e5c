"""Who may call which route.

Every route needs a signed-in user or an API token, unless its view is marked
:func:`public`. Viewers may only read; changes need a marketer or an admin unless a view
says otherwise with :func:`roles_required`. API tokens may only call views that name the
scopes they accept with :func:`token_scopes`.
"""

from __future__ import annotations

from collections.abc import Callable

ROLE_RANK = {"viewer": 0, "marketer": 1, "admin": 2}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def public(view: Callable) -> Callable:
    """Let anyone call this view (health, login, the app shell, member-facing links)."""
    view._lc_public = True
    return view


def roles_required(*roles: str) -> Callable:
    """Only signed-in users with one of ``roles`` may call this view, whatever the method."""

    def decorate(view: Callable) -> Callable:
        view._lc_roles = frozenset(roles)
        return view

    return decorate


def token_scopes(*scopes: str) -> Callable:
    """API tokens holding any of ``scopes`` may call this view."""

    def decorate(view: Callable) -> Callable:
        view._lc_scopes = frozenset(scopes)
        return view

    return decorate


def is_public(view: Callable) -> bool:
    return getattr(view, "_lc_public", False)


def role_allows(view: Callable, role: str, method: str) -> bool:
    roles = getattr(view, "_lc_roles", None)
    if roles is not None:
        return role in roles
    minimum = "viewer" if method in SAFE_METHODS else "marketer"
    return ROLE_RANK.get(role, -1) >= ROLE_RANK[minimum]


def token_allows(view: Callable, scopes: list[str]) -> bool:
    accepted = getattr(view, "_lc_scopes", frozenset())
    return bool(accepted & set(scopes))
