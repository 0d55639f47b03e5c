"""What every response says about itself: security headers, and no server software banner."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.serving import WSGIRequestHandler

#: The browser app is built by Vite into files served from this origin: scripts and styles
#: come from ``/assets``; React Flow and the charts set ``style`` attributes, hence
#: ``'unsafe-inline'`` for styles only. The live view's websocket is same-origin (``'self'``).
APP_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

#: The API reference pages (spectree's Swagger UI, ReDoc, Scalar) load their scripts from
#: public CDNs and start them with an inline script.
_DOCS_CDNS = "https://unpkg.com https://cdn.jsdelivr.net"
DOCS_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' 'unsafe-inline' {_DOCS_CDNS}",
        f"style-src 'self' 'unsafe-inline' {_DOCS_CDNS} https://fonts.googleapis.com",
        "img-src 'self' data: https:",
        "font-src 'self' data: https://fonts.gstatic.com",
        f"connect-src 'self' {_DOCS_CDNS}",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    ]
)

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}

#: One year, and subdomains too; sent only on responses that went out over HTTPS.
HSTS = "max-age=31536000; includeSubDomains"


def security_headers(response):
    """Add the security headers to one response (unless a view set its own)."""
    policy = DOCS_POLICY if request.path.startswith("/api/docs") else APP_POLICY
    response.headers.setdefault("Content-Security-Policy", policy)
    for name, value in STATIC_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app: Flask) -> None:
    app.after_request(security_headers)


class QuietRequestHandler(WSGIRequestHandler):
    """The development server without its ``Server: Werkzeug/<version> Python/<version>``."""

    def version_string(self) -> str:
        return "loyalty-canvas"
