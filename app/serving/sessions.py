"""The signed session cookie, ``Secure`` whenever the request came over HTTPS."""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    """Flask's cookie sessions; the ``Secure`` flag follows the request's scheme (behind a
    proxy, the scheme it forwarded: see :mod:`app.serving.proxy`) unless
    ``SESSION_COOKIE_SECURE`` forces it on."""

    def get_cookie_secure(self, app: Flask) -> bool:
        forced = bool(app.config["SESSION_COOKIE_SECURE"])
        return forced or (has_request_context() and request.is_secure)


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
