"""Behind ``PROXY_COUNT`` reverse proxies, trust that many ``X-Forwarded-*`` hops.

With the default 0 the headers are ignored: anyone could send them. With 1 (one nginx or load
balancer in front), the client address, scheme, host and port the proxy saw become the
request's own, so throttling counts the real client, ``request.is_secure`` tells HTTPS, and
cookies get their ``Secure`` flag.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count > 0:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count
        )
