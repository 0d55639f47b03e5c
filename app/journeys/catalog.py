"""What a journey may refer to: audience, coupon and message template keys, and channels.

A catalog comes from the database (what this environment has), from a bundle file's
carried objects (offline checks in git), or both merged (validating a bundle before
importing it). Any part left as None is unknown and its check is skipped: offline, a
plain document (not a bundle) has its references and channels unchecked, and a bundle
without a "channels" list has its channels unchecked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.messaging.settings import load_channels
from app.models import Audience, CouponTemplate, MessageTemplate


@dataclass(frozen=True)
class ReferenceCatalog:
    """Known keys per kind (message templates map to their channel) and configured channels."""

    audiences: frozenset[str] | None = None
    coupon_templates: frozenset[str] | None = None
    message_templates: Mapping[str, str] | None = None
    channels: frozenset[str] | None = None

    def keys(self, kind: str) -> Mapping[str, str | None] | None:
        """Known keys of ``kind`` mapped to their channel (None where it has none)."""
        if kind == "message_template":
            return self.message_templates
        known = self.audiences if kind == "audience" else self.coupon_templates
        return None if known is None else dict.fromkeys(known)

    @classmethod
    def from_database(cls, session: Session) -> ReferenceCatalog:
        """What this environment has. A channel counts when it is enabled in Settings →
        Channels; one that needs no settings (the in-app inbox) is on unless turned off."""
        return cls(
            audiences=frozenset(session.scalars(select(Audience.key))),
            coupon_templates=frozenset(session.scalars(select(CouponTemplate.key))),
            message_templates=dict(
                session.execute(select(MessageTemplate.key, MessageTemplate.channel)).tuples().all()
            ),
            channels=frozenset(
                channel for channel, setup in load_channels(session).items() if setup.enabled
            ),
        )

    def with_carried(self, carried: ReferenceCatalog) -> ReferenceCatalog:
        """This catalog plus objects a bundle would create on import.

        Channels are not carried over: provider settings never travel in a bundle.
        Where a key exists on both sides, this catalog's (the existing object) wins.
        """

        def union(mine, theirs):
            if mine is None or theirs is None:
                return mine if theirs is None else theirs
            return mine | theirs

        templates = self.message_templates
        if carried.message_templates is not None:
            templates = {**carried.message_templates, **(templates or {})}
        return ReferenceCatalog(
            audiences=union(self.audiences, carried.audiences),
            coupon_templates=union(self.coupon_templates, carried.coupon_templates),
            message_templates=templates,
            channels=self.channels,
        )
