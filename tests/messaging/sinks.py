"""Local stand-ins for real providers: an SMTP server (aiosmtpd) and an HTTP provider.

Both keep what they receive and deliver each idempotency key once, as a provider that
honours keys does: the HTTP sink by the ``Idempotency-Key`` header, the SMTP sink by the
Message-ID. Used by the tests and by ``bench/dispatcher.py``.
"""

from __future__ import annotations

import asyncio
import email
import email.parser
import json
import socket
import threading
from collections import Counter
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

_HEADERS = email.parser.BytesParser()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    """An SMTP server on 127.0.0.1 that keeps one copy per Message-ID.

    ``messages`` holds the raw bytes; :meth:`parsed` gives them as ``EmailMessage`` objects.
    ``attempts`` counts every DATA per Message-ID. ``delay`` (seconds) makes each message
    take that long to accept, as a busy relay does; connections wait concurrently.
    """

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.messages: dict[str, bytes] = {}
        self.attempts: Counter = Counter()
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        key = _HEADERS.parsebytes(envelope.content, headersonly=True)["Message-ID"]
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.attempts[key] += 1
            self.messages.setdefault(key, envelope.content)
        return "250 OK"

    def parsed(self) -> list[email.message.EmailMessage]:
        return [
            email.message_from_bytes(raw, policy=policy.default) for raw in self.messages.values()
        ]

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out in two writes; without this, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every keep-alive request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args):
        pass

    def do_POST(self):  # noqa: N802 - http.server's name
        sink: HttpSink = self.server.sink
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        key = self.headers.get("Idempotency-Key", "")
        with sink.lock:
            sink.attempts[key] += 1
            status = sink.fail_with.pop(0) if sink.fail_with else 200
            answered = sink.answer_for(json.loads(raw or b"null")) if sink.answer_for else None
            if answered:
                status = answered[0]
            if status == 200 and key not in sink.delivered:
                sink.delivered[key] = {
                    "path": self.path,
                    "json": json.loads(raw or b"null"),
                    "raw": raw,
                    "headers": dict(self.headers),
                }
        body = json.dumps({"id": f"prov-{key}"} if status == 200 else {"error": "x"}).encode()
        if sink.answer is not None:
            body = sink.answer
        if answered:
            body = json.dumps(answered[1]).encode()
        if sink.redirect_to:
            status = 307
        self.send_response(status)
        if sink.redirect_to:
            self.send_header("Location", sink.redirect_to)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST  # noqa: N815 - http.server's name


class HttpSink:
    """An HTTP provider on 127.0.0.1 that delivers each Idempotency-Key once.

    Put status codes in ``fail_with`` to answer the next requests with them.
    """

    def __init__(self):
        self.delivered: dict[str, dict] = {}
        self.attempts: Counter = Counter()
        self.fail_with: list[int] = []
        #: Bytes to answer instead of ``{"id": ...}``; a URL to redirect every request to.
        self.answer: bytes | None = None
        #: ``payload -> (status, answer)`` per request, e.g. a lottery drawing per member.
        self.answer_for = None
        self.redirect_to: str | None = None
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.sink = self
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
