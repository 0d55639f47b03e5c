"""Turn one chunk of generated members into table rows and write them in bulk."""

from __future__ import annotations

from datetime import datetime

import numpy as np

from app.demo import activity, orders, population, scores
from app.demo.clock import epoch, iso_strings
from app.demo.writer import BulkWriter


def _money(cents: np.ndarray) -> list[float]:
    return np.round(cents / 100, 2).tolist()


def _ids_or_none(ids: np.ndarray) -> list[int | None]:
    return [None if i < 0 else i for i in ids.tolist()]


def write_chunk(
    writer: BulkWriter,
    rng: np.random.Generator,
    ordinals: np.ndarray,
    now: datetime,
    ids: dict[str, int],
    catalogue: tuple[np.ndarray, np.ndarray],
) -> None:
    """Generate and write the members with these ordinals, their orders, events and tags.

    ``ids`` holds the next member and order id and is advanced past what was written.
    """
    aware = writer.aware_timestamps
    members = population.build_members(rng, ids["members"], ordinals, now)
    bought = orders.build_orders(rng, members, ids["orders"], now)
    facts = orders.member_facts(members, bought)
    tier = scores.tiers(facts["spent_cents"])
    now_text = iso_strings(np.full(len(members.ids), epoch(now)), aware)
    consent = {
        c: rng.random(len(members.ids)) < p
        for c, p in (("email", 0.55), ("sms", 0.7), ("push", 0.45))
    }
    consent["email"] &= members.email != None  # noqa: E711 - elementwise on an object array
    unsubscribed = {
        c: np.where(
            ~consent[c] & (rng.random(len(members.ids)) < 0.15),
            np.minimum(
                members.registered_at + rng.integers(3600, 30 * 86_400, len(members.ids)),
                epoch(now),
            ),
            -1,
        )
        for c in consent
    }
    writer.write(
        "members",
        {
            "id": members.ids.tolist(),
            "external_id": activity.external_ids(members.ordinals).tolist(),
            "name": members.name.tolist(),
            "email": members.email.tolist(),
            "phone": members.phone.tolist(),
            "gender": members.gender.tolist(),
            "city": members.city.tolist(),
            "birthday": np.datetime_as_string(members.birthday).tolist(),
            "birthday_mmdd": population.birthday_mmdd(members.birthday).tolist(),
            "registered_at": iso_strings(members.registered_at, aware),
            "timezone": members.timezone.tolist(),
            "tier": tier.tolist(),
            "points_balance": scores.points(rng, facts["spent_cents"]).tolist(),
            "attributes": np.char.add(
                np.char.add('{"signup_channel": "', members.signup_channel.astype(str)), '"}'
            ).tolist(),
            **{f"consent_{c}": consent[c].tolist() for c in consent},
            **{f"unsubscribed_{c}_at": iso_strings(unsubscribed[c], aware) for c in consent},
            "first_order_at": iso_strings(facts["first"], aware),
            "last_order_at": iso_strings(facts["last"], aware),
            "orders_count": facts["count"].tolist(),
            "first_order_id": _ids_or_none(facts["first_id"]),
            "second_order_id": _ids_or_none(facts["second_id"]),
            "second_order_at": iso_strings(facts["second"], aware),
            "total_spent": _money(facts["spent_cents"]),
            "created_at": now_text,
            "updated_at": now_text,
        },
    )
    writer.write(
        "orders",
        {
            "id": bought.ids.tolist(),
            "external_id": np.char.add("DO", np.char.zfill(bought.ids.astype(str), 10)).tolist(),
            "member_id": members.ids[bought.member_index].tolist(),
            # The shop's order value before discount, and what was paid (net_amount):
            # the one definition of spend the member facts above and RFM use.
            "amount": _money(bought.amount + bought.discount),
            "discount": _money(bought.discount),
            "status": ["paid"] * len(bought.ids),
            "net_amount": _money(bought.amount),
            "paid_at": iso_strings(bought.paid_at, aware),
            "channel": bought.channel.tolist(),
            "store": bought.store.tolist(),
            "coupon_code": bought.coupon_code.tolist(),
            "created_at": iso_strings(bought.paid_at, aware),
        },
    )
    product_ids, category_ids = catalogue
    writer.write(
        "order_items",
        {
            "order_id": bought.item_order_id.tolist(),
            "product_id": product_ids[bought.item_product].tolist(),
            "category_id": category_ids[bought.item_product].tolist(),
            "quantity": bought.item_quantity.tolist(),
            "unit_price": _money(bought.item_unit_price),
        },
    )
    events = activity.build_events(rng, members, now)
    writer.write(
        "events",
        {
            "member_id": members.ids[events.member_index].tolist(),
            "type": events.type.tolist(),
            "occurred_at": iso_strings(events.occurred_at, aware),
            "properties": events.properties.tolist(),
            "created_at": iso_strings(np.full(len(events.type), epoch(now)), aware),
        },
    )
    who, tag, source = activity.build_tags(rng, members, tier)
    writer.write(
        "member_tags",
        {
            "member_id": members.ids[who].tolist(),
            "tag": tag.tolist(),
            "source": source.tolist(),
            "created_at": iso_strings(np.full(len(who), epoch(now)), aware),
        },
    )
    ids["members"] += len(members.ids)
    ids["orders"] += len(bought.ids)
