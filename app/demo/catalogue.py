"""The demo catalogue: categories and products of a multi-brand loyalty programme.

Consumables carry ``replenish_days`` (how long a unit lasts), so replenishment journeys
such as "infant formula runs out" have something to time against.
"""

from __future__ import annotations

from dataclasses import dataclass

#: (key, name, parent key)
CATEGORIES: tuple[tuple[str, str, str | None], ...] = (
    ("food_drink", "食品饮料", None),
    ("coffee_beans", "咖啡豆", "food_drink"),
    ("coffee_drinks", "现制咖啡", "food_drink"),
    ("dairy", "乳制品", "food_drink"),
    ("snacks", "休闲零食", "food_drink"),
    ("mother_baby", "母婴", None),
    ("infant_formula", "婴幼儿奶粉", "mother_baby"),
    ("diapers", "纸尿裤", "mother_baby"),
    ("apparel", "服饰", None),
    ("womenswear", "女装", "apparel"),
    ("menswear", "男装", "apparel"),
    ("beauty", "美妆个护", None),
    ("skincare", "护肤", "beauty"),
)


@dataclass(frozen=True)
class DemoProduct:
    sku: str
    name: str
    category: str
    price_cents: int
    replenish_days: int | None = None


PRODUCTS: tuple[DemoProduct, ...] = (
    DemoProduct("CB-YIRG-250", "耶加雪菲咖啡豆 250g", "coffee_beans", 9800, 21),
    DemoProduct("CB-YUNN-500", "云南保山咖啡豆 500g", "coffee_beans", 12800, 30),
    DemoProduct("CB-ESPR-1000", "意式拼配咖啡豆 1kg", "coffee_beans", 19800, 45),
    DemoProduct("CD-LATTE", "拿铁 大杯", "coffee_drinks", 3200),
    DemoProduct("CD-AMERI", "美式 中杯", "coffee_drinks", 2400),
    DemoProduct("CD-FLATW", "澳白 中杯", "coffee_drinks", 3000),
    DemoProduct("DY-MILK-12", "全脂纯牛奶 250ml×12", "dairy", 5990, 7),
    DemoProduct("DY-YOG-6", "原味酸奶 200g×6", "dairy", 3590, 5),
    DemoProduct("DY-CHEESE", "儿童奶酪棒 500g", "dairy", 6800, 14),
    DemoProduct("SN-NUTS", "每日坚果 30袋", "snacks", 12900, 30),
    DemoProduct("SN-CHOC", "黑巧克力礼盒", "snacks", 8800),
    DemoProduct("IF-STAGE1-900", "婴儿配方奶粉 1段 900g", "infant_formula", 32800, 14),
    DemoProduct("IF-STAGE2-900", "较大婴儿配方奶粉 2段 900g", "infant_formula", 31800, 15),
    DemoProduct("IF-STAGE3-800", "幼儿配方奶粉 3段 800g", "infant_formula", 26800, 18),
    DemoProduct("DP-M-60", "婴儿纸尿裤 M码 60片", "diapers", 12900, 12),
    DemoProduct("DP-L-52", "婴儿纸尿裤 L码 52片", "diapers", 12900, 12),
    DemoProduct("WW-DRESS", "真丝连衣裙", "womenswear", 89900),
    DemoProduct("WW-KNIT", "羊毛针织开衫", "womenswear", 59900),
    DemoProduct("WW-TEE", "纯棉短袖T恤", "womenswear", 12900),
    DemoProduct("MW-SHIRT", "免烫商务衬衫", "menswear", 39900),
    DemoProduct("MW-JACKET", "轻量羽绒夹克", "menswear", 79900),
    DemoProduct("MW-CHINO", "修身休闲裤", "menswear", 29900),
    DemoProduct("SK-SERUM", "修护精华液 30ml", "skincare", 45000, 60),
    DemoProduct("SK-CREAM", "保湿面霜 50ml", "skincare", 32000, 75),
    DemoProduct("SK-MASK", "补水面膜 10片", "skincare", 9900, 20),
)

#: Products bought again and again at their replenish interval by "repeat buyer" members.
REPEAT_SKUS: tuple[str, ...] = (
    "IF-STAGE1-900",
    "IF-STAGE2-900",
    "IF-STAGE3-800",
    "CB-YIRG-250",
    "CB-YUNN-500",
    "CB-ESPR-1000",
)

#: How often each product is picked for an ordinary basket (same order as PRODUCTS).
PRODUCT_WEIGHTS: tuple[float, ...] = (
    3, 2, 1, 10, 9, 6, 6, 5, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 3, 1, 1, 2, 1, 1, 2,
)  # fmt: skip

STORES: tuple[str, ...] = (
    "上海南京西路店",
    "上海陆家嘴店",
    "北京三里屯店",
    "北京国贸店",
    "广州天河城店",
    "深圳万象城店",
    "杭州湖滨店",
    "成都太古里店",
    "南京新街口店",
    "武汉楚河汉街店",
)

#: Coupon codes seen on discounted orders, with the discount in cents they gave.
COUPONS: tuple[tuple[str, int], ...] = (
    ("WELCOME20", 2000),
    ("SPEND200GET50", 5000),
    ("BDAY30", 3000),
    ("VIP100", 10000),
)
