"""Email over SMTP: real MIME messages with List-Unsubscribe and an unsubscribe link.

The Message-ID is derived from the outbox row's idempotency key, so a message re-sent after
a crash carries the same Message-ID and receivers that dedupe by it keep one copy.

Each worker keeps ``connections`` SMTP connections per server open between sends; one
thread per connection takes the next released message as soon as its connection is free
(messages are built to bytes on those threads). A connection the server closed while idle
is opened again before the message is sent.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import queue
import re
import smtplib
import ssl
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.header import Header
from email.utils import format_datetime, formataddr
from functools import lru_cache
from html import unescape

from flask import current_app

from app.messaging import signing
from app.messaging.providers.base import (
    Answers,
    Feed,
    Outcome,
    Outgoing,
    Provider,
    SendContext,
    register,
)

_TAGS = re.compile(r"<[^>]+>")


def message_id_for(key: str, domain: str) -> str:
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def html_to_text(html: str) -> str:
    text = re.sub(r"(?i)<br\s*/?>|</p>", "\n", html)
    return unescape(_TAGS.sub("", text)).strip()


@dataclass
class RawEmail:
    """One message as it goes over SMTP: envelope and bytes."""

    sender: str
    to: str
    data: bytes
    message_id: str


def _header(value: str) -> str:
    """A header value, RFC 2047 encoded when it is not plain short ASCII."""
    if value.isascii() and len(value) < 900 and "\n" not in value and "\r" not in value:
        return value
    return Header(value, "utf-8").encode()


def _part(content_type: str, text: str, boundary: str) -> str:
    body = base64.encodebytes(text.encode()).decode("ascii").replace("\n", "\r\n")
    return (
        f"--{boundary}\r\n"
        f'Content-Type: {content_type}; charset="utf-8"\r\n'
        "MIME-Version: 1.0\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        f"{body}"
    )


@lru_cache(maxsize=8)
def _sender(name: str, address: str) -> str:
    return formataddr((_header(name), address))


@lru_cache(maxsize=8)
def _date(now) -> str:
    """The Date header; a batch's messages share its moment."""
    return format_datetime(now)


def build_email(m: Outgoing, config: dict, ctx: SendContext) -> RawEmail:
    """The MIME message for one outgoing email: text and HTML parts (base64, UTF-8),
    tracking pixel, unsubscribe link and headers.

    Written out directly rather than through the ``email`` package, whose generator costs
    more CPU per message than the whole SMTP exchange with a local relay; the result is an
    ordinary multipart/alternative message that the ``email`` parser reads back.
    """
    domain = config.get("domain") or config["from_address"].rpartition("@")[2] or "localhost"
    text = html_to_text(m.body)
    html = m.body
    if m.unsubscribe_url:
        text += f"\n\nUnsubscribe: {m.unsubscribe_url}\n"
        html += f'<p style="font-size:12px"><a href="{m.unsubscribe_url}">Unsubscribe</a></p>'
    html += f'<img src="{signing.open_pixel_url(m.message_id)}" width="1" height="1" alt="">'
    message_id = message_id_for(m.idempotency_key, domain)
    boundary = "=_" + message_id[1:41]
    sender = _sender(config.get("from_name") or "", config["from_address"])
    to = re.sub(r"[\r\n]", "", m.to or "")
    headers = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {_header(m.subject)}",
        f"Date: {_date(ctx.now)}",
        f"Message-ID: {message_id}",
        f"X-Loyalty-Key: {m.idempotency_key}",
    ]
    if m.unsubscribe_url:
        headers.append(f"List-Unsubscribe: <{m.unsubscribe_url}>")
        headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
    headers += ["MIME-Version: 1.0", f'Content-Type: multipart/alternative; boundary="{boundary}"']
    data = (
        "\r\n".join(headers)
        + "\r\n\r\n"
        + _part("text/plain", text, boundary)
        + _part("text/html", f"<html><body>{html}</body></html>", boundary)
        + f"--{boundary}--\r\n"
    )
    return RawEmail(config["from_address"], to, data.encode(), message_id)


def _connect(config: dict) -> smtplib.SMTP:
    timeout = float(config.get("timeout", 30))
    tls = config.get("tls", "none")
    if tls == "ssl":
        smtp = smtplib.SMTP_SSL(
            config["host"],
            int(config["port"]),
            timeout=timeout,
            context=ssl.create_default_context(),
        )
    else:
        smtp = smtplib.SMTP(config["host"], int(config["port"]), timeout=timeout)
        if tls == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if config.get("username"):
        smtp.login(config["username"], config.get("password") or "")
    return smtp


#: An idle connection older than this is closed rather than reused (servers drop idle
#: clients after a few minutes; RFC 5321 asks them to wait at least 5).
IDLE_SECONDS = 60


