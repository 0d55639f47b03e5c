"""Resolve order items' SKUs and category keys to catalog rows, creating unknown ones.

Systems post orders before the catalog is complete; refusing those orders would lose sales
data, so an unknown SKU or category key is created on the fly with its key as its name
(rename it later). One lookup and at most one insert per table per batch.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.extensions import db
from app.ingestion.batch import lookup, upsert
from app.ingestion.schemas import OrderItemIn
from app.models import Category, Product
from app.models.base import utcnow

categories = Category.__table__
products = Product.__table__


def _ensure(table, key_column, rows: list[dict], *columns) -> dict:
    keys = [r[key_column.name] for r in rows]
    found = lookup(key_column, keys, *columns)
    missing = [r for r in rows if r[key_column.name] not in found]
    if missing:
        stmt = upsert(table).on_conflict_do_nothing(index_elements=[key_column.name])
        db.session.execute(stmt, missing)
        found = lookup(key_column, keys, *columns)
    return found


@dataclass
class ItemCatalog:
    """Product and category ids for the items of one batch."""

    products: dict[str, tuple[int, int | None]]
    categories: dict[str, int]

    def product_id(self, item: OrderItemIn) -> int:
        """The product the item's SKU names."""
        return self.products[item.sku][0]

    def category_id(self, item: OrderItemIn) -> int | None:
        """The item's category, or its product's category when the item names none."""
        if item.category:
            return self.categories[item.category]
        return self.products[item.sku][1]


def resolve_items(items: list[OrderItemIn]) -> ItemCatalog:
    """Map every SKU to a product and every category key to a category, creating unknowns."""
    now = utcnow()
    category_keys = dict.fromkeys(i.category for i in items if i.category)
    category_ids = _ensure(
        categories,
        categories.c.key,
        [{"key": k, "name": k, "created_at": now} for k in category_keys],
        categories.c.id,
    )
    first_category: dict[str, int | None] = {}
    for item in items:
        first_category.setdefault(item.sku, category_ids.get(item.category))
    found = _ensure(
        products,
        products.c.sku,
        [
            {"sku": sku, "name": sku, "category_id": cat, "created_at": now}
            for sku, cat in first_category.items()
        ],
        products.c.id,
        products.c.category_id,
    )
    return ItemCatalog({sku: tuple(row) for sku, row in found.items()}, category_ids)
