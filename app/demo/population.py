"""The members of one generated chunk: profile columns and a plan of their purchase history.

Each member gets a behaviour archetype (champion, loyal, dormant, never bought …) that fixes
how many orders they place and when. A few cohorts are laid out by member ordinal rather than
by chance, so even a small seed holds every worked case of the product brief: members
registered exactly 1 and 30 days ago without a first order, birthdays this week, abandoned
carts and regular repeat buyers of consumables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from app.demo import people
from app.demo.catalogue import PRODUCTS, REPEAT_SKUS
from app.demo.clock import DAY, date_parts, days_ago_local, epoch, local_midnight, local_today

#: name -> (share, orders (lo, hi), days since last order (lo, hi), days first→last (lo, hi))
ARCHETYPES: dict[str, tuple[float, tuple[int, int], tuple[int, int], tuple[int, int]]] = {
    "champion": (0.07, (12, 40), (0, 14), (200, 900)),
    "loyal": (0.13, (5, 14), (3, 45), (150, 700)),
    "regular": (0.18, (2, 5), (10, 120), (30, 400)),
    "new_buyer": (0.07, (1, 1), (0, 30), (0, 0)),
    "one_timer": (0.12, (1, 1), (60, 500), (0, 0)),
    "dormant": (0.14, (2, 10), (180, 900), (60, 600)),
    "repeat_buyer": (0.06, (4, 14), (0, 0), (0, 0)),
    "never": (0.23, (0, 0), (0, 0), (0, 0)),
}
ARCHETYPE_NAMES = tuple(ARCHETYPES)
REPEAT = ARCHETYPE_NAMES.index("repeat_buyer")
NEVER = ARCHETYPE_NAMES.index("never")
DORMANT_LIKE = [ARCHETYPE_NAMES.index(a) for a in ("one_timer", "dormant")]

#: Cohorts placed by ordinal (member number modulo these strides).
STRIDE_REGISTERED_1D = (97, 1)
STRIDE_REGISTERED_30D = (97, 2)
STRIDE_BIRTHDAY_WEEK = (41, 3)
STRIDE_CART_ABANDONED = (37, 4)
SIGNUP_CHANNELS = np.array(["wechat_mini_program", "app", "store", "taobao", "douyin"])


def in_stride(ordinals: np.ndarray, stride: tuple[int, int]) -> np.ndarray:
    return ordinals % stride[0] == stride[1]


@dataclass
class MemberChunk:
    """Columns of a chunk of members, one numpy array each (times in epoch seconds)."""

    ids: np.ndarray
    ordinals: np.ndarray
    archetype: np.ndarray
    name: np.ndarray
    email: np.ndarray
    phone: np.ndarray
    gender: np.ndarray
    city: np.ndarray
    timezone: np.ndarray
    birthday: np.ndarray  # datetime64[D]
    registered_at: np.ndarray
    signup_channel: np.ndarray
    n_orders: np.ndarray
    last_days: np.ndarray  # days between now and the last planned order
    span_days: np.ndarray  # days between the first and the last planned order
    repeat_product: np.ndarray  # index into PRODUCTS, -1 when not a repeat buyer
    interval_days: np.ndarray
    cart_abandoner: np.ndarray
    last_active_days: np.ndarray


def _birthdays(rng: np.random.Generator, ordinals: np.ndarray, now: datetime) -> np.ndarray:
    n = len(ordinals)
    years = rng.integers(1965, 2007, size=n)
    leap = (years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0))
    offset = (rng.random(n) * np.where(leap, 366, 365)).astype(int)
    births = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]") + offset
    week = in_stride(ordinals, STRIDE_BIRTHDAY_WEEK)
    today = local_today(now)
    upcoming = [today + timedelta(days=k) for k in range(7)]
    # Leap years only, so a birthday on 29 February this week is still a real date.
    leap_years = rng.choice([1980, 1984, 1988, 1992, 1996, 2000], size=int(week.sum()))
    pick = rng.integers(0, 7, size=int(week.sum()))
    births[week] = np.array(
        [
            f"{y:04d}-{upcoming[k].month:02d}-{upcoming[k].day:02d}"
            for y, k in zip(leap_years, pick, strict=True)
        ],
        dtype="datetime64[D]",
    )
    return births


def build_members(
    rng: np.random.Generator, first_id: int, ordinals: np.ndarray, now: datetime
) -> MemberChunk:
    """Profile columns and purchase plans for the members with these 1-based ordinals."""
    n = len(ordinals)
    now_s = epoch(now)
    shares = np.array([a[0] for a in ARCHETYPES.values()])
    archetype = rng.choice(len(ARCHETYPES), size=n, p=shares / shares.sum())
    reg_1d = in_stride(ordinals, STRIDE_REGISTERED_1D)
    reg_30d = in_stride(ordinals, STRIDE_REGISTERED_30D)
    archetype[reg_1d | reg_30d] = NEVER
    abandoner = in_stride(ordinals, STRIDE_CART_ABANDONED) & ~(reg_1d | reg_30d)

    lo = np.array([ARCHETYPES[a][1][0] for a in ARCHETYPE_NAMES])[archetype]
    hi = np.array([ARCHETYPES[a][1][1] for a in ARCHETYPE_NAMES])[archetype]
    n_orders = rng.integers(lo, hi + 1)
    last_lo = np.array([ARCHETYPES[a][2][0] for a in ARCHETYPE_NAMES])[archetype]
    last_hi = np.array([ARCHETYPES[a][2][1] for a in ARCHETYPE_NAMES])[archetype]
    last_days = last_lo + rng.random(n) * (last_hi - last_lo)
    span_lo = np.array([ARCHETYPES[a][3][0] for a in ARCHETYPE_NAMES])[archetype]
    span_hi = np.array([ARCHETYPES[a][3][1] for a in ARCHETYPE_NAMES])[archetype]
    span_days = span_lo + rng.random(n) * (span_hi - span_lo)

    # Repeat buyers reorder one consumable each time a unit runs out.
    repeat_choices = np.array([i for i, p in enumerate(PRODUCTS) if p.sku in REPEAT_SKUS])
    repeat = archetype == REPEAT
    repeat_product = np.where(repeat, repeat_choices[rng.integers(0, len(repeat_choices), n)], -1)
    replenish = np.array([p.replenish_days or 0 for p in PRODUCTS])
    interval_days = np.where(repeat, replenish[np.maximum(repeat_product, 0)], 0)
    last_days = np.where(repeat, rng.random(n) * interval_days, last_days)
    span_days = np.where(repeat, (n_orders - 1) * interval_days, span_days)

    # A cart abandoner's cart is from the last three days; their last order is older.
    last_days = np.where(abandoner & (n_orders > 0), np.maximum(last_days, 5.0), last_days)

    first_order_days = last_days + span_days
    lead_days = np.where(archetype == ARCHETYPE_NAMES.index("new_buyer"), 3, 60)
    reg_days = np.where(
        n_orders > 0, first_order_days + rng.random(n) * lead_days, 2 + rng.random(n) * 1000
    )
    registered_at = now_s - (reg_days * DAY).astype(np.int64)
    for stride, days in ((reg_1d, 1), (reg_30d, 30)):
        # Registered on that Shanghai calendar day, between 09:00 and 21:00.
        start = local_midnight(days_ago_local(now, days)) + 9 * 3600
        registered_at[stride] = start + rng.integers(0, 12 * 3600, size=int(stride.sum()))

    active_lo = np.select(
        [np.isin(archetype, DORMANT_LIKE), archetype == NEVER], [45, 0], default=0
    )
    active_hi = np.select(
        [np.isin(archetype, DORMANT_LIKE), archetype == NEVER], [400, 200], default=20
    )
    last_active_days = active_lo + rng.random(n) * (active_hi - active_lo)
    last_active_days = np.minimum(last_active_days, reg_days)

    full_name, surname_py, given_py = people.names(rng, n)
    city, timezone = people.cities(rng, n)
    # The dated cohorts live in Shanghai, so "registered N days ago" holds in their own zone.
    abroad = (reg_1d | reg_30d) & (timezone != "Asia/Shanghai")
    city[abroad], timezone[abroad] = "上海", "Asia/Shanghai"
    email = people.emails(rng, ordinals, surname_py, given_py).astype(object)
    email[rng.random(n) < 0.15] = None
    gender = rng.choice(np.array(["female", "male", "unknown"]), size=n, p=[0.56, 0.4, 0.04])
    return MemberChunk(
        ids=first_id + np.arange(n, dtype=np.int64),
        ordinals=ordinals,
        archetype=archetype,
        name=full_name,
        email=email,
        phone=people.phones(rng, ordinals),
        gender=gender,
        city=city,
        timezone=timezone,
        birthday=_birthdays(rng, ordinals, now),
        registered_at=registered_at,
        signup_channel=SIGNUP_CHANNELS[rng.integers(0, len(SIGNUP_CHANNELS), size=n)],
        n_orders=n_orders,
        last_days=last_days,
        span_days=span_days,
        repeat_product=repeat_product,
        interval_days=interval_days,
        cart_abandoner=abandoner,
        last_active_days=last_active_days,
    )


def birthday_mmdd(birthday: np.ndarray) -> np.ndarray:
    """``MMDD`` integers for the indexed "birthday within N days" range."""
    month, day = date_parts(birthday)
    return month * 100 + day
