"""Member search answers exactly what a plain substring scan of the members table answers.

Random substrings of one, two, three and more characters — Chinese names, digits of phones,
parts of emails and member ids, in mixed case, and strings nobody has — are searched through
``GET /api/members`` (every page) and compared with a pandas scan of the raw ``members``
rows: lower-cased fields, ``str.contains`` without regular expressions. Then members are
written through the API, the bulk API, the CSV import, plain SQL updates and deletes, and the
comparison is made again.
"""

from __future__ import annotations

import random
import re

import pandas as pd
import pytest
from sqlalchemy import text

from app.extensions import db

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰小红"
PINYIN = ["wang", "li", "zhang", "liu", "chen", "xiao", "ming", "fang", "Wei", "Lei", "Hua"]
LATIN = ["Émile Zola", "ÅSA Berg", "Zoë Ødegaard", "Jean-Luc O'Neil", "ÇELIK Ümit"]
DOMAINS = ["gmail.com", "qq.com", "163.com", "Example.COM", "outlook.cn"]
FIELDS = ["name", "email", "phone", "external_id"]
NOBODY = ["鑫", "龘", "王芳王", "zq", "qz", "@@", "%", "_", "e%", "a_b", "9 9 9 9", "xyzzy"]


def random_member(rng: random.Random, n: int) -> dict:
    kind = rng.random()
    if kind < 0.5:
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice([1, 1, 2])))
    elif kind < 0.9:
        name = f"{rng.choice(PINYIN)} {rng.choice(PINYIN)}".title()
    else:
        name = rng.choice(LATIN)
    local = rng.choice(PINYIN) + rng.choice([".", "_", ""]) + str(rng.randint(0, 999))
    return {
        "external_id": f"M{n:07d}",
        "name": name,
        "email": f"{local}@{rng.choice(DOMAINS)}" if rng.random() < 0.85 else None,
        "phone": f"1{rng.choice('3578')}{rng.randint(0, 10**9 - 1):09d}"
        if rng.random() < 0.9
        else None,
        "tier": rng.choice(["basic", "silver", "gold"]),
    }


def raw_members() -> pd.DataFrame:
    """The members table as stored, read with plain SQL."""
    with db.engine.connect() as conn:
        return pd.read_sql(text("SELECT id, name, email, phone, external_id FROM members"), conn)


def scan(members: pd.DataFrame, q: str) -> list[int]:
    """Ids of the members one of whose fields contains ``q``, by a pandas scan.

    The box's rule: surrounding spaces do not count, a phone number may be typed with spaces
    or dashes, letter case does not matter.
    """
    needle = q.strip()
    if re.fullmatch(r"\+?[0-9][0-9 \-]*", needle):
        needle = needle.replace(" ", "").replace("-", "")
    needle = needle.lower()
    hit = pd.Series(False, index=members.index)
    for field in FIELDS:
        hit |= members[field].fillna("").str.lower().str.contains(needle, regex=False)
    return sorted(members.loc[hit, "id"].tolist())