class SmtpPool:
    """Open SMTP connections to one server with one configuration, reused between sends."""

    def __init__(self, config: dict):
        self.config = config
        self.size = int(config.get("connections", 4))
        self.idle: queue.LifoQueue = queue.LifoQueue()
        self.executor = ThreadPoolExecutor(self.size, thread_name_prefix="smtp")

    def _take(self) -> smtplib.SMTP:
        while True:
            try:
                smtp, since = self.idle.get_nowait()
            except queue.Empty:
                return _connect(self.config)
            if time.monotonic() - since < IDLE_SECONDS:
                return smtp
            _close(smtp)

    def _give_back(self, smtp: smtplib.SMTP) -> None:
        self.idle.put((smtp, time.monotonic()))

    def stream(self, feed: Feed, ctx: SendContext) -> Iterator[list[tuple[int, Outcome]]]:
        """Send what ``feed`` releases over up to ``size`` connections at once, each taking
        the next message as soon as it is free, yielding each outcome as the server answers.
        """
        # Two messages per connection may be sent and not yet recorded: one on the wire,
        # one answered while the dispatcher commits the previous answers.
        answers = Answers(0, window=2 * self.size, feed=feed)
        # Messages are built on the senders' threads, in the caller's app (signed links).
        app = current_app._get_current_object()
        futures = [
            self.executor.submit(self._send_lane, feed, answers, app, ctx) for _ in range(self.size)
        ]
        yield from answers.groups(futures)

    def _send_lane(self, feed: Feed, answers: Answers, app, ctx: SendContext) -> None:
        with app.app_context():
            smtp = None
            while answers.admit():
                item = feed.take()
                if item is None:
                    answers.unadmit()
                    break
                i, message = item
                try:
                    mime = build_email(message, self.config, ctx)
                except Exception as exc:  # noqa: BLE001 - as a provider error, tried again
                    answers.put(i, Outcome("temporary", reason=f"provider error: {exc}"))
                    continue
                try:
                    if smtp is None:
                        smtp = self._take()
                    answers.put(i, _send_one(smtp, mime))
                    continue
                except smtplib.SMTPServerDisconnected:
                    # Closed while idle, before this message's envelope was accepted.
                    if smtp is not None:
                        _close(smtp)
                        smtp = None
                    try:
                        smtp = _connect(self.config)
                        answers.put(i, _send_one(smtp, mime))
                        continue
                    except (OSError, smtplib.SMTPException) as exc:
                        error = exc
                except (OSError, smtplib.SMTPException) as exc:
                    error = exc
                # This connection is lost: answer the message and leave the rest to the
                # other connections (if all are lost, the caller retries the rest later).
                reason = f"smtp{' connect' if smtp is None else ''}: {error}"
                answers.put(i, Outcome("temporary", reason=reason))
                answers.fail(reason)
                if smtp is not None:
                    _close(smtp)
                return
            if smtp is not None:
                self._give_back(smtp)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        while True:
            try:
                smtp, _ = self.idle.get_nowait()
            except queue.Empty:
                return
            _close(smtp)


def _send_one(smtp: smtplib.SMTP, mail: RawEmail) -> Outcome:
    """One message on an open connection; a refusal answers an outcome, a broken
    connection raises."""
    try:
        refused = smtp.sendmail(mail.sender, [mail.to], mail.data)
    except smtplib.SMTPRecipientsRefused as exc:
        _reset(smtp)
        return Outcome("permanent", reason=f"recipient refused: {exc}")
    except smtplib.SMTPServerDisconnected:
        raise
    except smtplib.SMTPResponseException as exc:
        _reset(smtp)
        kind = "permanent" if exc.smtp_code >= 500 else "temporary"
        return Outcome(kind, reason=f"smtp {exc.smtp_code}: {exc.smtp_error!r}")
    if refused:
        return Outcome("permanent", reason=f"recipient refused: {refused}")
    return Outcome("sent", mail.message_id)


def _reset(smtp: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError, smtplib.SMTPException):
        smtp.rset()


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


_pools: dict[str, SmtpPool] = {}
_pools_lock = threading.Lock()


def pool_for(config: dict) -> SmtpPool:
    """The worker's pool for this exact configuration (a changed setting opens a new one)."""
    key = json.dumps(config, sort_keys=True, default=str)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            for old in _pools.values():
                old.close()
            _pools.clear()
            pool = _pools[key] = SmtpPool(config)
        return pool


def close_pools() -> None:
    """Close every kept connection (end of a process, tests)."""
    with _pools_lock:
        for pool in _pools.values():
            pool.close()
        _pools.clear()


class SmtpEmail(Provider):
    name = "smtp"
    channel = "email"
    title = "Email (SMTP)"
    secret_fields = ("password",)
    settings_schema = {
        "type": "object",
        "required": ["host", "port", "from_address"],
        "additionalProperties": False,
        "properties": {
            "host": {"type": "string", "minLength": 1, "title": "SMTP host"},
            "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 587},
            "tls": {"enum": ["none", "starttls", "ssl"], "default": "starttls"},
            "username": {"type": "string"},
            "password": {"type": "string", "writeOnly": True},
            "from_address": {"type": "string", "format": "email", "minLength": 3},
            "from_name": {"type": "string"},
            "domain": {"type": "string", "title": "Message-ID domain"},
            "timeout": {"type": "number", "minimum": 1, "maximum": 120, "default": 30},
            "connections": {
                "type": "integer",
                "minimum": 1,
                "maximum": 32,
                "default": 4,
                "title": "Connections kept open per worker",
            },
        },
    }

    def address(self, member: dict | None) -> str | None:
        return member.get("email") if member else None

    def stream_feed(
        self, feed: Feed, config: dict, ctx: SendContext
    ) -> Iterator[list[tuple[int, Outcome]]]:
        return pool_for(config).stream(feed, ctx)


register(SmtpEmail())
