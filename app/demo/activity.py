"""Behaviour events and tags of demo members: registrations, logins, page views, carts.

Members of dormant archetypes were last active weeks or months ago (for "30 days without
login"); cart abandoners have a ``cart_abandoned`` event from the last three days and no
order after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from app.demo.catalogue import PRODUCT_WEIGHTS, PRODUCTS
from app.demo.clock import DAY, epoch
from app.demo.population import ARCHETYPE_NAMES, MemberChunk

#: Mean logins in the recent window, per archetype.
LOGIN_RATE = {
    "champion": 6,
    "loyal": 4,
    "regular": 3,
    "new_buyer": 2,
    "one_timer": 1,
    "dormant": 1,
    "repeat_buyer": 3,
    "never": 1.5,
}
SKUS = np.array([p.sku for p in PRODUCTS])


@dataclass
class EventChunk:
    member_index: np.ndarray
    type: np.ndarray
    occurred_at: np.ndarray
    properties: np.ndarray  # JSON text


def external_ids(ordinals: np.ndarray) -> np.ndarray:
    """Members' external ids from their ordinals (``M00000042``)."""
    return np.char.add("M", np.char.zfill(ordinals.astype(str), 8))


def _json_pairs(key: str, values: np.ndarray) -> np.ndarray:
    return np.char.add(np.char.add(f'{{"{key}": "', values.astype(str)), '"}')


def build_events(rng: np.random.Generator, members: MemberChunk, now: datetime) -> EventChunk:
    """Every event of the chunk's members, in no particular order."""
    now_s = epoch(now)
    n = len(members.ids)
    parts: list[tuple[np.ndarray, str, np.ndarray, np.ndarray]] = []
    everyone = np.arange(n)
    parts.append(
        (
            everyone,
            "registered",
            members.registered_at,
            _json_pairs("channel", members.signup_channel),
        )
    )

    rate = np.array([LOGIN_RATE[a] for a in ARCHETYPE_NAMES])[members.archetype]
    end = now_s - (members.last_active_days * DAY).astype(np.int64)
    window = np.minimum(60 * DAY, end - members.registered_at)
    for kind, factor in (("login", 1.0), ("page_view", 1.5)):
        count = rng.poisson(rate * factor)
        who = np.repeat(everyone, count)
        at = end[who] - (rng.random(len(who)) * window[who]).astype(np.int64)
        if kind == "login":
            props = np.full(len(who), '{"device": "app"}', dtype=object)
            props[rng.random(len(who)) < 0.4] = '{"device": "mini_program"}'
        else:
            weights = np.asarray(PRODUCT_WEIGHTS, dtype=float)
            sku = SKUS[rng.choice(len(SKUS), size=len(who), p=weights / weights.sum())]
            props = _json_pairs("page", np.char.add("/products/", sku))
        parts.append((who, kind, at, props))

    who = everyone[members.cart_abandoner]
    abandoned = now_s - rng.integers(2 * 3600, 72 * 3600, size=len(who))
    product = rng.integers(0, len(PRODUCTS), size=len(who))
    value = np.array([f"{p.price_cents / 100:.2f}" for p in PRODUCTS])[product]
    cart = np.char.add(np.char.add(np.char.add('{"sku": "', SKUS[product]), '", "amount": '), value)
    cart = np.char.add(cart, "}")
    parts.append((who, "cart_add", abandoned - rng.integers(300, 1800, len(who)), cart))
    parts.append((who, "cart_abandoned", abandoned, cart))

    # Invitations: about 3% of members joined on a friend's invitation. Their registration
    # carries ``invited_by`` (the friend's external id), and the friend gets a ``referral``
    # event ``friend_registered`` at that moment (what invite-a-friend enters on).
    friends = everyone[(rng.random(n) < 0.03) & (everyone > 0)]
    inviters = (rng.random(len(friends)) * friends).astype(np.int64)  # someone who joined before
    inviter_ids = external_ids(members.ordinals[inviters])
    friend_ids = external_ids(members.ordinals[friends])
    registered = parts[0][3].astype(object)
    registered[friends] = np.char.add(
        np.char.add(
            np.char.add('{"channel": "', members.signup_channel[friends].astype(str)),
            '", "invited_by": "',
        ),
        np.char.add(inviter_ids, '"}'),
    )
    parts[0] = (*parts[0][:3], registered)
    referral = np.char.add(
        np.char.add('{"status": "friend_registered", "friend": "', friend_ids), '"}'
    )
    parts.append((inviters, "referral", members.registered_at[friends], referral))

    return EventChunk(
        member_index=np.concatenate([p[0] for p in parts]),
        type=np.concatenate([np.full(len(p[0]), p[1], dtype=object) for p in parts]),
        occurred_at=np.concatenate([p[2] for p in parts]).astype(np.int64),
        properties=np.concatenate([np.asarray(p[3], dtype=object) for p in parts]),
    )


def build_tags(
    rng: np.random.Generator, members: MemberChunk, tier: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(member_index, tag, source)`` rows: rule tags from behaviour, a few manual ones."""
    n = len(members.ids)
    repeat_sku = np.where(members.repeat_product >= 0, SKUS[members.repeat_product], "")
    rules = (
        ("vip", np.isin(tier, ["platinum", "diamond"]), "rule"),
        ("new_parent", np.char.startswith(repeat_sku.astype(str), "IF-"), "rule"),
        ("coffee_lover", np.char.startswith(repeat_sku.astype(str), "CB-"), "rule"),
        ("wechat_follower", rng.random(n) < 0.12, "manual"),
        ("staff", rng.random(n) < 0.003, "manual"),
    )
    index = [np.flatnonzero(mask) for _, mask, _ in rules]
    tags = [np.full(len(i), tag, dtype=object) for i, (tag, _, _) in zip(index, rules, strict=True)]
    sources = [
        np.full(len(i), src, dtype=object) for i, (_, _, src) in zip(index, rules, strict=True)
    ]
    return np.concatenate(index), np.concatenate(tags), np.concatenate(sources)
