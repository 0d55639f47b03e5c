"""Who the demo members are: Chinese names, cities, phone numbers, emails and time zones.

Every function takes a seeded numpy generator and a count and returns numpy arrays, so a
chunk of a hundred thousand members is built without a Python loop per member.
"""

from __future__ import annotations

import numpy as np

#: (surname, pinyin, relative frequency) — the most common Chinese surnames.
SURNAMES: tuple[tuple[str, str, float], ...] = (
    ("王", "wang", 7.1), ("李", "li", 7.0), ("张", "zhang", 6.7), ("刘", "liu", 5.4),
    ("陈", "chen", 4.5), ("杨", "yang", 3.1), ("黄", "huang", 2.4), ("赵", "zhao", 2.3),
    ("吴", "wu", 2.0), ("周", "zhou", 1.9), ("徐", "xu", 1.5), ("孙", "sun", 1.5),
    ("马", "ma", 1.3), ("朱", "zhu", 1.3), ("胡", "hu", 1.2), ("郭", "guo", 1.2),
    ("何", "he", 1.1), ("林", "lin", 1.0), ("高", "gao", 1.0), ("罗", "luo", 0.9),
    ("郑", "zheng", 0.9), ("梁", "liang", 0.8), ("谢", "xie", 0.7), ("宋", "song", 0.6),
    ("唐", "tang", 0.6), ("许", "xu", 0.6), ("韩", "han", 0.6), ("冯", "feng", 0.6),
    ("邓", "deng", 0.6), ("曹", "cao", 0.5), ("彭", "peng", 0.5), ("曾", "zeng", 0.5),
    ("肖", "xiao", 0.5), ("田", "tian", 0.4), ("董", "dong", 0.4), ("潘", "pan", 0.4),
    ("袁", "yuan", 0.4), ("蔡", "cai", 0.4), ("蒋", "jiang", 0.4), ("余", "yu", 0.4),
    ("欧阳", "ouyang", 0.1), ("司马", "sima", 0.02),
)  # fmt: skip

#: (character, pinyin) used for given names of one or two characters.
GIVEN: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
    ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
    ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"),
    ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"),
    ("刚", "gang"), ("桂", "gui"), ("英", "ying"), ("华", "hua"), ("玉", "yu"),
    ("兰", "lan"), ("浩", "hao"), ("宇", "yu"), ("轩", "xuan"), ("子", "zi"),
    ("涵", "han"), ("欣", "xin"), ("怡", "yi"), ("梓", "zi"), ("晨", "chen"),
    ("博", "bo"), ("雨", "yu"), ("思", "si"), ("佳", "jia"), ("嘉", "jia"),
    ("俊", "jun"), ("文", "wen"), ("婷", "ting"), ("雪", "xue"), ("琳", "lin"),
    ("晓", "xiao"), ("海", "hai"), ("建", "jian"), ("国", "guo"), ("志", "zhi"),
)  # fmt: skip

#: (city, time zone, relative weight). Mostly mainland China, a few members abroad.
CITIES: tuple[tuple[str, str, float], ...] = (
    ("上海", "Asia/Shanghai", 14), ("北京", "Asia/Shanghai", 12), ("广州", "Asia/Shanghai", 8),
    ("深圳", "Asia/Shanghai", 8), ("杭州", "Asia/Shanghai", 6), ("成都", "Asia/Shanghai", 6),
    ("南京", "Asia/Shanghai", 4), ("武汉", "Asia/Shanghai", 4), ("重庆", "Asia/Shanghai", 4),
    ("西安", "Asia/Shanghai", 3), ("苏州", "Asia/Shanghai", 3), ("天津", "Asia/Shanghai", 3),
    ("长沙", "Asia/Shanghai", 2.5), ("郑州", "Asia/Shanghai", 2.5), ("青岛", "Asia/Shanghai", 2),
    ("厦门", "Asia/Shanghai", 1.5), ("宁波", "Asia/Shanghai", 1.5), ("昆明", "Asia/Shanghai", 1.5),
    ("沈阳", "Asia/Shanghai", 1.5), ("哈尔滨", "Asia/Shanghai", 1), ("乌鲁木齐", "Asia/Urumqi", 0.5),
    ("香港", "Asia/Hong_Kong", 0.8), ("台北", "Asia/Taipei", 0.4), ("新加坡", "Asia/Singapore", 0.4),
    ("东京", "Asia/Tokyo", 0.3), ("伦敦", "Europe/London", 0.2), ("温哥华", "America/Vancouver", 0.2),
)  # fmt: skip

PHONE_PREFIXES = np.array(
    ["134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159",
     "176", "177", "180", "181", "186", "187", "188", "189", "198", "199"]
)  # fmt: skip
EMAIL_DOMAINS = np.array(["qq.com", "163.com", "126.com", "sina.com", "gmail.com", "outlook.com"])
EMAIL_DOMAIN_WEIGHTS = np.array([0.35, 0.25, 0.12, 0.08, 0.1, 0.1])


def _weights(values) -> np.ndarray:
    w = np.asarray(values, dtype=float)
    return w / w.sum()


def names(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Full names in Chinese with their pinyin: ``(name, surname_pinyin, given_pinyin)``."""
    s_idx = rng.choice(len(SURNAMES), size=n, p=_weights([s[2] for s in SURNAMES]))
    g1 = rng.integers(0, len(GIVEN), size=n)
    g2 = rng.integers(0, len(GIVEN), size=n)
    two = rng.random(n) < 0.7
    surname = np.array([s[0] for s in SURNAMES])[s_idx]
    surname_py = np.array([s[1] for s in SURNAMES])[s_idx]
    given_chars = np.array([g[0] for g in GIVEN])
    given_py = np.array([g[1] for g in GIVEN])
    given = np.where(two, np.char.add(given_chars[g1], given_chars[g2]), given_chars[g1])
    given_pinyin = np.where(two, np.char.add(given_py[g1], given_py[g2]), given_py[g1])
    return np.char.add(surname, given), surname_py, given_pinyin


def cities(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Each member's city and the time zone that goes with it."""
    idx = rng.choice(len(CITIES), size=n, p=_weights([c[2] for c in CITIES]))
    return np.array([c[0] for c in CITIES])[idx], np.array([c[1] for c in CITIES])[idx]


def phones(rng: np.random.Generator, ordinals: np.ndarray) -> np.ndarray:
    """Eleven-digit mainland mobile numbers, unique per member ordinal."""
    prefix = PHONE_PREFIXES[rng.integers(0, len(PHONE_PREFIXES), size=len(ordinals))]
    # An affine map modulo 10^8 with a multiplier coprime to 10 is a bijection.
    body = (ordinals.astype(np.int64) * 73_939_133 + 12_345_679) % 100_000_000
    return np.char.add(prefix, np.char.zfill(body.astype(str), 8))


def emails(
    rng: np.random.Generator, ordinals: np.ndarray, surname_py: np.ndarray, given_py: np.ndarray
) -> np.ndarray:
    """Lower-case emails, unique per member ordinal; QQ mail addresses are numeric."""
    n = len(ordinals)
    domain = EMAIL_DOMAINS[rng.choice(len(EMAIL_DOMAINS), size=n, p=EMAIL_DOMAIN_WEIGHTS)]
    local = np.char.add(np.char.add(given_py, "."), surname_py)
    local = np.char.add(local, ordinals.astype(str))
    qq_number = (ordinals.astype(np.int64) * 7919 + 10_000_000).astype(str)
    local = np.where(domain == "qq.com", qq_number, local)
    return np.char.add(np.char.add(local, "@"), domain)
