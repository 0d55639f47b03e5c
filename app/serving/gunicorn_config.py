"""gunicorn settings for ``flask --app wsgi serve --production``.

Flask-SocketIO runs in threading mode here, and gunicorn's ``gthread`` worker with
simple-websocket is a server it supports: no monkey patching, so the database drivers,
APScheduler and the live emitter's timer threads behave as in the development server.

Several processes share one port, and gunicorn hands each new connection to any of them, so
Socket.IO's long-polling (several HTTP requests per session) would land on processes that do
not know the session. The browser therefore connects by websocket only (one connection, one
process), the server refuses polling, and rooms are shared through Redis (``REDIS_URL``).

Host, port, workers and threads come from ``flask serve --production`` on the command line.
"""

from __future__ import annotations

import os

import gunicorn.http.wsgi

worker_class = "gthread"
# The app is built in each worker, after the fork: its database pool and its Redis listener
# thread belong to that process.
preload_app = False
# A websocket holds its thread for as long as the browser watches; gthread counts it as a
# busy request, so the timeout is about silent workers, not long requests.
timeout = 120
graceful_timeout = 30
keepalive = 5
# Proxy headers are trusted by the app (ProxyFix, PROXY_COUNT), not by gunicorn.
forwarded_allow_ips = ""
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
proc_name = "loyalty-canvas"
# Requests lines and header fields beyond these are answered 414 / 400 before the app sees them.
limit_request_line = 8190
limit_request_field_size = 8190

# gunicorn names itself in a Server header on every response; say nothing about the software.
gunicorn.http.wsgi.SERVER = "loyalty-canvas"
