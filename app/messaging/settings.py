"""Channel settings (Settings page): provider config and send rules per channel.

Stored in ``channel_configs.settings`` as ``{"config": {...}, "rules": {...}}`` (plus
``"sandbox": true`` for a channel that captures its messages instead of sending them, see
:mod:`app.messaging.providers.sandbox`). Provider config is checked against the provider's
own JSON schema; secrets are never shown again and are stored encrypted
(:mod:`app.messaging.secrets`).
"""

from __future__ import annotations

from dataclasses import dataclass

import jsonschema
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.messaging.callbacks import callback_url
from app.messaging.providers import Provider, get_provider, providers
from app.messaging.providers.sandbox import SandboxCapture
from app.messaging.rules import DEFAULT_RULES, ChannelRules, parse_rules
from app.messaging.secrets import SecretUnreadable, decrypt, decrypt_fields, encrypt_fields
from app.models import ChannelConfig

MASK = "********"
_TIME = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}
RULES_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "quiet_hours": {
            "anyOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["start", "end"],
                    "additionalProperties": False,
                    "properties": {"start": _TIME, "end": _TIME},
                },
            ]
        },
        "day_cap": {"type": ["integer", "null"], "minimum": 0},
        "week_cap": {"type": ["integer", "null"], "minimum": 0},
        "cap_action": {"enum": ["defer", "skip"]},
        "unsubscribe_line": {"type": ["string", "null"], "maxLength": 60},
        "cost_per_message": {"type": ["string", "null"], "pattern": r"^\d{1,4}(\.\d{1,4})?$"},
        "rate_per_second": {"type": ["number", "null"], "exclusiveMinimum": 0},
        "max_attempts": {"type": "integer", "minimum": 1, "maximum": 20},
    },
}


@dataclass
class ChannelSetup:
    channel: str
    enabled: bool
    config: dict
    rules: ChannelRules
    raw_rules: dict
    callback_url: str | None = None
    #: Why the saved settings cannot be used (a secret no configured key decrypts).
    problem: str | None = None
    sandbox: bool = False

    @property
    def usable(self) -> bool:
        if self.problem:
            return False
        return self.enabled and (
            self.sandbox or bool(self.config) or not get_provider(self.channel).needs_settings
        )

    @property
    def provider(self) -> Provider:
        """The channel's provider, or its sandbox stand-in."""
        real = get_provider(self.channel)
        return SandboxCapture(real) if self.sandbox else real


def load_channels(session: Session) -> dict[str, ChannelSetup]:
    """Every registered channel with its saved settings (in-app is on unless turned off)."""
    saved = {c.channel: c for c in session.scalars(select(ChannelConfig))}
    out = {}
    for channel, provider in providers().items():
        row = saved.get(channel)
        settings = (row.settings if row else None) or {}
        enabled = row.enabled if row else not provider.needs_settings
        rules = settings.get("rules") or {}
        secret = settings.get("callback_secret")
        problem = None
        try:
            config = decrypt_fields(settings.get("config") or {}, provider.secret_fields)
        except SecretUnreadable as exc:
            config, problem = {}, str(exc)
        out[channel] = ChannelSetup(
            channel,
            enabled,
            config,
            parse_rules(channel, rules),
            rules,
            callback_url(channel, secret) if secret else None,
            problem,
            sandbox=bool(settings.get("sandbox")),
        )
    return out


def _errors(schema: dict, value: dict, prefix: str) -> list[dict]:
    validator = jsonschema.Draft202012Validator(schema)
    return [
        {
            "field": ".".join([prefix, *[str(p) for p in err.absolute_path]]),
            "message": err.message,
        }
        for err in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
    ]


def save_channel(
    session: Session, channel: str, enabled: bool, config: dict, rules: dict, sandbox: bool = False
) -> list[dict]:
    """Validate and store a channel's settings; returns the problems (nothing saved if any).

    A ``sandbox`` channel needs no provider settings (any given are still checked)."""
    provider = get_provider(channel)
    row = session.get(ChannelConfig, channel)
    old = ((row.settings if row else None) or {}).get("config") or {}
    problems = []
    kept = {}
    for k, v in config.items():
        if v == MASK and k in provider.secret_fields:
            try:
                kept[k] = decrypt(old.get(k))
            except SecretUnreadable:
                message = (
                    "the saved value cannot be decrypted (CHANNEL_SECRETS_KEY?); enter it again"
                )
                problems.append({"field": f"config.{k}", "message": message})
    config = {**config, **kept}
    problems += _errors(RULES_SCHEMA, rules, "rules")
    if config or not sandbox:
        problems = _errors(provider.settings_schema, config, "config") + problems
    if enabled and provider.needs_settings and not config and not sandbox:
        problems.append({"field": "config", "message": "an enabled channel needs its settings"})
    if problems:
        return problems
    if row is None:
        row = ChannelConfig(channel=channel)
        session.add(row)
    row.enabled = enabled
    # Other keys (the callback secret) stay as they are.
    stored = encrypt_fields(config, provider.secret_fields)
    row.settings = {**(row.settings or {}), "config": stored, "rules": rules}
    if sandbox:
        row.settings["sandbox"] = True
    else:
        row.settings.pop("sandbox", None)
    session.flush()
    return []


def channel_json(setup: ChannelSetup) -> dict:
    """A channel for the Settings page: schema, masked config, rules and their defaults."""
    provider = get_provider(setup.channel)
    shown = setup.provider  # names the sandbox when the channel captures
    config = {
        k: (MASK if k in provider.secret_fields and v else v) for k, v in setup.config.items()
    }
    return {
        "channel": setup.channel,
        "provider": shown.name,
        "title": shown.title,
        "enabled": setup.enabled,
        "sandbox": setup.sandbox,
        "usable": setup.usable,
        "problem": setup.problem,
        "config": config,
        "config_schema": provider.settings_schema,
        "rules": setup.raw_rules,
        "default_rules": DEFAULT_RULES.get(setup.channel, {}),
        "rules_schema": RULES_SCHEMA,
    }
