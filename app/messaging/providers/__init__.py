"""Channel providers, one module each; importing this package registers them all."""

from app.messaging.providers import email_smtp, inapp, push, sms, webhook  # noqa: F401
from app.messaging.providers.base import (
    Outcome,
    Outgoing,
    Provider,
    SendContext,
    get_provider,
    providers,
    register,
)

__all__ = [
    "Outcome",
    "Outgoing",
    "Provider",
    "SendContext",
    "get_provider",
    "providers",
    "register",
]
