"""An independent pandas implementation of the rule grammar, to check the SQL compiler.

It works on the plain rows of :class:`tests.audiences.factories.Population`, never on SQL.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd


class Frames:
    """The population as DataFrames, with per-member order facts computed from orders.

    ``orders`` holds the purchases only (``all_orders`` every order), with their ``net``
    amount; every order condition reads purchases.
    """

    def __init__(self, pop, now, predictions=None, replenishments=None):
        self.now = pd.Timestamp(now)
        #: Stored predictions and replenishments as read back from their tables.
        self.predictions = predictions
        self.replenishments = replenishments
        self.members = pd.DataFrame(pop.members).set_index("id", drop=False)
        orders = pd.DataFrame(pop.orders)
        for column in ("amount", "discount", "refunded"):
            orders[column] = orders[column].astype(float)
        orders["paid_at"] = pd.to_datetime(orders["paid_at"], utc=True)
        # Spend is what was paid net of discount and refunds, on paid orders only (a partial
        # refund keeps an order paid; a free order is a purchase of 0).
        orders["net"] = (orders["amount"] - orders["discount"] - orders["refunded"]).round(2)
        self.all_orders = orders
        self.orders = orders[orders["status"] == "paid"]
        self.items = pd.DataFrame(pop.items).merge(
            self.orders, left_on="order_id", right_on="id", suffixes=("", "_o")
        )
        self.events = pd.DataFrame(pop.events)
        self.events["occurred_at"] = pd.to_datetime(self.events["occurred_at"], utc=True)
        self.tags = pd.DataFrame(pop.tags)
        self.products = pd.DataFrame(pop.products)
        self.categories = pd.DataFrame(pop.categories)
        self.ids = self.members.index
        self.last_order = self.orders.groupby("member_id")["paid_at"].max().reindex(self.ids)

    def series(self, values) -> pd.Series:
        return pd.Series(values, index=self.ids).fillna(False).astype(bool)

    def in_window(self, column: pd.Series, days):
        if days is None:
            return pd.Series(True, index=column.index)
        return (column >= self.now - pd.Timedelta(days=days)) & (column <= self.now)


def _num_compare(s: pd.Series, op: str, v) -> pd.Series:
    ops = {
        "eq": lambda: s == v,
        "ne": lambda: s != v,
        "gt": lambda: s > v,
        "gte": lambda: s >= v,
        "lt": lambda: s < v,
        "lte": lambda: s <= v,
        "between": lambda: (s >= v[0]) & (s <= v[1]),
        "in": lambda: s.isin(v),
        "not_in": lambda: ~s.isin(v),
        "is_set": lambda: s.notna(),
        "is_not_set": lambda: s.isna(),
    }
    out = ops[op]()
    if op not in ("is_set", "is_not_set"):
        out = out & s.notna()
    return out


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and x != x) or x is pd.NaT


def _value_compare(values: pd.Series, op: str, v, kind: str) -> pd.Series:
    """Compare Python values (None = unset) one by one, as the grammar defines."""

    def one(x):
        if op == "is_set":
            return x is not None
        if op == "is_not_set":
            return x is None
        if x is None:
            return False
        if kind == "date":
            d = x if isinstance(x, date) else x.date() if hasattr(x, "date") else x
            if isinstance(x, str):
                lo = date.fromisoformat(v if op != "between" else v[0])
                if op == "before":
                    return x < lo.isoformat()
                if op == "after":
                    return x >= (lo + timedelta(days=1)).isoformat()
                hi = date.fromisoformat(v[1])
                return lo.isoformat() <= x < (hi + timedelta(days=1)).isoformat()
            if op == "before":
                return d < date.fromisoformat(v)
            if op == "after":
                return d > date.fromisoformat(v)
            return date.fromisoformat(v[0]) <= d <= date.fromisoformat(v[1])
        return {
            "eq": lambda: x == v,
            "ne": lambda: x != v,
            "in": lambda: x in v,
            "not_in": lambda: x not in v,
            "contains": lambda: v in x,
            "gt": lambda: x > v,
            "gte": lambda: x >= v,
            "lt": lambda: x < v,
            "lte": lambda: x <= v,
            "between": lambda: v[0] <= x <= v[1],
        }[op]()

    return pd.Series([bool(one(x)) for x in values], index=values.index, dtype=bool)


def _typed(value, vtype):
    """The JSON value if it has ``vtype``, else None (as the SQL readers do)."""
    if vtype in ("string", "date"):
        return value if isinstance(value, str) else None
    if vtype == "number":
        return value if isinstance(value, int | float) and not isinstance(value, bool) else None
    if vtype == "boolean":
        return value if isinstance(value, bool) else None
    return value


def _json_type(cond):
    if "type" in cond:
        return cond["type"]
    op, value = cond.get("op"), cond.get("value")
    sample = value[0] if isinstance(value, list) and value else value
    if op in ("before", "after") or (op == "between" and isinstance(sample, str)):
        return "date"
    if isinstance(sample, bool):
        return "boolean"
    if isinstance(sample, int | float):
        return "number"
    return "string"


def json_match(docs: pd.Series, cond: dict, key_field: str) -> pd.Series:
    key, op = cond[key_field], cond["op"]
    raw = pd.Series([(d or {}).get(key) for d in docs], index=docs.index, dtype=object)
    if op in ("is_set", "is_not_set"):
        present = pd.Series([x is not None for x in raw], index=raw.index, dtype=bool)
        return present if op == "is_set" else ~present
    vtype = _json_type(cond)
    typed = pd.Series([_typed(x, vtype) for x in raw], index=raw.index, dtype=object)
    return _value_compare(typed, op, cond.get("value"), "date" if vtype == "date" else "plain")


def _days_since(f: Frames, ts: pd.Series) -> pd.Series:
    return ((f.now - ts) / pd.Timedelta(days=1)).apply(
        lambda x: float("nan") if pd.isna(x) else float(int(x // 1))
    )


def expected_ids(tree: dict, f: Frames) -> set[int]:
    """The member ids matching ``tree``."""
    mask = _eval(tree, f)
    return set(int(i) for i in f.ids[mask.to_numpy()])


def _eval(node: dict, f: Frames) -> pd.Series:
    if "all" in node:
        out = pd.Series(True, index=f.ids)
        for child in node["all"]:
            out &= _eval(child, f)
        return out
    if "any" in node:
        out = pd.Series(False, index=f.ids)
        for child in node["any"]:
            out |= _eval(child, f)
        return out
    if "not" in node:
        return ~_eval(node["not"], f)
    return KINDS[node["kind"]](node, f).reindex(f.ids).fillna(False).astype(bool)


def _profile(c, f):
    col = f.members[c["field"]]
    values = pd.Series([None if _missing(x) else x for x in col], index=col.index, dtype=object)
    if c["field"] == "points_balance":
        return _num_compare(col.astype(float), c["op"], c.get("value"))
    if c["field"] == "registered_at":
        values = pd.Series([x.date() for x in col], index=col.index, dtype=object)
    return _value_compare(
        values,
        c["op"],
        c.get("value"),
        "date" if c["field"] in ("registered_at", "birthday") else "plain",
    )


def _count_per_member(f, frame, mask, value_col=None, agg="size"):
    sub = frame[mask]
    g = sub.groupby("member_id")
    s = g.size() if agg == "size" else getattr(g[value_col], agg)()
    return s.reindex(f.ids)


def _order_agg(c, f, agg):
    mask = f.in_window(f.orders["paid_at"], c.get("window_days"))
    if agg == "size":
        s = _count_per_member(f, f.orders, mask).fillna(0)
    elif agg == "sum":
        s = _count_per_member(f, f.orders, mask, "net", "sum").fillna(0.0)
    else:
        s = _count_per_member(f, f.orders, mask, "net", "mean")
    return _num_compare(s.astype(float), c["op"], c["value"])


def _event_count(c, f):
    ev = f.events
    mask = (ev["type"] == c["event_type"]) & f.in_window(ev["occurred_at"], c["window_days"])
    if c.get("name") is not None:
        mask &= ev["name"] == c["name"]
    for w in c.get("where", []):
        mask &= json_match(ev["properties"], w, "property")
    counts = _count_per_member(f, ev, mask).fillna(0)
    return _num_compare(counts.astype(float), c["op"], c["value"])


def _bought(c, f):
    it = f.items
    if c.get("product"):
        ids = f.products.loc[f.products["sku"] == c["product"], "id"]
        mask = it["product_id"].isin(ids)
    else:
        ids = f.categories.loc[f.categories["key"] == c["category"], "id"]
        mask = it["category_id"].isin(ids)
    mask &= f.in_window(it["paid_at"], c.get("window_days"))
    return f.series(f.ids.isin(it.loc[mask, "member_id"]))


def _cart_abandoned(c, f):
    ev = f.events[
        (f.events["type"] == "cart_abandoned")
        & f.in_window(f.events["occurred_at"], c["window_days"])
    ]
    last = ev["member_id"].map(f.last_order)
    ok = ev[last.isna() | (ev["occurred_at"] > last)]
    return f.series(f.ids.isin(ok["member_id"]))


def _birthday(c, f):
    today = f.now.date()
    wanted = set()
    for i in range(c["days"] + 1):
        d = today + timedelta(days=i)
        wanted.add((d.month, d.day))
        if (d.month, d.day) == (2, 28) and not (
            d.year % 4 == 0 and (d.year % 100 != 0 or d.year % 400 == 0)
        ):
            wanted.add((2, 29))
    return f.members["birthday"].map(
        lambda b: b is not None and not pd.isna(b) and (b.month, b.day) in wanted
    )


def _registered(c, f):
    days = _days_since(f, pd.to_datetime(f.members["registered_at"], utc=True))
    out = pd.Series(True, index=f.ids)
    if c.get("min") is not None:
        out &= days >= c["min"]
    if c.get("max") is not None:
        out &= days <= c["max"]
    return out


def _tag(c, f):
    has = f.ids.isin(f.tags.loc[f.tags["tag"] == c["value"], "member_id"])
    return f.series(has if c["op"] == "has" else ~has)


def _rfm(c, f):
    if "segment" in c:
        # Rules saved before the split of "No orders" still name it; it means both halves.
        legacy = {"No orders": ["Lost", "Never bought"]}
        names = [n for s in c["segment"] for n in legacy.get(s, [s])]
        return f.members["rfm_segment"].isin(names)
    return _num_compare(f.members[f"rfm_{c['score']}"].astype(float), c["op"], c["value"])


def _prediction(c, f, column):
    values = f.predictions.set_index("member_id")[column].reindex(f.ids)
    return _num_compare(values.astype(float), c["op"], c["value"])


def _churn_risk(c, f):
    levels = c["risk"] if isinstance(c["risk"], list) else [c["risk"]]
    p = f.predictions
    return f.series(f.ids.isin(p.loc[p["churn_risk"].isin(levels), "member_id"]))


def _next_purchase_within(c, f):
    p = f.predictions
    due = p["next_purchase_at"] <= f.now + pd.Timedelta(days=c["days"])
    return f.series(f.ids.isin(p.loc[due, "member_id"]))


def _runs_out_within(c, f):
    r = f.replenishments
    mask = (r["runs_out_at"] >= f.now) & (r["runs_out_at"] <= f.now + pd.Timedelta(days=c["days"]))
    if c.get("product") is not None:
        mask &= r["product_id"].isin(f.products.loc[f.products["sku"] == c["product"], "id"])
    if c.get("category") is not None:
        ids = f.categories.loc[f.categories["key"] == c["category"], "id"]
        mask &= r["category_id"].isin(ids)
    return f.series(f.ids.isin(r.loc[mask, "member_id"]))


KINDS = {
    "profile": _profile,
    "attribute": lambda c, f: json_match(f.members["attributes"], c, "key"),
    "tag": _tag,
    "consent": lambda c, f: f.members[f"consent_{c['channel']}"] == c["value"],
    "registered_days_ago": _registered,
    "birthday_within": _birthday,
    "event_count": _event_count,
    "days_since_last_order": lambda c, f: _num_compare(
        _days_since(f, f.last_order), c["op"], c["value"]
    ),
    "order_count": lambda c, f: _order_agg(c, f, "size"),
    "total_spend": lambda c, f: _order_agg(c, f, "sum"),
    "avg_spend": lambda c, f: _order_agg(c, f, "mean"),
    "no_first_order": lambda c, f: f.series(~f.ids.isin(f.orders["member_id"])),
    "bought": _bought,
    "cart_abandoned": _cart_abandoned,
    "rfm": _rfm,
    "churn_risk": _churn_risk,
    "predicted_value": lambda c, f: _prediction(c, f, "predicted_value"),
    "probability_alive": lambda c, f: _prediction(c, f, "probability_alive"),
    "next_purchase_within": _next_purchase_within,
    "runs_out_within": _runs_out_within,
}
