"""Email over SMTP: real MIME messages with List-Unsubscribe and an unsubscribe link.

The Message-ID is derived from the outbox row's idempotency key, so a message re-sent after
a crash carries the same Message-ID and receivers that dedupe by it keep one copy.
"""

from __future__ import annotations

import hashlib
import re
import smtplib
import ssl
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from html import unescape

from app.messaging import signing
from app.messaging.providers.base import Outcome, Outgoing, Provider, SendContext, register

_TAGS = re.compile(r"<[^>]+>")


def message_id_for(key: str, domain: str) -> str:
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def html_to_text(html: str) -> str:
    text = re.sub(r"(?i)<br\s*/?>|</p>", "\n", html)
    return unescape(_TAGS.sub("", text)).strip()


def build_mime(m: Outgoing, config: dict, ctx: SendContext) -> MIMEMultipart:
    """The MIME message for one outgoing email: text and HTML parts, tracking pixel.

    Built with the compat32 classes, which are several times faster than ``EmailMessage``
    at setting headers; non-ASCII headers are RFC 2047 encoded.
    """
    domain = config.get("domain") or config["from_address"].rpartition("@")[2] or "localhost"
    text = html_to_text(m.body)
    html = m.body
    if m.unsubscribe_url:
        text += f"\n\nUnsubscribe: {m.unsubscribe_url}\n"
        html += f'<p style="font-size:12px"><a href="{m.unsubscribe_url}">Unsubscribe</a></p>'
    html += f'<img src="{signing.open_pixel_url(m.message_id)}" width="1" height="1" alt="">'
    msg = MIMEMultipart("alternative")
    msg["From"] = formataddr(
        (str(Header(config.get("from_name") or "", "utf-8")), config["from_address"])
    )
    msg["To"] = m.to
    msg["Subject"] = Header(m.subject, "utf-8")
    msg["Date"] = format_datetime(ctx.now)
    msg["Message-ID"] = message_id_for(m.idempotency_key, domain)
    msg["X-Loyalty-Key"] = m.idempotency_key
    if m.unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{m.unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.attach(MIMEText(text, "plain", "utf-8"))
    msg.attach(MIMEText(f"<html><body>{html}</body></html>", "html", "utf-8"))
    return msg


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
        },
    }

    def address(self, member: dict | None) -> str | None:
        return member.get("email") if member else None

    def send(self, messages: list[Outgoing], config: dict, ctx: SendContext) -> list[Outcome]:
        outcomes: list[Outcome] = []
        try:
            smtp = _connect(config)
        except (OSError, smtplib.SMTPException) as exc:
            return [Outcome("temporary", reason=f"smtp connect: {exc}") for _ in messages]
        try:
            for i, m in enumerate(messages):
                mime = build_mime(m, config, ctx)
                try:
                    refused = smtp.send_message(mime)
                except smtplib.SMTPRecipientsRefused as exc:
                    outcomes.append(Outcome("permanent", reason=f"recipient refused: {exc}"))
                    continue
                except smtplib.SMTPResponseException as exc:
                    kind = "permanent" if exc.smtp_code >= 500 else "temporary"
                    outcomes.append(
                        Outcome(kind, reason=f"smtp {exc.smtp_code}: {exc.smtp_error!r}")
                    )
                    continue
                except (OSError, smtplib.SMTPException) as exc:
                    rest = len(messages) - i
                    outcomes += [Outcome("temporary", reason=f"smtp: {exc}")] * rest
                    return outcomes
                if refused:
                    outcomes.append(Outcome("permanent", reason=f"recipient refused: {refused}"))
                else:
                    outcomes.append(Outcome("sent", mime["Message-ID"]))
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
        return outcomes


register(SmtpEmail())
