"""Channel settings (Settings page): provider config and send rules per channel.

Stored in ``channel_configs.settings`` as ``{"config": {...}, "rules": {...}}``. Provider
config is checked against the provider's own JSON schema; secrets are never shown again and
are stored encrypted (:mod:`app.messaging.secrets`).
"""

from __future__ import annotations

from dataclasses import dataclass

import jsonschema
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.messaging.callbacks import callback_url
from app.messaging.providers import get_provider, providers
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

    @property
    def usable(self) -> bool:
        if self.problem:
            return False
        return self.enabled and (bool(self.config) or not get_provider(self.channel).needs_settings)


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
    session: Session, channel: str, enabled: bool, config: dict, rules: dict
) -> list[dict]:
    """Validate and store a channel's settings; returns the problems (nothing saved if any)."""
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
    problems += _errors(provider.settings_schema, config, "config") + _errors(
        RULES_SCHEMA, rules, "rules"
    )
    if enabled and provider.needs_settings and not config:
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
    session.flush()
    return []


def channel_json(setup: ChannelSetup) -> dict:
    """A channel for the Settings page: schema, masked config, rules and their defaults."""
    provider = get_provider(setup.channel)
    config = {
        k: (MASK if k in provider.secret_fields and v else v) for k, v in setup.config.items()
    }
    return {
        "channel": setup.channel,
        "provider": provider.name,
        "title": provider.title,
        "enabled": setup.enabled,
        "usable": setup.usable,
        "problem": setup.problem,
        "config": config,
        "config_schema": provider.settings_schema,
        "rules": setup.raw_rules,
        "default_rules": DEFAULT_RULES.get(setup.channel, {}),
        "rules_schema": RULES_SCHEMA,
    }