def search(client, q: str, **filters) -> tuple[list[int], int | None]:
    """Every member id the search returns, page by page, and the first page's total."""
    ids, cursor, total = [], None, "unset"
    while True:
        params = {"q": q, "limit": 200, **filters} | ({"after": cursor} if cursor else {})
        response = client.get("/api/members", query_string=params)
        assert response.status_code == 200, (q, response.get_json())
        body = response.get_json()
        total = body["total"] if total == "unset" else total
        ids += [m["id"] for m in body["members"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return ids, total


def flip_case(rng: random.Random, s: str) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in s)


def random_queries(rng: random.Random, members: pd.DataFrame, count: int) -> list[str]:
    """Substrings of random fields of random members, of 1, 2, 3 and 4–8 characters."""
    queries = list(NOBODY)
    rows = members.to_dict("records")
    while len(queries) < count:
        value = rng.choice(rows)[rng.choice(FIELDS)]
        if not isinstance(value, str) or not value:
            continue
        size = rng.choice([1, 2, 2, 3, rng.randint(4, 8)])
        start = rng.randrange(max(1, len(value) - size + 1))
        piece = value[start : start + size].strip()
        if not piece:
            continue
        queries.append(flip_case(rng, piece) if rng.random() < 0.4 else piece)
    # Two-character Chinese names made up of the same characters, most of which nobody has.
    queries += [rng.choice(SURNAMES) + rng.choice(GIVEN) for _ in range(15)]
    queries += ["".join(rng.choices("0123456789", k=2)) for _ in range(5)]
    return queries


def assert_search_equals_scan(client, rng: random.Random, count: int) -> None:
    members = raw_members()
    queries = random_queries(rng, members, count)
    lengths = {len(q.strip()) for q in queries}
    assert {1, 2, 3} <= lengths and max(lengths) > 3
    empty = 0
    for q in queries:
        expected = scan(members, q)
        ids, total = search(client, q)
        assert ids == expected, q
        assert total == len(expected), q
        empty += not expected
    assert empty >= 10  # searches nobody matches were among them


@pytest.fixture
def crowd(make_members):
    rng = random.Random(17)
    specs = [random_member(rng, n) for n in range(400)]
    # Fields of one and two characters, and the same name in several cases.
    specs += [
        {"external_id": "Q1", "name": "王芳", "email": "a@b.cn", "phone": "12"},
        {"external_id": "Q2", "name": "芳", "email": None, "phone": None},
        {"external_id": "Q3", "name": "émile", "email": None, "phone": None},
        {"external_id": "Q4", "name": "ÉMILE", "email": None, "phone": None},
    ]
    return make_members(*specs)


def test_search_equals_a_substring_scan(viewer_client, crowd):
    assert_search_equals_scan(viewer_client, random.Random(1), 250)


def test_search_equals_a_substring_scan_after_writes_updates_and_deletes(
    app, viewer_client, crowd, token_headers, runner, tmp_path
):
    rng = random.Random(2)
    headers = token_headers("members:write")
    system = app.test_client()
    created = system.post(
        "/api/members",
        json={"external_id": "API-1", "name": "欧阳娜娜", "phone": "13912340000"},
        headers=headers,
    )
    assert created.status_code == 200, created.get_json()
    # The bulk API renames two existing members and adds one.
    bulk = system.post(
        "/api/members/bulk",
        json={
            "records": [
                {"external_id": "M0000001", "name": "司马懿", "email": "sima@wei.cn"},
                {"external_id": "M0000002", "name": "Zhuge Liang", "phone": "+8613700000000"},
                {"external_id": "API-2", "name": "诸葛亮"},
            ]
        },
        headers=headers,
    )
    assert bulk.status_code == 200, bulk.get_json()
    csv = tmp_path / "members.csv"
    csv.write_text(
        "external_id,name,email,phone\nM0000003,上官婉儿,wan.er@tang.cn,18800001234\n"
        "CSV-1,慕容复,murong@yan.cn,\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["import", "members", str(csv)])
    assert result.exit_code == 0, result.output
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE members SET name = :n, email = NULL WHERE external_id = 'M0000004'"),
            {"n": "东方不败"},
        )
        conn.execute(text("UPDATE members SET phone = '19900009999' WHERE id % 7 = 0"))
        conn.execute(text("DELETE FROM members WHERE id % 5 = 0 AND external_id LIKE 'M%'"))

    members = raw_members()
    for q, who in [
        ("欧阳", "API-1"),
        ("司马", "M0000001"),
        ("上官", "M0000003"),
        ("慕容", "CSV-1"),
    ]:
        expected_id = int(members.loc[members.external_id == who, "id"].iloc[0])
        assert expected_id in search(viewer_client, q)[0], q
    for gone in ("东方不败"[:2], "99"):
        assert search(viewer_client, gone)[0] == scan(members, gone)
    assert_search_equals_scan(viewer_client, rng, 200)


@pytest.mark.parametrize("q", ["王", "a", "芳", "13", "@g", "mi"])
def test_short_searches_page_backwards_and_filter_like_the_scan(viewer_client, crowd, q):
    members = raw_members()
    expected = scan(members, q)
    first = viewer_client.get("/api/members", query_string={"q": q, "limit": 5}).get_json()
    pages = [first]
    while pages[-1]["next_cursor"]:
        params = {"q": q, "limit": 5, "after": pages[-1]["next_cursor"]}
        pages.append(viewer_client.get("/api/members", query_string=params).get_json())
    forward = [m["id"] for p in pages for m in p["members"]]
    assert forward == expected
    back, cursor = [], pages[-1]["prev_cursor"]
    while cursor:
        params = {"q": q, "limit": 5, "before": cursor}
        body = viewer_client.get("/api/members", query_string=params).get_json()
        back = [m["id"] for m in body["members"]] + back
        cursor = body["prev_cursor"]
    assert back + [m["id"] for m in pages[-1]["members"]] == expected

    with db.engine.connect() as conn:
        tiers = dict(conn.execute(text("SELECT id, tier FROM members")).all())
    gold = [i for i in expected if tiers[i] == "gold"]
    ids, total = search(viewer_client, q, tier="gold")
    assert ids == gold and total == len(gold)
